-- The Shopify stand-in's Admin API and order changes: each order's current timestamps (read by
-- GET /shopify/admin/api/{version}/orders.json) and every event the stand-in raised for it, sent or not.
alter table sandbox.shopify_order
  add column updated_at       timestamptz,
  add column order_created_at timestamptz,
  add column cancelled_at     timestamptz;

update sandbox.shopify_order set
  updated_at       = (body::jsonb ->> 'updated_at')::timestamptz,
  order_created_at = (body::jsonb ->> 'created_at')::timestamptz,
  cancelled_at     = (body::jsonb ->> 'cancelled_at')::timestamptz;

create index shopify_order_updated on sandbox.shopify_order (updated_at, order_id);
create index shopify_order_created on sandbox.shopify_order (order_created_at, order_id);

create table sandbox.shopify_event (
  event_id         text primary key,
  order_id         bigint not null references sandbox.shopify_order (order_id) on delete cascade,
  topic            text not null,
  webhook          text not null check (webhook in ('send', 'skip')),
  deliveries       integer not null,
  order_updated_at timestamptz,
  triggered_at     timestamptz not null,
  body             text not null,
  recorded_at      timestamptz not null default clock_timestamp()
);
create index shopify_event_order on sandbox.shopify_event (order_id, recorded_at);

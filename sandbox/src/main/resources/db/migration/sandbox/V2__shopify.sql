-- What the Shopify stand-in has sent: the orders the channel holds, and every delivery of their webhooks.
create table sandbox.shopify_order (
  order_id     bigint primary key,
  name         text not null,
  order_number integer not null,
  event_id     text not null,
  body         text not null,
  created_at   timestamptz not null default now()
);

create table sandbox.shopify_delivery (
  webhook_id text primary key,
  order_id   bigint not null references sandbox.shopify_order (order_id) on delete cascade,
  topic      text not null,
  status     integer not null,
  latency_ms bigint not null,
  error      text,
  sent_at    timestamptz not null default now()
);
create index shopify_delivery_order on sandbox.shopify_delivery (order_id);

-- The sandbox ERP. Tables are schema-qualified so the SQL holds whatever the connection's search_path.

create table sandbox.erp_item (
  sku         text primary key,
  description text not null,
  active      boolean not null default true
);

create table sandbox.erp_location (
  code text primary key,
  kind text not null check (kind in ('WAREHOUSE', '3PL'))
);

create table sandbox.erp_stock (
  sku      text not null references sandbox.erp_item (sku),
  location text not null references sandbox.erp_location (code),
  on_hand  integer not null check (on_hand >= 0),
  primary key (sku, location)
);

insert into sandbox.erp_location (code, kind) values
  ('WH-EAST', 'WAREHOUSE'), ('WH-WEST', 'WAREHOUSE'), ('3PL-CENTRAL', '3PL');

insert into sandbox.erp_item (sku, description)
select 'SKU-' || lpad(n::text, 4, '0'), 'Sandbox item ' || lpad(n::text, 4, '0')
from generate_series(1, 1000) as n;

-- 100 per warehouse and 50 at the 3PL, except the last ten SKUs: one unit in WH-EAST only,
-- for last-unit demonstrations.
insert into sandbox.erp_stock (sku, location, on_hand)
select 'SKU-' || lpad(n::text, 4, '0'), l.code, case when l.kind = '3PL' then 50 else 100 end
from generate_series(1, 990) as n cross join sandbox.erp_location l;

insert into sandbox.erp_stock (sku, location, on_hand)
select 'SKU-' || lpad(n::text, 4, '0'), 'WH-EAST', 1
from generate_series(991, 1000) as n;

create sequence sandbox.sales_order_number_seq;
create sequence sandbox.credit_memo_number_seq;
create sequence sandbox.journal_entry_number_seq;

create table sandbox.sales_order (
  id                 bigserial primary key,
  document_number    text not null unique,
  -- The ERP's idempotency key: the unique index makes concurrent posts of one reference create one document.
  external_reference text not null unique,
  channel            text not null,
  order_id           text not null,
  status             text not null check (status in ('OPEN', 'CANCELLED', 'FULFILLED')),
  order_date         timestamptz not null,
  currency           char(3) not null,
  shipping_amount    numeric(19, 4) not null,
  shipping_tax       numeric(19, 4) not null,
  total              numeric(19, 4) not null,
  cancel_reason      text,
  cancelled_at       timestamptz,
  created_at         timestamptz not null default now()
);
create index sales_order_channel_order on sandbox.sales_order (channel, order_id);

create table sandbox.sales_order_line (
  sales_order_id bigint not null references sandbox.sales_order (id) on delete cascade,
  line_no        integer not null,
  line_id        text not null,
  sku            text not null references sandbox.erp_item (sku),
  quantity       integer not null check (quantity > 0),
  unit_price     numeric(19, 4) not null,
  discount       numeric(19, 4) not null,
  tax            numeric(19, 4) not null,
  location       text references sandbox.erp_location (code),
  primary key (sales_order_id, line_no)
);

create table sandbox.credit_memo (
  id                    bigserial primary key,
  document_number       text not null unique,
  external_reference    text not null unique,
  sales_order_reference text,
  currency              char(3) not null,
  shipping_amount       numeric(19, 4) not null,
  total                 numeric(19, 4) not null,
  reason                text,
  created_at            timestamptz not null default now()
);
create index credit_memo_sales_order on sandbox.credit_memo (sales_order_reference);

create table sandbox.credit_memo_line (
  credit_memo_id bigint not null references sandbox.credit_memo (id) on delete cascade,
  line_no        integer not null,
  sku            text not null references sandbox.erp_item (sku),
  quantity       integer not null check (quantity > 0),
  amount         numeric(19, 4) not null,
  tax            numeric(19, 4) not null,
  primary key (credit_memo_id, line_no)
);

create table sandbox.journal_entry (
  id              bigserial primary key,
  document_number text not null unique,
  reference       text not null unique,
  posting_date    date not null,
  memo            text,
  created_at      timestamptz not null default now()
);

create table sandbox.journal_line (
  journal_entry_id bigint not null references sandbox.journal_entry (id) on delete cascade,
  line_no          integer not null,
  account          text not null,
  debit            numeric(19, 4) not null check (debit >= 0),
  credit           numeric(19, 4) not null check (credit >= 0),
  currency         char(3) not null,
  memo             text,
  primary key (journal_entry_id, line_no)
);
create index journal_line_account on sandbox.journal_line (account, currency);

-- Posts received per external reference, so a test can tell "posted once" from "posted twice and
-- deduplicated by the ERP".
create table sandbox.erp_post_stat (
  kind      text not null,
  reference text not null,
  posts     bigint not null,
  primary key (kind, reference)
);

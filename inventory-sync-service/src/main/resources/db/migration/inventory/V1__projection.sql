-- One row per SKU ever seen: the lock every change of the SKU takes (so changes of one SKU are applied one
-- at a time, whatever partition brought them) and the position last published.
CREATE TABLE skus (
  sku               text PRIMARY KEY,
  position_hash     text,
  atp               jsonb,
  revision          bigint NOT NULL DEFAULT 0,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- On hand and reserved per SKU and location. on_hand = the last count (base_on_hand, as of base_taken_at)
-- plus every movement recorded after base_taken_at.
CREATE TABLE stock (
  sku               text NOT NULL REFERENCES skus (sku),
  location          text NOT NULL,
  on_hand           integer NOT NULL DEFAULT 0,
  reserved          integer NOT NULL DEFAULT 0,
  base_on_hand      integer,
  base_taken_at     timestamptz,
  base_snapshot_id  text,
  PRIMARY KEY (sku, location)
);

-- Units in and out (shipments, sellable returns), each once by its id, kept so that a count taken before
-- them can be brought forward.
CREATE TABLE stock_movements (
  movement_id       text PRIMARY KEY,
  sku               text NOT NULL,
  location          text NOT NULL,
  delta             integer NOT NULL,
  occurred_at       timestamptz NOT NULL,
  kind              text NOT NULL,
  recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_by_sku ON stock_movements (sku, location, occurred_at);

-- What each order wants of each SKU: ordered by its latest version, shipped so far, and whether it still
-- holds stock: a cancelled order does not, nor one the ERP rejected (until the ERP accepts it after all).
-- Cancelled and rejected are kept apart because acknowledgements travel on another topic than
-- cancellations: an acceptance read after the cancellation must not bring the order back.
CREATE TABLE order_demand (
  channel           text NOT NULL,
  order_id          text NOT NULL,
  sku               text NOT NULL,
  ordered           integer NOT NULL,
  shipped           integer NOT NULL DEFAULT 0,
  cancelled         boolean NOT NULL DEFAULT false,
  rejected          boolean NOT NULL DEFAULT false,
  taken_at          timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, order_id, sku)
);

-- The units each order holds per SKU and location; their sum per SKU and location is stock.reserved.
CREATE TABLE reservations (
  channel           text NOT NULL,
  order_id          text NOT NULL,
  sku               text NOT NULL,
  location          text NOT NULL,
  quantity          integer NOT NULL CHECK (quantity > 0),
  reserved_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, order_id, sku, location)
);
CREATE INDEX reservations_by_sku ON reservations (sku, location, reserved_at);

-- Stock counts received (WMS, 3PL, ERP), once each by id.
CREATE TABLE stock_snapshots (
  snapshot_id       text PRIMARY KEY,
  location          text NOT NULL,
  taken_at          timestamptz NOT NULL,
  content_hash      text NOT NULL,
  items             integer NOT NULL,
  applied           integer NOT NULL,
  source            text NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  completed_at      timestamptz
);

-- Shipments and return receipts applied, once each by id.
CREATE TABLE applied_documents (
  kind              text NOT NULL,
  document_id       text NOT NULL,
  content_hash      text NOT NULL,
  applied_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, document_id)
);

-- Channel rules changed over the API (they override the configured ones), and who changed what.
CREATE TABLE channel_rules (
  channel           text PRIMARY KEY,
  rule              jsonb NOT NULL,
  updated_at        timestamptz NOT NULL,
  updated_by        text NOT NULL
);
CREATE TABLE channel_rule_audit (
  id                bigserial PRIMARY KEY,
  channel           text NOT NULL,
  previous          jsonb,
  rule              jsonb,
  changed_at        timestamptz NOT NULL,
  changed_by        text NOT NULL,
  note              text
);

-- Quantities waiting to be pushed, one row per channel and SKU: a newer quantity replaces the waiting one
-- (coalescing), urgent rows (zero or at the floor) go first, origin_at is the oldest change not yet shown.
CREATE TABLE push_queue (
  channel           text NOT NULL,
  sku               text NOT NULL,
  quantity          integer NOT NULL,
  urgent            boolean NOT NULL,
  origin_at         timestamptz NOT NULL,
  enqueued_at       timestamptz NOT NULL DEFAULT now(),
  attempts          integer NOT NULL DEFAULT 0,
  not_before        timestamptz,
  PRIMARY KEY (channel, sku)
);
CREATE INDEX push_queue_next ON push_queue (channel, urgent DESC, origin_at);

-- What each channel was last told, per SKU (the drift check compares it, the channel and the projection).
CREATE TABLE channel_quantities (
  channel           text NOT NULL,
  sku               text NOT NULL,
  quantity          integer NOT NULL,
  pushed_at         timestamptz NOT NULL,
  PRIMARY KEY (channel, sku)
);

-- One instance drains a channel's queue at a time.
CREATE TABLE push_leases (
  channel           text PRIMARY KEY,
  owner             text NOT NULL,
  lease_until       timestamptz NOT NULL
);

-- What each marketplace stand-in accepted as a SKU's quantity (the quantity the channel last received), and a log
-- of the inventory calls it served, with the request's idempotency key where the API takes one (Shopify's
-- @idempotent), so a repeat of a key is answered from the first call instead of being applied again.
CREATE TABLE sandbox.channel_inventory (
  channel    text        NOT NULL,
  sku        text        NOT NULL,
  quantity   integer     NOT NULL CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (channel, sku)
);

CREATE TABLE sandbox.channel_inventory_push (
  id              bigserial   PRIMARY KEY,
  channel         text        NOT NULL,
  operation       text        NOT NULL,
  idempotency_key text,
  request_id      text,
  request_hash    text,
  response        text,
  skus            integer     NOT NULL,
  accepted        integer     NOT NULL,
  rejected        integer     NOT NULL,
  replayed        boolean     NOT NULL DEFAULT false,
  received_at     timestamptz NOT NULL
);

-- one first call per key; its repeats are logged as replayed rows
CREATE UNIQUE INDEX channel_inventory_push_key ON sandbox.channel_inventory_push (channel, idempotency_key)
  WHERE idempotency_key IS NOT NULL AND NOT replayed;

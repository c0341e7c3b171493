-- Orders as received from channels, one row per (channel, order id): the order-level dedupe key.
CREATE TABLE received_orders (
    channel          text        NOT NULL,
    order_id         text        NOT NULL,
    content_hash     text        NOT NULL,
    correlation_id   text        NOT NULL,
    status           text        NOT NULL,
    document_number  text,
    received_at      timestamptz NOT NULL DEFAULT now(),
    posted_at        timestamptz,
    PRIMARY KEY (channel, order_id)
);
CREATE INDEX received_orders_unposted ON received_orders (received_at) WHERE status = 'RECEIVED';

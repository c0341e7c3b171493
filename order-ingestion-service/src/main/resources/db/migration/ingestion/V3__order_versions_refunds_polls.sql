-- The marketplace's last-modified time of the version applied, so an older update never overwrites a
-- newer one; the cancellation and whether fulfilment had started at the marketplace.
ALTER TABLE received_orders ADD COLUMN version timestamptz;
ALTER TABLE received_orders ADD COLUMN cancelled_at timestamptz;
ALTER TABLE received_orders ADD COLUMN fulfilment_started boolean NOT NULL DEFAULT false;
-- the content of the version last sent to the ERP as a sales order, written before the call: a sales
-- order found there later (after a crash) holds exactly this version
ALTER TABLE received_orders ADD COLUMN posting_hash text;
-- orders taken in before versions were kept: their version is their own last-modified (or creation) time,
-- so a stale redelivery of them is still recognised as stale
UPDATE received_orders
   SET version = coalesce((convert_from(payload, 'UTF8')::jsonb ->> 'updatedAt')::timestamptz,
                          (convert_from(payload, 'UTF8')::jsonb ->> 'createdAt')::timestamptz)
 WHERE payload IS NOT NULL;

-- Refunds as received, one row per (channel, order id, refund id): the refund-level dedupe key.
CREATE TABLE received_refunds (
    channel          text        NOT NULL,
    order_id         text        NOT NULL,
    refund_id        text        NOT NULL,
    content_hash     text        NOT NULL,
    correlation_id   text        NOT NULL,
    status           text        NOT NULL,
    payload          bytea       NOT NULL,
    document_number  text,
    received_at      timestamptz NOT NULL DEFAULT now(),
    posted_at        timestamptz,
    PRIMARY KEY (channel, order_id, refund_id)
);

-- One row per polled channel account: the watermark (the latest last-modified time durably handled) and
-- the run in progress (where it started reading, the cursor of the next page, the latest time seen so far).
CREATE TABLE poll_state (
    account          text        PRIMARY KEY,
    channel          text        NOT NULL,
    watermark        timestamptz,
    run_since        timestamptz,
    run_cursor       text,
    run_latest       timestamptz,
    run_started_at   timestamptz,
    run_pages        integer     NOT NULL DEFAULT 0,
    last_success_at  timestamptz,
    last_error       text,
    last_error_at    timestamptz,
    lease_owner      text,
    lease_until      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Orders a marketplace wants acknowledged once the ERP accepted them (Walmart's Created purchase orders).
CREATE TABLE marketplace_acks (
    account          text        NOT NULL,
    channel          text        NOT NULL,
    order_id         text        NOT NULL,
    raw              bytea,
    marketplace_status text,
    status           text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    done_at          timestamptz,
    PRIMARY KEY (account, order_id)
);
CREATE INDEX marketplace_acks_pending ON marketplace_acks (created_at) WHERE status = 'PENDING';

-- sync-core tables, created in every service's own schema (search_path = the service's schema).

CREATE TABLE idempotency_keys (
    scope        text        NOT NULL,
    key          text        NOT NULL,
    status       text        NOT NULL,
    result_ref   text,
    first_seen   timestamptz NOT NULL DEFAULT now(),
    last_seen    timestamptz NOT NULL DEFAULT now(),
    seen_count   integer     NOT NULL DEFAULT 1,
    PRIMARY KEY (scope, key)
);

CREATE TABLE outbox (
    id              bigserial   PRIMARY KEY,
    topic           text        NOT NULL,
    record_key      text        NOT NULL,
    event_id        text        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    source          text        NOT NULL,
    event_time      timestamptz NOT NULL,
    idempotency_key text,
    correlation_id  text,
    channel         text,
    schema_version  text        NOT NULL,
    payload         bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz
);
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE TABLE exceptions (
    id             uuid        PRIMARY KEY,
    type           text        NOT NULL,
    reason         text        NOT NULL,
    status         text        NOT NULL,
    channel        text,
    order_id       text,
    sku            text,
    correlation_id text,
    source_key     text        UNIQUE,
    replay_kind    text,
    replay_target  text,
    payload        text,
    payload_headers text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exceptions_status_type ON exceptions (status, type);
CREATE INDEX exceptions_order ON exceptions (channel, order_id);

CREATE TABLE exception_audit (
    id           bigserial   PRIMARY KEY,
    exception_id uuid        NOT NULL REFERENCES exceptions (id),
    action       text        NOT NULL,
    actor        text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    note         text
);
CREATE INDEX exception_audit_entry ON exception_audit (exception_id);

CREATE TABLE lineage_orders (
    channel        text        NOT NULL,
    order_id       text        NOT NULL,
    correlation_id text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, order_id)
);

CREATE TABLE lineage_events (
    id           bigserial   PRIMARY KEY,
    channel      text        NOT NULL,
    order_id     text        NOT NULL,
    type         text        NOT NULL,
    at           timestamptz NOT NULL,
    service      text        NOT NULL,
    reference    text,
    dedupe_key   text        NOT NULL UNIQUE
);
CREATE INDEX lineage_events_order ON lineage_events (channel, order_id);

CREATE TABLE lineage_documents (
    channel         text        NOT NULL,
    order_id        text        NOT NULL,
    document_number text        NOT NULL,
    kind            text        NOT NULL,
    posted_at       timestamptz NOT NULL,
    PRIMARY KEY (channel, order_id, document_number)
);

-- Every event settlement-service has consumed, keyed by CloudEvent id: a redelivery of the same
-- event updates seen_count instead of adding a row, so it is counted once.
CREATE TABLE seen_events (
    event_id         text        PRIMARY KEY,
    topic            text        NOT NULL,
    event_type       text        NOT NULL,
    record_key       text        NOT NULL,
    source           text        NOT NULL,
    channel          text,
    correlation_id   text,
    idempotency_key  text,
    event_time       timestamptz NOT NULL,
    kafka_partition  integer     NOT NULL,
    kafka_offset     bigint      NOT NULL,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    seen_count       integer     NOT NULL DEFAULT 1
);
CREATE INDEX seen_events_key ON seen_events (record_key);

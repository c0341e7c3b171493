-- Events a service has consumed, keyed by CloudEvent id: a redelivery (after a rebalance or a crash
-- before the offset commit) updates seen_count instead of adding a row, so it is counted once.
CREATE TABLE consumed_events (
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
CREATE INDEX consumed_events_key ON consumed_events (record_key);

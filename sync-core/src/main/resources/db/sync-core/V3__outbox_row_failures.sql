-- A row Kafka refuses for good (too large, an invalid header) is set aside instead of blocking every row
-- after it: attempts and the last error say what happened, parked_at takes it out of the relay's work
-- until operations replay it from the exception queue. Transient failures only count attempts.
ALTER TABLE outbox ADD COLUMN attempts   integer     NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error text;
ALTER TABLE outbox ADD COLUMN parked_at  timestamptz;

DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_parked ON outbox (parked_at) WHERE parked_at IS NOT NULL;

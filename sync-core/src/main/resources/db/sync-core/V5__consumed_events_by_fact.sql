-- A fact republished under a new event id (a replay from the exception queue) is still one fact: consumers
-- recognise it by topic, event type and idempotency key as well as by event id.
CREATE UNIQUE INDEX consumed_events_fact ON consumed_events (topic, event_type, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

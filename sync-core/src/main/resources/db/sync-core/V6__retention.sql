-- Indexes the retention purge walks (each batch selects its oldest rows by these), and audit rows that go
-- with their exception entry.
CREATE INDEX idempotency_keys_completed ON idempotency_keys (scope, last_seen) WHERE status = 'COMPLETED';
CREATE INDEX consumed_events_last_seen ON consumed_events (last_seen_at);
CREATE INDEX lineage_events_at ON lineage_events (at);
CREATE INDEX lineage_documents_posted ON lineage_documents (posted_at);
CREATE INDEX lineage_orders_created ON lineage_orders (created_at);
CREATE INDEX exceptions_closed ON exceptions (updated_at) WHERE status <> 'OPEN';

ALTER TABLE exception_audit DROP CONSTRAINT exception_audit_exception_id_fkey;
ALTER TABLE exception_audit ADD CONSTRAINT exception_audit_exception_id_fkey
    FOREIGN KEY (exception_id) REFERENCES exceptions (id) ON DELETE CASCADE;

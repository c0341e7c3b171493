-- Each content change of a stored order gets the next revision: the idempotency key of its ERP edit
-- carries it, so content seen before (A, then B, then A again within one second of marketplace time)
-- is applied again instead of being taken for the edit already done.
ALTER TABLE received_orders ADD COLUMN revision bigint NOT NULL DEFAULT 0;

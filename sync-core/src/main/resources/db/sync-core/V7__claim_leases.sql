-- A claim is a lease: who holds it and until when. A consumer that lost its partitions in the middle of a
-- long ERP call still holds its claims until the lease runs out, so another consumer does not post the
-- same document meanwhile; after that, whoever takes the claim over looks the document up first.
ALTER TABLE idempotency_keys ADD COLUMN owner       text;
ALTER TABLE idempotency_keys ADD COLUMN lease_until timestamptz;

-- Exception payloads are the bytes that arrived: a body with a NUL byte (which PostgreSQL text cannot hold)
-- or with invalid UTF-8 must be filed, not turn the filing itself into a failure.
ALTER TABLE exceptions ALTER COLUMN payload TYPE bytea USING convert_to(payload, 'UTF8');

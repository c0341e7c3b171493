-- The canonical order as received, so an order left unposted (its event dead-lettered, its claim held by
-- a consumer that died) can be posted again by the sweeper without its Kafka record.
ALTER TABLE received_orders ADD COLUMN payload bytea;

-- The live instances of this service, by heartbeat: what several replicas share (an ERP's rate budget,
-- say) is divided among those that beat within the expiry.
CREATE TABLE service_instances (
    instance_id  text        PRIMARY KEY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- Webhook subscriptions: a client's URL receives the change-feed entries the
-- client may read. `after_seq` is the last feed entry fanned out to it;
-- `failing_since` the first failure since its last success (neither is part
-- of the representation, so neither bumps `version`).
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES api_clients (id),
    url TEXT NOT NULL,
    types TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    disabled_reason TEXT,
    secret TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    after_seq BIGINT NOT NULL DEFAULT 0,
    failing_since TIMESTAMP
);
CREATE INDEX webhooks_client_idx ON webhooks (client_id);

-- One message to one subscription, and the outcome of its latest attempt.
-- Pending rows are claimed by one instance at a time (`claimed_until`).
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    seq BIGINT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP,
    claimed_until TIMESTAMP,
    last_attempt_at TIMESTAMP,
    response_status INTEGER,
    duration_ms INTEGER,
    error TEXT,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id);

-- Clients and webhook subscriptions keep their rendered representation too
-- (see 2026-11-29-000003_docs): lists copy it. NULL until written; the
-- service fills it in at start-up.
ALTER TABLE api_clients ADD COLUMN doc TEXT;
ALTER TABLE webhooks ADD COLUMN doc TEXT;

-- Tokens issued before this instant are refused (secret rotation, deactivation).
ALTER TABLE api_clients ADD COLUMN tokens_valid_after TIMESTAMP;
-- One row that readiness writes to, to learn whether the database takes writes.
CREATE TABLE health_probe (id INTEGER PRIMARY KEY NOT NULL, probed_at TIMESTAMP NOT NULL);
INSERT INTO health_probe (id, probed_at) VALUES (1, CURRENT_TIMESTAMP);

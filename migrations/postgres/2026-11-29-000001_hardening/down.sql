DROP TABLE health_probe;
ALTER TABLE api_clients DROP COLUMN tokens_valid_after;

DROP TABLE idempotency_keys;
DROP TABLE audit_log;
DROP TABLE api_clients;
DROP TABLE areas;

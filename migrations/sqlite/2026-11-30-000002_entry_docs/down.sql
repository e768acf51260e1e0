ALTER TABLE audit_log DROP COLUMN doc;
ALTER TABLE changes DROP COLUMN doc;
ALTER TABLE survey_responses DROP COLUMN doc;

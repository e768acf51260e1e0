-- Survey responses, change-feed entries and audit entries are written once
-- and never changed, so each keeps the JSON its list answers, rendered when it
-- is written (the feed's `seq` and admins-only `actor` and the audit `id` are
-- added when read). The database checks it is JSON, so reads copy it as it
-- is. NULL for rows written before (rendered from their columns when read).
ALTER TABLE survey_responses ADD COLUMN doc TEXT CHECK (doc IS NULL OR json_valid(doc));
ALTER TABLE changes ADD COLUMN doc TEXT CHECK (doc IS NULL OR json_valid(doc));
ALTER TABLE audit_log ADD COLUMN doc TEXT CHECK (doc IS NULL OR json_valid(doc));

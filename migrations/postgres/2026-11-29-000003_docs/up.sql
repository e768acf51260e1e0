-- The rendered representation of each versioned resource, kept by the write
-- path so that lists copy it instead of rebuilding it; NULL until written
-- (the service fills it in at start-up).
ALTER TABLE areas ADD COLUMN doc TEXT;
ALTER TABLE events ADD COLUMN doc TEXT;
ALTER TABLE proposals ADD COLUMN doc TEXT;
ALTER TABLE surveys ADD COLUMN doc TEXT;

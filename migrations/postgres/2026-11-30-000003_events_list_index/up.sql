-- SQLite only (see its migration): a PostgreSQL B-tree entry holds at most
-- about 2.7 kB, less than an event's stored JSON may take, so the event list
-- keeps its (starts_on, id) index here. Kept so both backends list the same
-- migrations.
SELECT 1;

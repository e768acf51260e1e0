CREATE INDEX events_starts_on_idx ON events (starts_on, id);
DROP INDEX events_list_idx;

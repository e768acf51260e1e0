-- Nothing to undo: the migration changes only SQLite.
SELECT 1;

-- The change feed: one row per committed change, in commit order (seq).
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    version INTEGER,
    changed_at TIMESTAMP NOT NULL,
    actor TEXT,
    area_code TEXT,
    survey_id TEXT,
    resource TEXT
);
CREATE INDEX changes_changed_at_idx ON changes (changed_at);
CREATE INDEX changes_kind_seq_idx ON changes (kind, seq);
-- The response listing's `after`: the stored-response entries of one survey.
CREATE INDEX changes_survey_seq_idx ON changes (survey_id, seq);

-- The highest seq retention has removed (one row, id 1): an `after` below it
-- may have missed changes.
CREATE TABLE changes_horizon (
    id INTEGER PRIMARY KEY NOT NULL,
    pruned_through INTEGER NOT NULL
);

-- Surveys, their responses, and the per-value counts that results read.
CREATE TABLE surveys (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    questions TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- seq: insert order (rowid, appends); id: UUIDv7 (time-ordered, appends too).
-- event_id has no foreign key: events live in another module (checked in code).
CREATE TABLE survey_responses (
    seq INTEGER PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE,
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    client_id TEXT NOT NULL,
    external_id TEXT,
    event_id TEXT,
    area_code TEXT NOT NULL REFERENCES areas (code),
    submitted_at TIMESTAMP NOT NULL,
    answers TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX survey_responses_external_idx
    ON survey_responses (client_id, survey_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX survey_responses_list_idx ON survey_responses (survey_id, area_code, seq);

-- Respondents (question_code '*') and answers per value, maintained in the
-- same transaction as every insert and erasure; results never scan responses.
CREATE TABLE response_counts (
    survey_id TEXT NOT NULL,
    area_code TEXT NOT NULL,
    event_key TEXT NOT NULL,
    day DATE NOT NULL,
    question_code TEXT NOT NULL,
    value TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey_id, area_code, event_key, day, question_code, value)
) WITHOUT ROWID;

-- The same counters without the day: what results read when no date range is
-- asked (the common case), a few rows per area, event and value.
CREATE TABLE response_totals (
    survey_id TEXT NOT NULL,
    area_code TEXT NOT NULL,
    event_key TEXT NOT NULL,
    question_code TEXT NOT NULL,
    value TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey_id, area_code, event_key, question_code, value)
) WITHOUT ROWID;

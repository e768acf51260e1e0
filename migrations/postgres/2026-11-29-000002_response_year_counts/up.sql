-- The counters of response_counts summed per calendar year of submitted_at:
-- what results read for the callers whose results are suppressed, who may
-- only ask for whole years (a few rows per area, event and value per year).
CREATE TABLE response_year_counts (
    survey_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    area_code TEXT NOT NULL,
    event_key TEXT NOT NULL,
    question_code TEXT NOT NULL,
    value TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey_id, year, area_code, event_key, question_code, value)
);

INSERT INTO response_year_counts (survey_id, year, area_code, event_key, question_code, value, count)
SELECT survey_id, CAST(EXTRACT(YEAR FROM day) AS INTEGER), area_code, event_key, question_code, value, SUM(count)
FROM response_counts
GROUP BY survey_id, CAST(EXTRACT(YEAR FROM day) AS INTEGER), area_code, event_key, question_code, value;

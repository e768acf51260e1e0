-- A survey's responses in stored order (the listing and the CSV export of a
-- whole survey): without it each page sorted the rest of the survey.
CREATE INDEX survey_responses_seq_idx ON survey_responses (survey_id, seq);

DROP INDEX survey_responses_seq_idx;

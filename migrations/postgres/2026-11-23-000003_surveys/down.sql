DROP TABLE response_totals;
DROP TABLE response_counts;
DROP TABLE survey_responses;
DROP TABLE surveys;

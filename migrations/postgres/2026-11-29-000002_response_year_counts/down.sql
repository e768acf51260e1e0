DROP TABLE response_year_counts;

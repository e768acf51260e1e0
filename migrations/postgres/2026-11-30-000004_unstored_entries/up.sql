-- Responses, feed and audit entries written before their JSON was kept get it
-- at start-up (`db::backfill`). These indexes hold only such rows, so that a
-- start finds them (or that there are none) without reading whole tables;
-- new rows store their JSON and never enter them.
CREATE INDEX survey_responses_without_doc_idx ON survey_responses (seq) WHERE doc IS NULL;
CREATE INDEX changes_without_doc_idx ON changes (seq) WHERE doc IS NULL;
CREATE INDEX audit_log_without_doc_idx ON audit_log (id) WHERE doc IS NULL;

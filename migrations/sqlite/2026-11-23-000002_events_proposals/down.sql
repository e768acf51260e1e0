DROP TABLE proposal_endorsements;
DROP TABLE proposal_areas;
DROP TABLE proposal_events;
DROP TABLE proposals;
DROP TABLE events;

-- Events (workshops), development proposals, their links and endorsements.
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT,
    title_en TEXT,
    area_code TEXT NOT NULL REFERENCES areas (code),
    city_fi TEXT,
    city_sv TEXT,
    city_en TEXT,
    venue TEXT,
    starts_on DATE NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL,
    registered_count INTEGER,
    attended_count INTEGER,
    attended_is_estimate BOOLEAN NOT NULL DEFAULT 0,
    workshop_participants INTEGER,
    description_fi TEXT,
    description_sv TEXT,
    description_en TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX events_starts_on_idx ON events (starts_on, id);
CREATE INDEX events_area_idx ON events (area_code, starts_on);

CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT,
    title_en TEXT,
    description_fi TEXT,
    description_sv TEXT,
    description_en TEXT,
    category TEXT NOT NULL,
    tier INTEGER NOT NULL,
    status TEXT NOT NULL,
    parent_id TEXT REFERENCES proposals (id),
    selected_order INTEGER UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX proposals_parent_idx ON proposals (parent_id);
CREATE INDEX proposals_report_idx ON proposals (category, tier, status);

CREATE TABLE proposal_events (
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    event_id TEXT NOT NULL REFERENCES events (id),
    PRIMARY KEY (proposal_id, event_id)
);
CREATE INDEX proposal_events_event_idx ON proposal_events (event_id);

CREATE TABLE proposal_areas (
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    area_code TEXT NOT NULL REFERENCES areas (code),
    PRIMARY KEY (proposal_id, area_code)
);
CREATE INDEX proposal_areas_area_idx ON proposal_areas (area_code);

CREATE TABLE proposal_endorsements (
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    area_code TEXT NOT NULL REFERENCES areas (code),
    client_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, area_code)
);

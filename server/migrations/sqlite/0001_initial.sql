-- Porchlight's first schema. Times are UTC: INTEGER unix seconds, or RFC 3339 TEXT
-- where the exact input must round-trip (a request's time frame).

CREATE TABLE agencies (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    jurisdiction  TEXT    NOT NULL,
    region        TEXT    NOT NULL,
    center_lat    REAL    NOT NULL,
    center_lng    REAL    NOT NULL,
    contact_email TEXT,
    contact_phone TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT    NOT NULL,
    -- argon2id PHC string
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('resident', 'agency_staff', 'admin')),
    agency_id     INTEGER REFERENCES agencies (id),
    hide_requests INTEGER NOT NULL DEFAULT 0 CHECK (hide_requests IN (0, 1)),
    created_at    INTEGER NOT NULL,
    -- staff belong to exactly one agency; nobody else belongs to one
    CHECK ((role = 'agency_staff') = (agency_id IS NOT NULL))
);

-- Only the SHA-256 of a session token is stored: a copy of the database signs nobody in.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed sign-ins per (lower-cased) email, for throttling; kept in the database so that
-- several server instances share it.
CREATE TABLE login_failures (
    email        TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER
);

-- A published Request for Assistance. Never updated, never deleted (triggers below).
CREATE TABLE requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    author_id     INTEGER REFERENCES accounts (id),
    incident_type TEXT    NOT NULL,
    case_number   TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    contact_email TEXT,
    contact_phone TEXT,
    time_start    TEXT    NOT NULL,
    time_end      TEXT    NOT NULL,
    -- GeoJSON Polygon, closed, counter-clockwise
    area_geojson  TEXT    NOT NULL,
    area_m2       REAL    NOT NULL,
    -- bounding box of the area, degrees
    west          REAL    NOT NULL,
    south         REAL    NOT NULL,
    east          REAL    NOT NULL,
    north         REAL    NOT NULL,
    created_at    INTEGER NOT NULL,
    CHECK (west <= east AND south <= north)
);
CREATE INDEX requests_newest ON requests (created_at DESC, id DESC);
CREATE INDEX requests_by_agency ON requests (agency_id, created_at DESC, id DESC);
CREATE INDEX requests_by_case ON requests (agency_id, case_number);

-- Spatial index of the areas' bounding boxes (32-bit floats, rounded outwards: the
-- exact columns above decide).
CREATE VIRTUAL TABLE request_areas USING rtree (id, west, east, south, north);

CREATE TRIGGER requests_refuse_update BEFORE UPDATE ON requests
BEGIN
    SELECT RAISE(ABORT, 'request_immutable: a published request cannot be changed');
END;
CREATE TRIGGER requests_refuse_delete BEFORE DELETE ON requests
BEGIN
    SELECT RAISE(ABORT, 'request_immutable: a published request cannot be deleted');
END;

-- The one-time resolution of a request: append-only.
CREATE TABLE resolutions (
    request_id  INTEGER PRIMARY KEY REFERENCES requests (id),
    note        TEXT,
    resolved_by INTEGER REFERENCES accounts (id),
    resolved_at INTEGER NOT NULL
);

CREATE TRIGGER resolutions_refuse_update BEFORE UPDATE ON resolutions
BEGIN
    SELECT RAISE(ABORT, 'request_immutable: a resolution cannot be changed');
END;
CREATE TRIGGER resolutions_refuse_delete BEFORE DELETE ON resolutions
BEGIN
    SELECT RAISE(ABORT, 'request_immutable: a resolution cannot be deleted');
END;

-- Whether `--demo` already seeded this database.
CREATE TABLE seeds (
    name      TEXT    PRIMARY KEY,
    seeded_at INTEGER NOT NULL
);

-- Per-agency figures of the profile's statistics and the directory, kept by triggers
-- (as SQLite's migration 0004): a profile reads a few rows instead of counting every
-- request of the agency. Requests and resolutions are only ever inserted, so counting
-- inserts is exact; triggers also follow bulk loads and raw INSERTs.

CREATE TABLE agency_totals (
    agency_id BIGINT PRIMARY KEY REFERENCES agencies (id),
    requests  BIGINT NOT NULL,
    resolved  BIGINT NOT NULL,
    -- first and last publication time, unix seconds
    first_at  BIGINT NOT NULL,
    last_at   BIGINT NOT NULL
);

-- Requests per calendar month (UTC, 'YYYY-MM').
CREATE TABLE agency_months (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    month     TEXT   NOT NULL,
    requests  BIGINT NOT NULL,
    PRIMARY KEY (agency_id, month)
);

CREATE TABLE agency_incident_types (
    agency_id     BIGINT NOT NULL REFERENCES agencies (id),
    incident_type TEXT   NOT NULL,
    requests      BIGINT NOT NULL,
    PRIMARY KEY (agency_id, incident_type)
);

-- The calendar month (UTC) of a unix time, as SQLite's strftime('%Y-%m', t, 'unixepoch').
CREATE FUNCTION utc_month(t BIGINT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_char(to_timestamp(t) AT TIME ZONE 'UTC', 'YYYY-MM') $$;

-- The length of a time frame in seconds. RFC 3339 times always carry their offset
-- (the domain crate refuses others), so the result depends on neither the session's
-- time zone nor its date style: IMMUTABLE holds, and the length can be indexed.
CREATE FUNCTION request_frame_secs(time_start TEXT, time_end TEXT) RETURNS DOUBLE PRECISION
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT extract(epoch FROM (time_end::timestamptz - time_start::timestamptz))::float8 $$;

CREATE FUNCTION requests_count_for_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agency_totals AS t (agency_id, requests, resolved, first_at, last_at)
    VALUES (NEW.agency_id, 1, 0, NEW.created_at, NEW.created_at)
    ON CONFLICT (agency_id) DO UPDATE SET
        requests = t.requests + 1,
        first_at = least(t.first_at, excluded.first_at),
        last_at = greatest(t.last_at, excluded.last_at);
    INSERT INTO agency_months AS m (agency_id, month, requests)
    VALUES (NEW.agency_id, utc_month(NEW.created_at), 1)
    ON CONFLICT (agency_id, month) DO UPDATE SET requests = m.requests + 1;
    INSERT INTO agency_incident_types AS i (agency_id, incident_type, requests)
    VALUES (NEW.agency_id, NEW.incident_type, 1)
    ON CONFLICT (agency_id, incident_type) DO UPDATE SET requests = i.requests + 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER requests_count_for_agency AFTER INSERT ON requests FOR EACH ROW
    EXECUTE FUNCTION requests_count_for_agency();

CREATE FUNCTION resolutions_count_for_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agency_totals SET resolved = resolved + 1
    WHERE agency_id = (SELECT agency_id FROM requests WHERE id = NEW.request_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER resolutions_count_for_agency AFTER INSERT ON resolutions FOR EACH ROW
    EXECUTE FUNCTION resolutions_count_for_agency();

-- Medians as the middle one or two entries of an index walked in order.
CREATE INDEX requests_by_agency_area ON requests (agency_id, area_m2);
CREATE INDEX requests_by_agency_frame ON requests (agency_id, request_frame_secs(time_start, time_end));

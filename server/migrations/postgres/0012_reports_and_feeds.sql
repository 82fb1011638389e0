-- Each agency's IANA time zone (issue 17), as SQLite's 0011: its annual reports count
-- months and hours in it. Checked against the tz database by the server
-- (porchlight_domain::time_zone); agencies made before zones existed are in UTC.
ALTER TABLE agencies ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'
    CHECK (length(time_zone) BETWEEN 1 AND 64);

-- The demo's agencies are in Oregon.
UPDATE agencies SET time_zone = 'America/Los_Angeles'
WHERE slug IN ('demo-city-police', 'demo-county-sheriff', 'demo-transit-police');

-- An RFC 3339 time (a time frame's start or end) as unix seconds, rounded down, as
-- SQLite's unixepoch() gives it. RFC 3339 times always carry their offset, so the
-- result depends on neither the session's time zone nor its date style (IMMUTABLE
-- holds, as for request_frame_secs in 0003).
CREATE FUNCTION rfc3339_unix(t TEXT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT floor(extract(epoch FROM t::timestamptz))::int8 $$;

-- The Atom feeds list resolutions as entries of their own, newest first, also those of
-- requests older than the feed's newest requests: walked in this order.
CREATE INDEX resolutions_newest ON resolutions (resolved_at DESC, request_id DESC);

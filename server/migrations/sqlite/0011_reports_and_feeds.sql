-- Each agency's IANA time zone (issue 17): its annual reports count months and hours
-- in it. Checked against the tz database by the server (porchlight_domain::time_zone),
-- which SQLite does not have; agencies made before zones existed are in UTC.
ALTER TABLE agencies ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'
    CHECK (length(time_zone) BETWEEN 1 AND 64);

-- The demo's agencies are in Oregon.
UPDATE agencies SET time_zone = 'America/Los_Angeles'
WHERE slug IN ('demo-city-police', 'demo-county-sheriff', 'demo-transit-police');

-- The Atom feeds list resolutions as entries of their own, newest first, also those of
-- requests older than the feed's newest requests: walked in this order.
CREATE INDEX resolutions_newest ON resolutions (resolved_at DESC, request_id DESC);

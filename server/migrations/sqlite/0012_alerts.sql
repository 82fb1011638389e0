-- Email alerts (issue 17). A subscription watches an area (a GeoJSON polygon of at
-- most 50 sq mi, `west`..`north` its box; `east` is above 180 for an area across the
-- ±180° meridian, see porchlight_domain::alert::AlertArea) or one agency, optionally
-- only some incident types (a JSON array of codes; NULL for all).
--
-- Double opt-in: nothing is sent but the confirmation email until `confirmed_at` is
-- set through `confirm_token`, which works once (it is cleared) and only until
-- `confirm_expires_at`. `manage_token` is in every email (the manage page and the
-- one-click unsubscribe), `feed_token` names the subscription's Atom feed, which can be
-- shared without giving the power to unsubscribe. Unsubscribing deletes the row (and
-- its outbox rows): an address is not kept.
--
-- `bounces` counts deliveries the mail server refused for good; at the server's limit
-- `disabled_at` is set and nothing more is sent.
CREATE TABLE alert_subscriptions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    email              TEXT    NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    agency_id          INTEGER REFERENCES agencies (id),
    area_geojson       TEXT,
    area_m2            REAL,
    west               REAL,
    south              REAL,
    east               REAL,
    north              REAL,
    incident_types     TEXT,
    manage_token       TEXT    NOT NULL UNIQUE,
    feed_token         TEXT    NOT NULL UNIQUE,
    confirm_token      TEXT    UNIQUE,
    confirm_expires_at INTEGER NOT NULL,
    confirmed_at       INTEGER,
    bounces            INTEGER NOT NULL DEFAULT 0 CHECK (bounces >= 0),
    disabled_at        INTEGER,
    created_at         INTEGER NOT NULL,
    CHECK ((agency_id IS NULL) <> (area_geojson IS NULL)),
    CHECK (area_geojson IS NULL OR (west IS NOT NULL AND south IS NOT NULL
        AND east IS NOT NULL AND north IS NOT NULL AND area_m2 IS NOT NULL))
);

-- Matching a published request: the agency's subscriptions, and the areas whose box
-- meets the request's (by south and north first; areas are small).
CREATE INDEX alert_subscriptions_by_agency ON alert_subscriptions (agency_id)
    WHERE agency_id IS NOT NULL;
CREATE INDEX alert_subscriptions_by_box ON alert_subscriptions (south, north, west, east)
    WHERE area_geojson IS NOT NULL;

-- Emails to send: a confirmation (`request_id` NULL) or an alert about a published
-- request, written in the transaction that publishes it, at most once per
-- subscription and request. Any server instance drains it: a worker claims rows by
-- setting `lease_owner` and `lease_until` (a row whose lease ran out is claimable
-- again), sends, and sets `sent_at`. A failed send is retried at `next_attempt_at`,
-- later after each attempt; a refusal for good sets `failed_at`.
CREATE TABLE alert_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
    request_id      INTEGER REFERENCES requests (id),
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner     TEXT,
    lease_until     INTEGER,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT,
    UNIQUE (subscription_id, request_id)
);

-- The rows still to send, in the order they are claimed.
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, id)
    WHERE sent_at IS NULL AND failed_at IS NULL;

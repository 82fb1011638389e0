-- Spatial *and* time index of published requests: each request's bounding box plus its
-- publication time (unix seconds) as a third dimension. The feed's usual question —
-- "in this view, published since …" — is then one R*Tree search instead of a search by
-- area followed by a row lookup for every request ever posted there.
-- R*Tree coordinates are 32-bit floats rounded outwards (publication times to within
-- ~2 minutes): a coarse filter only; the exact columns of `requests` decide.
CREATE VIRTUAL TABLE request_extents USING rtree (
    id,
    west, east,
    south, north,
    created_min, created_max
);

INSERT INTO request_extents (id, west, east, south, north, created_min, created_max)
SELECT id, west, east, south, north, created_at, created_at FROM requests;

-- The index follows the table by itself, so no code path (bulk seeding, a raw INSERT)
-- can forget it. Requests are never updated or deleted (0001's triggers): INSERT is
-- the only event to follow.
CREATE TRIGGER requests_index_extent AFTER INSERT ON requests
BEGIN
    INSERT INTO request_extents (id, west, east, south, north, created_min, created_max)
    VALUES (new.id, new.west, new.east, new.south, new.north, new.created_at, new.created_at);
END;

-- Replaced by `request_extents`.
DROP TABLE request_areas;

-- For boxes holding many requests (a zoomed-out map): read requests newest first and
-- check each one's box without touching the table, until a page is full.
CREATE INDEX requests_newest_extent ON requests (created_at DESC, id DESC, west, east, south, north);

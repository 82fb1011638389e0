-- Spatial index of published requests' bounding boxes, kept in sync by a trigger.
-- (Publication time as a third dimension was tried and measured: in seconds it dwarfs
-- degrees, so every node split along time and a box search visited the whole tree.)
-- R*Tree coordinates are 32-bit floats rounded outwards: a coarse filter only; the
-- exact columns of `requests` decide.
CREATE VIRTUAL TABLE request_extents USING rtree (id, west, east, south, north);

INSERT INTO request_extents (id, west, east, south, north)
SELECT id, west, east, south, north FROM requests;

-- The index follows the table by itself, so no code path (bulk seeding, a raw INSERT)
-- can forget it. Requests are never updated or deleted (0001's triggers): INSERT is
-- the only event to follow.
CREATE TRIGGER requests_index_extent AFTER INSERT ON requests
BEGIN
    INSERT INTO request_extents (id, west, east, south, north)
    VALUES (new.id, new.west, new.east, new.south, new.north);
END;

-- Replaced by `request_extents` (indexed by the trigger instead of by hand).
DROP TABLE request_areas;

-- For boxes holding many requests (a zoomed-out map): read requests newest first and
-- check each one's box without touching the table, until a page is full.
CREATE INDEX requests_newest_extent ON requests (created_at DESC, id DESC, west, east, south, north);

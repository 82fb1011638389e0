-- The spatial index follows the requests table by itself: every published request's
-- bounding box enters `request_areas` in the same statement that stores the request, so
-- no code path (bulk seeding, a future PostgreSQL port, a raw INSERT) can forget it.
-- Requests are never updated or deleted (0001's triggers), so INSERT is the only event.
CREATE TRIGGER requests_index_area AFTER INSERT ON requests
BEGIN
    INSERT INTO request_areas (id, west, east, south, north)
    VALUES (new.id, new.west, new.east, new.south, new.north);
END;

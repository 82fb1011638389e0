-- The bbox feed's index: each request's bounding box and publication time in one
-- R*Tree, searched newest first by the query function `newest_in_box`
-- (server/src/db/newest_in_box.rs), which orders the search by time so that a page
-- reads about as many entries as it shows, however many requests the box holds.
--
-- 32-bit integers, so that time is exact and a scale is chosen, not inherited
-- (0003's note: seconds against degrees made every node split along time). Degrees
-- are stored in millionths, rounded outwards (truncated, then widened by one): a
-- coarse filter only, the exact columns of `requests` decide. Times are unix seconds
-- minus 2^31, exact from 1970 to 2106; other times are refused rather than wrapped.
CREATE VIRTUAL TABLE request_extent_times USING rtree_i32 (
    id, west, east, south, north, published_min, published_max
);

-- Chronological order, as requests arrive: the tree gets the shape inserts give it.
INSERT INTO request_extent_times (id, west, east, south, north, published_min, published_max)
SELECT id, CAST(west * 1e6 AS INTEGER) - 1, CAST(east * 1e6 AS INTEGER) + 1,
       CAST(south * 1e6 AS INTEGER) - 1, CAST(north * 1e6 AS INTEGER) + 1,
       created_at - 2147483648, created_at - 2147483648
FROM requests ORDER BY id;

-- Kept in sync like `request_extents` (0003): requests are only ever inserted.
CREATE TRIGGER requests_index_extent_time AFTER INSERT ON requests
BEGIN
    SELECT RAISE(ABORT, 'request_time_out_of_range: published before 1970 or after 2106')
    WHERE new.created_at NOT BETWEEN 0 AND 4294967295;
    INSERT INTO request_extent_times (id, west, east, south, north, published_min, published_max)
    VALUES (new.id, CAST(new.west * 1e6 AS INTEGER) - 1, CAST(new.east * 1e6 AS INTEGER) + 1,
            CAST(new.south * 1e6 AS INTEGER) - 1, CAST(new.north * 1e6 AS INTEGER) + 1,
            new.created_at - 2147483648, new.created_at - 2147483648);
END;

-- The feed no longer scans newest first checking boxes (0003's dense-box plan).
DROP INDEX requests_newest_extent;

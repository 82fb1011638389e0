-- Each request's bounding box and publication time in one R*Tree, replacing 0003's
-- boxes alone. The bbox feed searches it newest first with the query function
-- `newest_in_box` (server/src/db/extent_times.rs), so that a page reads about as many
-- entries as it shows, however many requests the box holds; the grid leaves out what
-- was published before `since` in the tree itself.
--
-- 32-bit integers, so that time is exact and a scale is chosen, not inherited
-- (0003's note: seconds against degrees made every node split along time). Degrees
-- are stored in millionths, rounded outwards (truncated, then widened by one): a
-- coarse filter only, the exact columns of `requests` decide. Times are unix seconds
-- minus 2^31, exact from 1970 to 2106; other times are refused rather than wrapped.
CREATE VIRTUAL TABLE request_extent_times USING rtree_i32 (
    id, west, east, south, north, published_min, published_max
);

-- In id order, as requests arrive: the tree gets the shape inserts give it.
INSERT INTO request_extent_times (id, west, east, south, north, published_min, published_max)
SELECT id, CAST(west * 1e6 AS INTEGER) - 1, CAST(east * 1e6 AS INTEGER) + 1,
       CAST(south * 1e6 AS INTEGER) - 1, CAST(north * 1e6 AS INTEGER) + 1,
       created_at - 2147483648, created_at - 2147483648
FROM requests ORDER BY id;

-- The index follows the table by itself (as 0003's did): requests are only ever
-- inserted.
CREATE TRIGGER requests_index_extent_time AFTER INSERT ON requests
BEGIN
    SELECT RAISE(ABORT, 'request_time_out_of_range: published before 1970 or after 2106')
    WHERE new.created_at NOT BETWEEN 0 AND 4294967295;
    INSERT INTO request_extent_times (id, west, east, south, north, published_min, published_max)
    VALUES (new.id, CAST(new.west * 1e6 AS INTEGER) - 1, CAST(new.east * 1e6 AS INTEGER) + 1,
            CAST(new.south * 1e6 AS INTEGER) - 1, CAST(new.north * 1e6 AS INTEGER) + 1,
            new.created_at - 2147483648, new.created_at - 2147483648);
END;

-- Replaced: the boxes alone, and the newest-first scan of boxes that dense boxes used.
DROP TRIGGER requests_index_extent;
DROP TABLE request_extents;
DROP INDEX requests_newest_extent;

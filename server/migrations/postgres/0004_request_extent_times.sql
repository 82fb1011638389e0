-- Each request's bounding box and publication time in one GiST index over a `cube`
-- (contrib; trusted, so the database owner may create it): PostgreSQL's counterpart
-- of SQLite's R*Tree `request_extent_times`. The bbox feed searches it newest first
-- with a KNN scan ordered by the time coordinate (`~> -6`: the cube's 6th coordinate,
-- the upper bound of the 3rd dimension, negated), so that a page reads about as many
-- entries as it shows, however many requests its box holds.
--
-- Degrees are scaled to millionths and times kept in seconds (SQLite's choice too):
-- on comparable scales GiST splits nodes along space as well as time. The scaling is
-- monotonic, so the cube never misses a request the exact columns would take; those
-- columns decide.
CREATE EXTENSION IF NOT EXISTS cube;

CREATE FUNCTION request_extent(
    west DOUBLE PRECISION, south DOUBLE PRECISION, east DOUBLE PRECISION,
    north DOUBLE PRECISION, published BIGINT
) RETURNS cube
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT cube(ARRAY[west * 1e6::float8, south * 1e6::float8, published::float8],
                      ARRAY[east * 1e6::float8, north * 1e6::float8, published::float8]) $$;

CREATE INDEX requests_extent_time ON requests
    USING gist (request_extent(west, south, east, north, created_at));

-- SQLite's tree stores times as 32-bit integers and its trigger refuses others; the
-- same range holds here, so that a database copies both ways.
ALTER TABLE requests ADD CONSTRAINT request_time_out_of_range
    CHECK (created_at BETWEEN 0 AND 4294967295);

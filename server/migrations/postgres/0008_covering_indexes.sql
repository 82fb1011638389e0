-- Index-only scans where a page or a profile read rows only for a few columns
-- (measured on a seeded database of a million requests).
--
-- The bbox feed's GiST index (0007) carries the columns the feed's search checks and
-- returns: the exact box, the id. Its KNN scan then reads no row of `requests` (a
-- heap fetch per candidate was most of a page's buffer accesses): a city's page went
-- from 79 to 29 buffers, a country-wide page over the last 7 days from 30 to 3 ms.
CREATE INDEX requests_box_time_covering ON requests
    USING gist (request_box(west, south, east, north), created_at)
    INCLUDE (id, west, south, east, north);
DROP INDEX requests_box_time;
ALTER INDEX requests_box_time_covering RENAME TO requests_box_time;

-- An agency's median time frame walks 0003's expression index to the middle; without
-- the columns of the expression PostgreSQL cannot scan an expression index only, and
-- fetched (and parsed) every row on the way: 100 ms for the 10 000-request agency,
-- 3 ms with them.
CREATE INDEX requests_by_agency_frame_covering ON requests
    (agency_id, request_frame_secs(time_start, time_end)) INCLUDE (time_start, time_end);
DROP INDEX requests_by_agency_frame;
ALTER INDEX requests_by_agency_frame_covering RENAME TO requests_by_agency_frame;

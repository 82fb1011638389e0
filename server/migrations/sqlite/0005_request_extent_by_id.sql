-- For boxes holding few requests (a zoomed-in map), the R*Tree lists the candidates'
-- ids; this covering index then gives each one's time and exact box without reading
-- its row (about 1 KiB of GeoJSON and text each, scattered over the table): measured
-- on the seeded million-request database, a candidate cost 10–20 µs through the
-- table.
CREATE INDEX requests_extent_by_id ON requests (id, created_at, west, east, south, north);

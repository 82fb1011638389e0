-- The per-agency counters are written only by the triggers on requests and
-- resolutions. They run as the functions' owner (the database's owner), so that a
-- server whose role may only read the counters (`porchlight-server store grant`)
-- still counts what it publishes, and cannot change a count by itself: the
-- statistics stay what the immutable tables say.
--
-- A SECURITY DEFINER function must not find its tables through the caller's
-- search_path: it is pinned to this schema, with pg_temp last, so that nobody can
-- slip a table of the same name in front.
DO $$
BEGIN
    EXECUTE format(
        'ALTER FUNCTION requests_count_for_agency() SECURITY DEFINER SET search_path = %I, pg_temp',
        current_schema());
    EXECUTE format(
        'ALTER FUNCTION resolutions_count_for_agency() SECURITY DEFINER SET search_path = %I, pg_temp',
        current_schema());
END;
$$;

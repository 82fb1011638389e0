-- For servers that connect as a role which may only read and append to the immutable
-- tables (`porchlight-server store grant`).
--
-- The log's sequencer is no longer the log_origin row FOR UPDATE (0005), which needs
-- the UPDATE privilege: publishers take a transaction-level advisory lock instead
-- (server/src/db/postgres/store.rs). No schema change follows from that.
--
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

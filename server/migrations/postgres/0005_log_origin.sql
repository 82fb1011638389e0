-- The key the public log was started with (hex Ed25519 public key), as on SQLite
-- (migration 0007 there): every server instance must sign with it and refuses to
-- start with another. One row, written once, never changed.
--
-- It is also the log's sequencer: every publishing transaction of every instance
-- takes this row FOR UPDATE as its first statement, so appends (and the case limit
-- checked before them) happen one at a time, in one order, across instances.
CREATE TABLE log_origin (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    public_key TEXT   NOT NULL CHECK (length(public_key) = 64),
    started_at BIGINT NOT NULL
);

CREATE TRIGGER log_origin_refuse_update BEFORE UPDATE ON log_origin FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: the log''s key cannot be changed');
CREATE TRIGGER log_origin_refuse_delete BEFORE DELETE ON log_origin FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: the log''s key cannot be deleted');
CREATE TRIGGER log_origin_refuse_truncate BEFORE TRUNCATE ON log_origin FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('log_append_only: the log''s key cannot be deleted');

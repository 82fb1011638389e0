-- The key the public log was started with (hex Ed25519 public key): every server
-- instance must sign with it, and refuses to start with another (a checkpoint signed
-- by another key would not verify against the log's published key). One row, written
-- once at the first start (or, for a database whose log predates this table, at the
-- first start whose key signed its newest checkpoint); never changed.
CREATE TABLE log_origin (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT    NOT NULL CHECK (length(public_key) = 64),
    started_at INTEGER NOT NULL
);

CREATE TRIGGER log_origin_refuse_update BEFORE UPDATE ON log_origin
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: the log''s key cannot be changed');
END;
CREATE TRIGGER log_origin_refuse_delete BEFORE DELETE ON log_origin
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: the log''s key cannot be deleted');
END;

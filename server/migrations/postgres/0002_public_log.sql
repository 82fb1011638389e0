-- The public log (RFC 6962 Merkle tree): one entry per published request and per
-- resolution, appended in the same transaction that publishes it, and a signed
-- checkpoint after every append. Append-only, as on SQLite (migration 0002 there).

CREATE TABLE log_entries (
    -- 0-based position in the log; entries are appended in order, without gaps
    idx        BIGINT PRIMARY KEY,
    kind       TEXT   NOT NULL CHECK (kind IN ('request', 'resolution')),
    request_id BIGINT NOT NULL REFERENCES requests (id),
    -- RFC 8785 canonical JSON, exactly the bytes that are hashed
    entry      TEXT   NOT NULL,
    -- SHA-256(0x00 ‖ entry)
    leaf_hash  BYTEA  NOT NULL CHECK (length(leaf_hash) = 32),
    UNIQUE (kind, request_id)
);

-- A row-level BEFORE trigger sees the rows its statement inserted before this one,
-- so a multi-row INSERT is checked row by row, as on SQLite.
CREATE FUNCTION log_entries_check_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.idx IS DISTINCT FROM (SELECT coalesce(max(idx) + 1, 0) FROM log_entries) THEN
        RAISE EXCEPTION 'log_append_only: entries are appended in order'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER log_entries_append_in_order BEFORE INSERT ON log_entries FOR EACH ROW
    EXECUTE FUNCTION log_entries_check_order();
CREATE TRIGGER log_entries_refuse_update BEFORE UPDATE ON log_entries FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: a log entry cannot be changed');
CREATE TRIGGER log_entries_refuse_delete BEFORE DELETE ON log_entries FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: a log entry cannot be deleted');
CREATE TRIGGER log_entries_refuse_truncate BEFORE TRUNCATE ON log_entries FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('log_append_only: log entries cannot be deleted');

-- The log's signed state after each append (and the empty log's).
CREATE TABLE log_checkpoints (
    tree_size    BIGINT PRIMARY KEY,
    root_hash    BYTEA  NOT NULL CHECK (length(root_hash) = 32),
    timestamp_ms BIGINT NOT NULL,
    -- Ed25519 over the checkpoint's signed bytes (porchlight_domain::log::Checkpoint)
    signature    BYTEA  NOT NULL CHECK (length(signature) = 64),
    -- roots of the perfect subtrees of this tree, 32 bytes each, largest first
    frontier     BYTEA  NOT NULL CHECK (length(frontier) % 32 = 0)
);

CREATE TRIGGER log_checkpoints_refuse_update BEFORE UPDATE ON log_checkpoints FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: a checkpoint cannot be changed');
CREATE TRIGGER log_checkpoints_refuse_delete BEFORE DELETE ON log_checkpoints FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: a checkpoint cannot be deleted');
CREATE TRIGGER log_checkpoints_refuse_truncate BEFORE TRUNCATE ON log_checkpoints FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('log_append_only: checkpoints cannot be deleted');

-- Roots of complete perfect subtrees (level ≥ 1): node (level, idx) covers entries
-- idx·2^level to (idx+1)·2^level − 1. They never change once complete.
CREATE TABLE log_nodes (
    level BIGINT NOT NULL CHECK (level >= 1),
    idx   BIGINT NOT NULL,
    hash  BYTEA  NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);

CREATE TRIGGER log_nodes_refuse_update BEFORE UPDATE ON log_nodes FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: a tree node cannot be changed');
CREATE TRIGGER log_nodes_refuse_delete BEFORE DELETE ON log_nodes FOR EACH ROW
    EXECUTE FUNCTION refuse_change('log_append_only: a tree node cannot be deleted');
CREATE TRIGGER log_nodes_refuse_truncate BEFORE TRUNCATE ON log_nodes FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('log_append_only: tree nodes cannot be deleted');

-- The public log (RFC 6962 Merkle tree): one entry per published request and per
-- resolution, appended in the same transaction that publishes it, and a signed
-- checkpoint after every append. Both tables are append-only.

CREATE TABLE log_entries (
    -- 0-based position in the log; entries are appended in order, without gaps
    idx        INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('request', 'resolution')),
    request_id INTEGER NOT NULL REFERENCES requests (id),
    -- RFC 8785 canonical JSON, exactly the bytes that are hashed
    entry      TEXT    NOT NULL,
    -- SHA-256(0x00 ‖ entry)
    leaf_hash  BLOB    NOT NULL CHECK (length(leaf_hash) = 32),
    UNIQUE (kind, request_id)
);

CREATE TRIGGER log_entries_append_in_order BEFORE INSERT ON log_entries
WHEN NEW.idx IS NOT (SELECT coalesce(max(idx) + 1, 0) FROM log_entries)
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: entries are appended in order');
END;
CREATE TRIGGER log_entries_refuse_update BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a log entry cannot be changed');
END;
CREATE TRIGGER log_entries_refuse_delete BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a log entry cannot be deleted');
END;

-- The log's signed state after each append (and the empty log's).
CREATE TABLE log_checkpoints (
    tree_size    INTEGER PRIMARY KEY,
    root_hash    BLOB    NOT NULL CHECK (length(root_hash) = 32),
    timestamp_ms INTEGER NOT NULL,
    -- Ed25519 over the checkpoint's signed bytes (porchlight_domain::log::Checkpoint)
    signature    BLOB    NOT NULL CHECK (length(signature) = 64),
    -- roots of the perfect subtrees of this tree, 32 bytes each, largest first: the
    -- next append needs only these, not every leaf
    frontier     BLOB    NOT NULL CHECK (length(frontier) % 32 = 0)
);

CREATE TRIGGER log_checkpoints_refuse_update BEFORE UPDATE ON log_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a checkpoint cannot be changed');
END;
CREATE TRIGGER log_checkpoints_refuse_delete BEFORE DELETE ON log_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a checkpoint cannot be deleted');
END;

-- Roots of complete perfect subtrees (level ≥ 1; level 0 is log_entries.leaf_hash):
-- node (level, idx) covers entries idx·2^level to (idx+1)·2^level − 1. They never
-- change once complete, so proofs for any tree size need O(log² n) lookups instead of
-- hashing every leaf.
CREATE TABLE log_nodes (
    level INTEGER NOT NULL CHECK (level >= 1),
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TRIGGER log_nodes_refuse_update BEFORE UPDATE ON log_nodes
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a tree node cannot be changed');
END;
CREATE TRIGGER log_nodes_refuse_delete BEFORE DELETE ON log_nodes
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a tree node cannot be deleted');
END;

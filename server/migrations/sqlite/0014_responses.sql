-- Residents' responses with footage (issue 16). 0013 belongs to another change; the
-- migrator runs whatever has not run, gaps included.
--
-- An agency's public keys (age X25519 recipients): at most one current (`retired_at`
-- NULL) per agency; each added and each retired key is a public log entry.
CREATE TABLE agency_keys (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies (id),
    public_key  TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL CHECK (length(fingerprint) = 32),
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER,
    created_by  INTEGER REFERENCES accounts (id),
    UNIQUE (agency_id, fingerprint)
);
CREATE UNIQUE INDEX agency_keys_one_current ON agency_keys (agency_id) WHERE retired_at IS NULL;

-- An agency's published retention period: days after a request is resolved that
-- responses not kept as evidence are kept (a table of its own: agencies' rows are
-- never updated).
CREATE TABLE agency_retention (
    agency_id  INTEGER PRIMARY KEY REFERENCES agencies (id),
    days       INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
    updated_at INTEGER NOT NULL
);

-- A resident's response: what the server knows of it (never the footage, the
-- identity or the message: those are age ciphertext in the blob store).
-- status: uploading, submitted, opened, kept_as_evidence, deleted, withdrawn.
-- `deleted_reason`: not_needed or expiry. `purged_at`: when its blobs were deleted.
CREATE TABLE responses (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    key_id          INTEGER NOT NULL REFERENCES agency_keys (id),
    shared          TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('uploading', 'submitted', 'opened',
                        'kept_as_evidence', 'deleted', 'withdrawn')),
    envelope_size   INTEGER,
    created_at      INTEGER NOT NULL,
    submitted_at    INTEGER,
    opened_at       INTEGER,
    decided_at      INTEGER,
    deleted_at      INTEGER,
    deleted_reason  TEXT CHECK (deleted_reason IN ('not_needed', 'expiry')),
    purged_at       INTEGER
);
CREATE INDEX responses_by_request ON responses (request_id, status);
CREATE INDEX responses_by_account ON responses (account_id, id);

-- A response's files as declared before upload, and how much ciphertext arrived.
CREATE TABLE response_files (
    id              INTEGER PRIMARY KEY,
    response_id     INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    size            INTEGER NOT NULL CHECK (size >= 0),
    sha256          TEXT    NOT NULL CHECK (length(sha256) = 64),
    captured_at     INTEGER NOT NULL,
    capture_source  TEXT    NOT NULL,
    ciphertext_size INTEGER NOT NULL CHECK (ciphertext_size >= size),
    received        INTEGER NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND ciphertext_size),
    UNIQUE (response_id, position)
);

-- The public log gains the kind `agency_key` (its `request_id` holds the key's id):
-- the CHECK widens by rebuilding the table as 0008 did, rows and triggers and all.
CREATE TABLE log_entries_widened (
    idx        INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('request', 'resolution', 'moderation', 'agency_key', 'agency_key_retired')),
    request_id INTEGER NOT NULL,
    entry      TEXT    NOT NULL,
    leaf_hash  BLOB    NOT NULL CHECK (length(leaf_hash) = 32),
    UNIQUE (kind, request_id)
);
INSERT INTO log_entries_widened (idx, kind, request_id, entry, leaf_hash)
SELECT idx, kind, request_id, entry, leaf_hash FROM log_entries ORDER BY idx;
DROP TABLE log_entries;
ALTER TABLE log_entries_widened RENAME TO log_entries;

CREATE TRIGGER log_entries_append_in_order BEFORE INSERT ON log_entries
WHEN NEW.idx IS NOT (SELECT coalesce(max(idx) + 1, 0) FROM log_entries)
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: entries are appended in order');
END;
CREATE TRIGGER log_entries_subject_exists BEFORE INSERT ON log_entries
WHEN (NEW.kind IN ('request', 'resolution')
      AND NOT EXISTS (SELECT 1 FROM requests WHERE id = NEW.request_id))
  OR (NEW.kind = 'moderation'
      AND NOT EXISTS (SELECT 1 FROM moderation_decisions WHERE id = NEW.request_id))
  OR (NEW.kind IN ('agency_key', 'agency_key_retired')
      AND NOT EXISTS (SELECT 1 FROM agency_keys WHERE id = NEW.request_id))
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a log entry names a missing request or decision (or agency key)');
END;
CREATE TRIGGER log_entries_refuse_update BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a log entry cannot be changed');
END;
CREATE TRIGGER log_entries_refuse_delete BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a log entry cannot be deleted');
END;

-- Review before publishing, resident reports, policy findings and the public
-- moderation log (issue 15). Pending and rejected drafts live in `submissions`, never
-- in `requests`, so that every query over published requests stays as it was. A
-- submission's id comes from the requests' id space (`sqlite_sequence`'s counter of
-- `requests`, bumped by the server inside its write transaction), so an approved
-- submission is published as the request with the same id.

-- Moderators: accounts with the moderator role (`accounts.role` stays `resident`; the
-- server reports `moderator` for an account listed here). No one is both agency staff
-- (or an admin) and a moderator: refused here and by the triggers below.
CREATE TABLE moderators (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    created_at INTEGER NOT NULL
);

CREATE TRIGGER moderators_refuse_staff BEFORE INSERT ON moderators
WHEN (SELECT role FROM accounts WHERE id = NEW.account_id) IN ('agency_staff', 'admin')
BEGIN
    SELECT RAISE(ABORT, 'moderator_conflict: agency staff and admins cannot be moderators');
END;
CREATE TRIGGER accounts_refuse_moderator_staff BEFORE UPDATE OF role ON accounts
WHEN NEW.role IN ('agency_staff', 'admin')
  AND EXISTS (SELECT 1 FROM moderators WHERE account_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'moderator_conflict: a moderator cannot become agency staff or an admin');
END;

-- Every moderator decision: append-only, each also an entry of the public log (kind
-- `moderation`, whose `request_id` holds the decision's id). `subject_id` is the
-- submission (approve, reject) or the published request (dismiss, uphold) decided on;
-- an approved submission's request has the same id.
CREATE TABLE moderation_decisions (
    id           INTEGER PRIMARY KEY,
    action       TEXT    NOT NULL CHECK (action IN ('approve', 'reject', 'dismiss', 'uphold')),
    agency_id    INTEGER NOT NULL REFERENCES agencies (id),
    subject_id   INTEGER NOT NULL,
    moderator_id INTEGER NOT NULL REFERENCES accounts (id),
    -- stable codes of porchlight_domain::moderation::ProhibitedUse, comma-separated,
    -- sorted; '' for none
    reasons      TEXT    NOT NULL,
    note         TEXT,
    -- reports settled (dismiss, uphold); NULL for reviews
    report_count INTEGER,
    decided_at   INTEGER NOT NULL,
    CHECK ((action IN ('dismiss', 'uphold')) = (report_count IS NOT NULL))
);
-- The public log by agency, newest first; the plain log walks the primary key.
CREATE INDEX moderation_decisions_by_agency ON moderation_decisions (agency_id, id DESC);
-- A request's review and findings.
CREATE INDEX moderation_decisions_by_subject ON moderation_decisions (subject_id, action);
-- Policy findings: the feed and the grid leave these requests out (an anti-join per
-- candidate on this small index).
CREATE INDEX moderation_findings ON moderation_decisions (subject_id) WHERE action = 'uphold';

CREATE TRIGGER moderation_decisions_refuse_update BEFORE UPDATE ON moderation_decisions
BEGIN
    SELECT RAISE(ABORT, 'moderation_immutable: a moderation decision cannot be changed');
END;
CREATE TRIGGER moderation_decisions_refuse_delete BEFORE DELETE ON moderation_decisions
BEGIN
    SELECT RAISE(ABORT, 'moderation_immutable: a moderation decision cannot be deleted');
END;

-- A draft that passed every rule, awaiting (or having had) review. The draft's
-- columns are stored as `requests` stores them (the normalised draft) and never
-- change; the status changes once, from pending_review, when the decision is stored.
CREATE TABLE submissions (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    author_id     INTEGER REFERENCES accounts (id),
    incident_type TEXT    NOT NULL,
    case_number   TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    contact_email TEXT,
    contact_phone TEXT,
    time_start    TEXT    NOT NULL,
    time_end      TEXT    NOT NULL,
    area_geojson  TEXT    NOT NULL,
    area_m2       REAL    NOT NULL,
    west          REAL    NOT NULL,
    south         REAL    NOT NULL,
    east          REAL    NOT NULL,
    north         REAL    NOT NULL,
    -- JSON array of porchlight_domain::moderation::Concern (the pre-screen's warnings)
    concerns      TEXT    NOT NULL,
    submitted_at  INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending_review', 'approved', 'rejected')),
    decided_at    INTEGER,
    decision_id   INTEGER REFERENCES moderation_decisions (id),
    CHECK (west <= east AND south <= north),
    CHECK ((status = 'pending_review') = (decision_id IS NULL)),
    CHECK ((decision_id IS NULL) = (decided_at IS NULL))
);
CREATE INDEX submissions_queue ON submissions (submitted_at, id) WHERE status = 'pending_review';
CREATE INDEX submissions_by_agency ON submissions (agency_id, submitted_at DESC, id DESC);
CREATE INDEX submissions_by_case ON submissions (agency_id, case_number, status);

CREATE TRIGGER submissions_refuse_update BEFORE UPDATE ON submissions
WHEN OLD.status IS NOT 'pending_review' OR NEW.status IS 'pending_review'
  OR NEW.id IS NOT OLD.id OR NEW.agency_id IS NOT OLD.agency_id
  OR NEW.author_id IS NOT OLD.author_id OR NEW.incident_type IS NOT OLD.incident_type
  OR NEW.case_number IS NOT OLD.case_number OR NEW.title IS NOT OLD.title
  OR NEW.description IS NOT OLD.description OR NEW.contact_email IS NOT OLD.contact_email
  OR NEW.contact_phone IS NOT OLD.contact_phone OR NEW.time_start IS NOT OLD.time_start
  OR NEW.time_end IS NOT OLD.time_end OR NEW.area_geojson IS NOT OLD.area_geojson
  OR NEW.area_m2 IS NOT OLD.area_m2 OR NEW.west IS NOT OLD.west OR NEW.south IS NOT OLD.south
  OR NEW.east IS NOT OLD.east OR NEW.north IS NOT OLD.north
  OR NEW.concerns IS NOT OLD.concerns OR NEW.submitted_at IS NOT OLD.submitted_at
BEGIN
    SELECT RAISE(ABORT, 'moderation_immutable: a submission cannot be changed, and is decided once');
END;
CREATE TRIGGER submissions_refuse_delete BEFORE DELETE ON submissions
BEGIN
    SELECT RAISE(ABORT, 'moderation_immutable: a submission cannot be deleted');
END;

-- A resident's report of a published request, once per account. Only its decision
-- is ever set, once, when a moderator decides on the request's open reports.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    -- a ProhibitedUse code
    reason      TEXT    NOT NULL,
    comment     TEXT,
    created_at  INTEGER NOT NULL,
    decision_id INTEGER REFERENCES moderation_decisions (id),
    UNIQUE (request_id, account_id)
);
CREATE INDEX reports_open ON reports (request_id, created_at) WHERE decision_id IS NULL;

CREATE TRIGGER reports_refuse_update BEFORE UPDATE ON reports
WHEN OLD.decision_id IS NOT NULL OR NEW.decision_id IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.request_id IS NOT OLD.request_id
  OR NEW.account_id IS NOT OLD.account_id OR NEW.reason IS NOT OLD.reason
  OR NEW.comment IS NOT OLD.comment OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'moderation_immutable: a report cannot be changed, and is decided once');
END;
CREATE TRIGGER reports_refuse_delete BEFORE DELETE ON reports
BEGIN
    SELECT RAISE(ABORT, 'moderation_immutable: a report cannot be deleted');
END;

-- The public log gains the kind `moderation`, whose `request_id` holds a decision's
-- id: 0002's CHECK and foreign key are widened by rebuilding the table (SQLite alters
-- neither in place), rows, triggers and all. What the foreign key checked becomes a
-- trigger: an entry names an existing request, or an existing decision.
CREATE TABLE log_entries_widened (
    -- 0-based position in the log; entries are appended in order, without gaps
    idx        INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('request', 'resolution', 'moderation')),
    -- the request (request, resolution) or the moderation decision (moderation)
    request_id INTEGER NOT NULL,
    -- RFC 8785 canonical JSON, exactly the bytes that are hashed
    entry      TEXT    NOT NULL,
    -- SHA-256(0x00 ‖ entry)
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
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a log entry names a missing request or decision');
END;
CREATE TRIGGER log_entries_refuse_update BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a log entry cannot be changed');
END;
CREATE TRIGGER log_entries_refuse_delete BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_append_only: a log entry cannot be deleted');
END;

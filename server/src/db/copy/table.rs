//! The tables `store copy` moves and their columns, the same on every backend.
//!
//! Submissions take their ids from the requests' id space: after a copy, the target
//! numbers new requests past every submission too (each backend's `finish`).
//!
//! Not copied, because each backend's triggers fill them from `requests` and
//! `resolutions` as the copied rows arrive: the per-agency counters and the spatial
//! index. Not copied either: the migration history (the target runs its own), and the
//! abuse limits' counters (`rate_limits`), which only matter for minutes. Residents'
//! responses are copied as rows; their ciphertext stays in the blob store, which the
//! copy's servers must be given too (the same bucket, or a copy of the directory).

/// A copied table. [`CopyTable::ALL`] lists them in an order in which every row's
/// references are already copied, the log's entries after the requests they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CopyTable {
    Agencies,
    Accounts,
    Moderators,
    Sessions,
    LoginFailures,
    ModerationDecisions,
    Submissions,
    Requests,
    Resolutions,
    Reports,
    LogOrigin,
    LogEntries,
    LogNodes,
    LogCheckpoints,
    AlertSubscriptions,
    AlertOutbox,
    AgencyKeys,
    AgencyRetention,
    Responses,
    ResponseFiles,
    Seeds,
}

/// What a column holds, whatever the backend stores it as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Int,
    Real,
    Text,
    Blob,
    /// 0/1 on SQLite.
    Bool,
}

/// A copied column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnKind,
}

const fn col(name: &'static str, kind: ColumnKind) -> Column {
    Column { name, kind }
}

use ColumnKind::{Blob, Bool, Int, Real, Text};

const AGENCIES: &[Column] = &[
    col("id", Int),
    col("slug", Text),
    col("name", Text),
    col("jurisdiction", Text),
    col("region", Text),
    col("center_lat", Real),
    col("center_lng", Real),
    col("contact_email", Text),
    col("contact_phone", Text),
    col("created_at", Int),
    col("time_zone", Text),
];

const ACCOUNTS: &[Column] = &[
    col("id", Int),
    col("email", Text),
    col("display_name", Text),
    col("password_hash", Text),
    col("role", Text),
    col("agency_id", Int),
    col("hide_requests", Bool),
    col("created_at", Int),
];

const MODERATORS: &[Column] = &[col("account_id", Int), col("created_at", Int)];

const SESSIONS: &[Column] = &[
    col("token_hash", Text),
    col("account_id", Int),
    col("created_at", Int),
    col("expires_at", Int),
];

const LOGIN_FAILURES: &[Column] = &[
    col("email", Text),
    col("failures", Int),
    col("window_start", Int),
    col("locked_until", Int),
];

const REQUESTS: &[Column] = &[
    col("id", Int),
    col("agency_id", Int),
    col("author_id", Int),
    col("incident_type", Text),
    col("case_number", Text),
    col("title", Text),
    col("description", Text),
    col("contact_email", Text),
    col("contact_phone", Text),
    col("time_start", Text),
    col("time_end", Text),
    col("area_geojson", Text),
    col("area_m2", Real),
    col("west", Real),
    col("south", Real),
    col("east", Real),
    col("north", Real),
    col("created_at", Int),
    col("language", Text),
];

const MODERATION_DECISIONS: &[Column] = &[
    col("id", Int),
    col("action", Text),
    col("agency_id", Int),
    col("subject_id", Int),
    col("moderator_id", Int),
    col("reasons", Text),
    col("note", Text),
    col("report_count", Int),
    col("decided_at", Int),
];

const SUBMISSIONS: &[Column] = &[
    col("id", Int),
    col("agency_id", Int),
    col("author_id", Int),
    col("incident_type", Text),
    col("case_number", Text),
    col("title", Text),
    col("description", Text),
    col("contact_email", Text),
    col("contact_phone", Text),
    col("time_start", Text),
    col("time_end", Text),
    col("area_geojson", Text),
    col("area_m2", Real),
    col("west", Real),
    col("south", Real),
    col("east", Real),
    col("north", Real),
    col("concerns", Text),
    col("submitted_at", Int),
    col("status", Text),
    col("decided_at", Int),
    col("decision_id", Int),
    col("language", Text),
];

const REPORTS: &[Column] = &[
    col("id", Int),
    col("request_id", Int),
    col("account_id", Int),
    col("reason", Text),
    col("comment", Text),
    col("created_at", Int),
    col("decision_id", Int),
];

const RESOLUTIONS: &[Column] = &[
    col("request_id", Int),
    col("note", Text),
    col("resolved_by", Int),
    col("resolved_at", Int),
];

const LOG_ORIGIN: &[Column] = &[
    col("id", Int),
    col("public_key", Text),
    col("started_at", Int),
];

const LOG_ENTRIES: &[Column] = &[
    col("idx", Int),
    col("kind", Text),
    col("request_id", Int),
    col("entry", Text),
    col("leaf_hash", Blob),
];

const LOG_NODES: &[Column] = &[col("level", Int), col("idx", Int), col("hash", Blob)];

const LOG_CHECKPOINTS: &[Column] = &[
    col("tree_size", Int),
    col("root_hash", Blob),
    col("timestamp_ms", Int),
    col("signature", Blob),
    col("frontier", Blob),
];

const ALERT_SUBSCRIPTIONS: &[Column] = &[
    col("id", Int),
    col("email", Text),
    col("agency_id", Int),
    col("area_geojson", Text),
    col("area_m2", Real),
    col("west", Real),
    col("south", Real),
    col("east", Real),
    col("north", Real),
    col("incident_types", Text),
    col("manage_token", Text),
    col("feed_token", Text),
    col("confirm_token", Text),
    col("confirm_expires_at", Int),
    col("confirmed_at", Int),
    col("bounces", Int),
    col("disabled_at", Int),
    col("created_at", Int),
    col("language", Text),
];

const ALERT_OUTBOX: &[Column] = &[
    col("id", Int),
    col("subscription_id", Int),
    col("request_id", Int),
    col("created_at", Int),
    col("attempts", Int),
    col("next_attempt_at", Int),
    col("lease_owner", Text),
    col("lease_until", Int),
    col("sent_at", Int),
    col("failed_at", Int),
    col("last_error", Text),
];

const AGENCY_KEYS: &[Column] = &[
    col("id", Int),
    col("agency_id", Int),
    col("public_key", Text),
    col("fingerprint", Text),
    col("created_at", Int),
    col("retired_at", Int),
    col("created_by", Int),
];

const AGENCY_RETENTION: &[Column] = &[
    col("agency_id", Int),
    col("days", Int),
    col("updated_at", Int),
];

const RESPONSES: &[Column] = &[
    col("id", Int),
    col("request_id", Int),
    col("account_id", Int),
    col("key_id", Int),
    col("shared", Text),
    col("status", Text),
    col("envelope_size", Int),
    col("created_at", Int),
    col("submitted_at", Int),
    col("opened_at", Int),
    col("decided_at", Int),
    col("deleted_at", Int),
    col("deleted_reason", Text),
    col("purged_at", Int),
];

const RESPONSE_FILES: &[Column] = &[
    col("id", Int),
    col("response_id", Int),
    col("position", Int),
    col("name", Text),
    col("kind", Text),
    col("size", Int),
    col("sha256", Text),
    col("captured_at", Int),
    col("capture_source", Text),
    col("ciphertext_size", Int),
    col("received", Int),
];

const SEEDS: &[Column] = &[col("name", Text), col("seeded_at", Int)];

impl CopyTable {
    /// Every copied table, referenced tables first.
    pub const ALL: [CopyTable; 21] = [
        CopyTable::Agencies,
        CopyTable::Accounts,
        CopyTable::Moderators,
        CopyTable::Sessions,
        CopyTable::LoginFailures,
        CopyTable::ModerationDecisions,
        CopyTable::Submissions,
        CopyTable::Requests,
        CopyTable::Resolutions,
        CopyTable::Reports,
        CopyTable::AgencyKeys,
        CopyTable::AgencyRetention,
        CopyTable::Responses,
        CopyTable::ResponseFiles,
        CopyTable::LogOrigin,
        CopyTable::LogEntries,
        CopyTable::LogNodes,
        CopyTable::LogCheckpoints,
        CopyTable::AlertSubscriptions,
        CopyTable::AlertOutbox,
        CopyTable::Seeds,
    ];

    /// The table's name in SQL.
    pub fn name(self) -> &'static str {
        match self {
            CopyTable::Agencies => "agencies",
            CopyTable::Accounts => "accounts",
            CopyTable::Moderators => "moderators",
            CopyTable::Sessions => "sessions",
            CopyTable::LoginFailures => "login_failures",
            CopyTable::Requests => "requests",
            CopyTable::Resolutions => "resolutions",
            CopyTable::ModerationDecisions => "moderation_decisions",
            CopyTable::Submissions => "submissions",
            CopyTable::Reports => "reports",
            CopyTable::LogOrigin => "log_origin",
            CopyTable::LogEntries => "log_entries",
            CopyTable::LogNodes => "log_nodes",
            CopyTable::LogCheckpoints => "log_checkpoints",
            CopyTable::AlertSubscriptions => "alert_subscriptions",
            CopyTable::AlertOutbox => "alert_outbox",
            CopyTable::AgencyKeys => "agency_keys",
            CopyTable::AgencyRetention => "agency_retention",
            CopyTable::Responses => "responses",
            CopyTable::ResponseFiles => "response_files",
            CopyTable::Seeds => "seeds",
        }
    }

    /// Every column, the primary key's first.
    pub fn columns(self) -> &'static [Column] {
        match self {
            CopyTable::Agencies => AGENCIES,
            CopyTable::Accounts => ACCOUNTS,
            CopyTable::Moderators => MODERATORS,
            CopyTable::Sessions => SESSIONS,
            CopyTable::LoginFailures => LOGIN_FAILURES,
            CopyTable::Requests => REQUESTS,
            CopyTable::Resolutions => RESOLUTIONS,
            CopyTable::ModerationDecisions => MODERATION_DECISIONS,
            CopyTable::Submissions => SUBMISSIONS,
            CopyTable::Reports => REPORTS,
            CopyTable::LogOrigin => LOG_ORIGIN,
            CopyTable::LogEntries => LOG_ENTRIES,
            CopyTable::LogNodes => LOG_NODES,
            CopyTable::LogCheckpoints => LOG_CHECKPOINTS,
            CopyTable::AlertSubscriptions => ALERT_SUBSCRIPTIONS,
            CopyTable::AlertOutbox => ALERT_OUTBOX,
            CopyTable::AgencyKeys => AGENCY_KEYS,
            CopyTable::AgencyRetention => AGENCY_RETENTION,
            CopyTable::Responses => RESPONSES,
            CopyTable::ResponseFiles => RESPONSE_FILES,
            CopyTable::Seeds => SEEDS,
        }
    }

    /// The primary key: the leading columns that rows are read in the order of.
    pub fn key(self) -> &'static [Column] {
        let len = match self {
            CopyTable::LogNodes => 2,
            _ => 1,
        };
        &self.columns()[..len]
    }

    /// The column a backend numbers by itself (an identity or rowid), whose next value
    /// must come after the copied ones.
    pub fn generated_id(self) -> Option<&'static str> {
        match self {
            CopyTable::Agencies
            | CopyTable::Accounts
            | CopyTable::Requests
            | CopyTable::ModerationDecisions
            | CopyTable::Reports
            | CopyTable::AlertSubscriptions
            | CopyTable::AlertOutbox
            | CopyTable::AgencyKeys
            | CopyTable::Responses
            | CopyTable::ResponseFiles => Some("id"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_once_and_keys_lead_their_columns() {
        let names: std::collections::HashSet<_> = CopyTable::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(names.len(), CopyTable::ALL.len());
        for table in CopyTable::ALL {
            let columns: std::collections::HashSet<_> =
                table.columns().iter().map(|c| c.name).collect();
            assert_eq!(columns.len(), table.columns().len(), "{table:?}");
            assert!(!table.key().is_empty());
            if let Some(id) = table.generated_id() {
                assert_eq!(table.key()[0].name, id);
            }
        }
    }

    #[test]
    fn referenced_tables_come_first() {
        let at = |t: CopyTable| CopyTable::ALL.iter().position(|x| *x == t).unwrap();
        assert!(at(CopyTable::Agencies) < at(CopyTable::Accounts));
        assert!(at(CopyTable::Accounts) < at(CopyTable::Sessions));
        assert!(at(CopyTable::Accounts) < at(CopyTable::Requests));
        assert!(at(CopyTable::Requests) < at(CopyTable::Resolutions));
        assert!(at(CopyTable::Requests) < at(CopyTable::LogEntries));
        assert!(at(CopyTable::Accounts) < at(CopyTable::Moderators));
        assert!(at(CopyTable::ModerationDecisions) < at(CopyTable::Submissions));
        assert!(at(CopyTable::ModerationDecisions) < at(CopyTable::Reports));
        assert!(at(CopyTable::Requests) < at(CopyTable::Reports));
        assert!(at(CopyTable::ModerationDecisions) < at(CopyTable::LogEntries));
        assert!(at(CopyTable::Agencies) < at(CopyTable::AlertSubscriptions));
        assert!(at(CopyTable::AlertSubscriptions) < at(CopyTable::AlertOutbox));
        assert!(at(CopyTable::Requests) < at(CopyTable::AlertOutbox));
        assert!(at(CopyTable::AgencyKeys) < at(CopyTable::Responses));
        assert!(at(CopyTable::Requests) < at(CopyTable::Responses));
        assert!(at(CopyTable::Responses) < at(CopyTable::ResponseFiles));
        assert!(at(CopyTable::AgencyKeys) < at(CopyTable::LogEntries));
    }
}

//! Residents' responses with footage and agencies' response keys (issue 16), for both
//! backends: the trait, the rows, and one implementation written once as a macro over
//! each backend's pool and transaction (`impl_response_store!`). The SQL is portable
//! (written with `$n` parameters, which SQLite reads as `?n`); what differs is how a
//! write transaction starts and how the log is appended, which each backend supplies.
//!
//! Every state change is one conditional `UPDATE` (or `DELETE`): concurrent uploads,
//! a withdrawal racing the agency's first download, and several instances running the
//! retention task all end in exactly one outcome.

use std::collections::HashMap;

use async_trait::async_trait;
use porchlight_domain::footage::{CaptureSource, FootageKind, RetentionPeriod};
use porchlight_domain::wire::{
    AgencyKey, AgencyRef, AgencyResponse, IdentityField, ResidentResponse, ResponseCounts,
    ResponseDecision, ResponseFile, ResponseFileInput, ResponseRequestRef, ResponseStatus,
};
use time::OffsetDateTime;

use super::DbError;

/// A response as stored, with its files, its request and its agency's retention.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow {
    pub id: i64,
    pub account_id: i64,
    pub agency_id: i64,
    pub request: ResponseRequestRef,
    pub key_fingerprint: String,
    pub shared: Vec<IdentityField>,
    pub status: ResponseStatus,
    /// Bytes of the encrypted envelope, once it arrived.
    pub envelope_size: Option<u64>,
    pub created_at: OffsetDateTime,
    pub submitted_at: Option<OffsetDateTime>,
    pub opened_at: Option<OffsetDateTime>,
    /// When the request was resolved, if it was.
    pub resolved_at: Option<OffsetDateTime>,
    /// The agency's retention period, if it published one.
    pub retention_days: Option<u16>,
    pub files: Vec<ResponseFile>,
}

impl ResponseRow {
    /// Whether every file's ciphertext and the envelope have arrived.
    pub fn complete(&self) -> bool {
        self.envelope_size.is_some() && self.files.iter().all(|f| f.received == f.ciphertext_size)
    }

    /// When its ciphertext expires (resolved request, retention published, not kept).
    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        match self.status {
            ResponseStatus::Submitted | ResponseStatus::Opened => {
                let period = RetentionPeriod::new(i64::from(self.retention_days?)).ok()?;
                Some(period.expires(self.resolved_at?))
            }
            _ => None,
        }
    }

    /// What its resident sees (the receipt).
    pub fn to_resident(&self) -> ResidentResponse {
        ResidentResponse {
            id: self.id,
            request: self.request.clone(),
            key_fingerprint: self.key_fingerprint.clone(),
            shared: self.shared.clone(),
            files: self.files.clone(),
            envelope_received: self.envelope_size.is_some(),
            status: self.status,
            created_at: self.created_at,
            submitted_at: self.submitted_at,
        }
    }

    /// What the agency's staff see (never the account).
    pub fn to_agency(&self) -> AgencyResponse {
        AgencyResponse {
            id: self.id,
            request: self.request.clone(),
            key_fingerprint: self.key_fingerprint.clone(),
            shared: self.shared.clone(),
            files: self.files.clone(),
            status: self.status,
            submitted_at: self.submitted_at.unwrap_or(self.created_at),
            opened_at: self.opened_at,
            expires_at: self.expires_at(),
        }
    }
}

/// A response about to be created (checked by the route).
#[derive(Debug, Clone)]
pub struct NewResponse<'a> {
    pub request_id: i64,
    pub account_id: i64,
    pub key_id: i64,
    pub shared: &'a [IdentityField],
    pub files: &'a [ResponseFileInput],
}

/// How a file's chunk was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkRecorded {
    /// `received` moved from the chunk's start to its end.
    Recorded,
    /// Someone else moved it first (a concurrent retry of the same chunk), or the
    /// response is no longer uploading.
    Stale,
}

/// How many days' worth of responses expire per retention run, at most.
pub const EXPIRY_BATCH: u32 = 100;

/// Residents' responses and agencies' keys and retention periods.
#[async_trait]
pub trait ResponseStore {
    /// Every key of the agency, newest first.
    async fn agency_keys(&self, agency_id: i64) -> Result<Vec<AgencyKey>, DbError>;

    /// The agency's current key and its id.
    async fn current_agency_key(&self, agency_id: i64)
        -> Result<Option<(i64, AgencyKey)>, DbError>;

    /// Makes `public_key` the agency's current key, retiring the previous one, and logs
    /// both in the same transaction (the retirement first). `None` when the agency
    /// already had this key.
    async fn add_agency_key(
        &self,
        agency_id: i64,
        agency_slug: &str,
        public_key: &str,
        fingerprint: &str,
        created_by: i64,
        now: OffsetDateTime,
    ) -> Result<Option<AgencyKey>, DbError>;

    /// Publishes the agency's retention period.
    async fn set_retention(
        &self,
        agency_id: i64,
        days: u16,
        now: OffsetDateTime,
    ) -> Result<(), DbError>;

    /// The agency's retention period, if published.
    async fn retention_days(&self, agency_id: i64) -> Result<Option<u16>, DbError>;

    /// The agency's response counts; with `published_in` (unix seconds, end exclusive)
    /// only the responses to requests published in that window (a report's year).
    async fn response_counts(
        &self,
        agency_id: i64,
        published_in: Option<(i64, i64)>,
    ) -> Result<ResponseCounts, DbError>;

    /// The response counts of each of the agency's requests, by request id, counted as
    /// in [`ResponseStore::response_counts`] (for the open-data exports). A request no
    /// resident responded to is absent: its counts are zero.
    async fn request_response_counts(
        &self,
        agency_id: i64,
    ) -> Result<HashMap<i64, ResponseCounts>, DbError>;

    /// Responses received for a request (submitted, not withdrawn), counted as in
    /// [`ResponseStore::response_counts`].
    async fn request_responses_received(&self, request_id: i64) -> Result<u64, DbError>;

    /// Stores a new response (status `uploading`) and its files; returns its id.
    async fn create_response(
        &self,
        new: &NewResponse<'_>,
        now: OffsetDateTime,
    ) -> Result<i64, DbError>;

    /// One response.
    async fn response(&self, id: i64) -> Result<Option<ResponseRow>, DbError>;

    /// An account's responses, newest first (cancelled ones are gone).
    async fn account_responses(&self, account_id: i64) -> Result<Vec<ResponseRow>, DbError>;

    /// The agency's responses that were submitted and not withdrawn, newest first.
    async fn agency_responses(&self, agency_id: i64) -> Result<Vec<ResponseRow>, DbError>;

    /// Moves file `file_id`'s `received` from `from` to `from + len`, only while the
    /// response is uploading and nothing else moved it.
    async fn record_chunk(
        &self,
        response_id: i64,
        file_id: i64,
        from: u64,
        len: u64,
    ) -> Result<ChunkRecorded, DbError>;

    /// Records the envelope's size (only while uploading); whether it was recorded.
    async fn record_envelope(&self, response_id: i64, size: u64) -> Result<bool, DbError>;

    /// `uploading` → `submitted`, only when every file and the envelope are in.
    async fn submit_response(&self, id: i64, now: OffsetDateTime) -> Result<bool, DbError>;

    /// Deletes a response still uploading, with its files' rows; whether it did.
    async fn delete_uploading_response(&self, id: i64) -> Result<bool, DbError>;

    /// `submitted` and never opened → `withdrawn`; whether it did.
    async fn withdraw_response(&self, id: i64, now: OffsetDateTime) -> Result<bool, DbError>;

    /// The agency downloads something of it: `opened_at` is set the first time
    /// (`submitted` → `opened`). False when it is withdrawn or deleted (nothing to open).
    async fn open_response(&self, id: i64, now: OffsetDateTime) -> Result<bool, DbError>;

    /// The agency's decision on an opened response; false unless it is `opened`.
    async fn decide_response(
        &self,
        id: i64,
        decision: ResponseDecision,
        now: OffsetDateTime,
    ) -> Result<bool, DbError>;

    /// Marks as deleted at expiry up to `limit` responses whose retention ran out
    /// (resolved request, published period passed, not kept), each by exactly one
    /// caller of every instance; returns their ids.
    async fn expire_responses(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<i64>, DbError>;

    /// Responses whose ciphertext must go (withdrawn or deleted) and is not yet
    /// recorded as gone.
    async fn unpurged_responses(&self, limit: u32) -> Result<Vec<i64>, DbError>;

    /// Records that the response's blobs were deleted.
    async fn mark_purged(&self, id: i64, now: OffsetDateTime) -> Result<(), DbError>;

    /// Responses still uploading that were created before `before` (abandoned
    /// uploads, which the retention task deletes), at most `limit`.
    async fn stale_uploads(&self, before: OffsetDateTime, limit: u32) -> Result<Vec<i64>, DbError>;
}

fn decode_err(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {what} {value:?}").into())
}

pub(super) fn status_from(value: &str) -> Result<ResponseStatus, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| decode_err("response status", value))
}

pub(super) fn kind_from(value: &str) -> Result<FootageKind, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| decode_err("footage kind", value))
}

pub(super) fn source_from(value: &str) -> Result<CaptureSource, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| decode_err("capture source", value))
}

pub(super) fn enum_str<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(super) fn shared_from(value: &str) -> Result<Vec<IdentityField>, sqlx::Error> {
    serde_json::from_str(value).map_err(|_| decode_err("shared fields", value))
}

pub(super) fn shared_to(shared: &[IdentityField]) -> String {
    serde_json::to_string(shared).unwrap_or_else(|_| "[]".into())
}

/// The three counts of [`ResponseCounts`] over responses `x`, in its field order:
/// received (submitted and not withdrawn: `submitted`, `opened`, `kept_as_evidence`,
/// `deleted`), kept as evidence, and deleted at expiry (not on the agency's decision).
/// One definition for the agency's totals and each request's.
pub(super) const RESPONSE_COUNTS: &str =
    "count(CASE WHEN x.status IN ('submitted', 'opened', 'kept_as_evidence', 'deleted') THEN 1 END), \
     count(CASE WHEN x.status = 'kept_as_evidence' THEN 1 END), \
     count(CASE WHEN x.status = 'deleted' AND x.deleted_reason = 'expiry' THEN 1 END)";

/// [`ResponseCounts`] from the three columns of [`RESPONSE_COUNTS`].
pub(super) fn counts_from((received, kept, expired): (i64, i64, i64)) -> ResponseCounts {
    ResponseCounts {
        received: received as u64,
        kept_as_evidence: kept as u64,
        deleted_at_expiry: expired as u64,
    }
}

/// The columns of a response row (`RESPONSE_FROM` joins).
pub(super) const RESPONSE_COLUMNS: &str =
    "SELECT x.id, x.account_id, r.agency_id, r.id AS request_id, \
     r.title, r.case_number, g.slug, g.name, k.fingerprint, x.shared, x.status, x.envelope_size, \
     x.created_at, x.submitted_at, x.opened_at, res.resolved_at, ar.days AS retention_days \
     FROM responses x JOIN requests r ON r.id = x.request_id \
     JOIN agencies g ON g.id = r.agency_id JOIN agency_keys k ON k.id = x.key_id \
     LEFT JOIN resolutions res ON res.request_id = r.id \
     LEFT JOIN agency_retention ar ON ar.agency_id = r.agency_id";

pub(super) const FILE_COLUMNS: &str = "SELECT id, name, kind, size, sha256, captured_at, \
     capture_source, ciphertext_size, received FROM response_files";

pub(super) const KEY_COLUMNS: &str =
    "SELECT k.id, k.fingerprint, k.public_key, k.created_at, k.retired_at, \
     (SELECT l.idx FROM log_entries l WHERE l.kind = 'agency_key' AND l.request_id = k.id) AS log_index \
     FROM agency_keys k";

/// Reads a response row without its files (generic over the backend's row type).
pub(super) fn response_from_row<'r, R>(row: &'r R) -> Result<ResponseRow, sqlx::Error>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use super::unix_time::from_unix;
    let status: String = row.try_get(10)?;
    let shared: String = row.try_get(9)?;
    Ok(ResponseRow {
        id: row.try_get(0)?,
        account_id: row.try_get(1)?,
        agency_id: row.try_get(2)?,
        request: ResponseRequestRef {
            id: row.try_get(3)?,
            title: row.try_get(4)?,
            case_number: row.try_get(5)?,
            agency: AgencyRef {
                slug: row.try_get(6)?,
                name: row.try_get(7)?,
            },
        },
        key_fingerprint: row.try_get(8)?,
        shared: shared_from(&shared)?,
        status: status_from(&status)?,
        envelope_size: row.try_get::<Option<i64>, _>(11)?.map(|n| n as u64),
        created_at: from_unix(row.try_get(12)?),
        submitted_at: row.try_get::<Option<i64>, _>(13)?.map(from_unix),
        opened_at: row.try_get::<Option<i64>, _>(14)?.map(from_unix),
        resolved_at: row.try_get::<Option<i64>, _>(15)?.map(from_unix),
        retention_days: row
            .try_get::<Option<i64>, _>(16)?
            .and_then(|d| u16::try_from(d).ok()),
        files: Vec::new(),
    })
}

pub(super) fn file_from_row<'r, R>(row: &'r R) -> Result<ResponseFile, sqlx::Error>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use super::unix_time::from_unix;
    let kind: String = row.try_get(2)?;
    let source: String = row.try_get(6)?;
    Ok(ResponseFile {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        kind: kind_from(&kind)?,
        size: row.try_get::<i64, _>(3)? as u64,
        sha256: row.try_get(4)?,
        captured_at: from_unix(row.try_get(5)?),
        capture_source: source_from(&source)?,
        ciphertext_size: row.try_get::<i64, _>(7)? as u64,
        received: row.try_get::<i64, _>(8)? as u64,
    })
}

pub(super) fn key_from_row<'r, R>(row: &'r R) -> Result<(i64, AgencyKey), sqlx::Error>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use super::unix_time::from_unix;
    Ok((
        row.try_get(0)?,
        AgencyKey {
            fingerprint: row.try_get(1)?,
            public_key: row.try_get(2)?,
            created_at: from_unix(row.try_get(3)?),
            retired_at: row.try_get::<Option<i64>, _>(4)?.map(from_unix),
            log_index: row.try_get::<Option<i64>, _>(5)?.map(|i| i as u64),
        },
    ))
}

/// The log entries of a key change: the retired key's (if any), then the new key's.
pub(super) fn key_entries(
    slug: &str,
    retired: Option<&(i64, AgencyKey)>,
    added: &(i64, AgencyKey),
) -> Result<Vec<super::public_log_append::NewEntry>, sqlx::Error> {
    use porchlight_domain::public_log::{agency_key_entry, AgencyKeyAction};
    let encode = |e| sqlx::Error::Encode(Box::new(e));
    let mut entries = Vec::new();
    if let Some((id, key)) = retired {
        if let Some(entry) =
            agency_key_entry(slug, key, AgencyKeyAction::Retired).map_err(encode)?
        {
            entries.push(super::public_log_append::NewEntry {
                kind: "agency_key_retired",
                request_id: *id,
                entry,
            });
        }
    }
    let (id, key) = added;
    if let Some(entry) = agency_key_entry(slug, key, AgencyKeyAction::Added).map_err(encode)? {
        entries.push(super::public_log_append::NewEntry {
            kind: "agency_key",
            request_id: *id,
            entry,
        });
    }
    Ok(entries)
}

/// The one implementation of [`ResponseStore`] for a backend. `$store` has
/// `pool`, `log`, an async `responses_tx()` (a write transaction, with any guard it
/// needs, as `(guard, tx)`) and an async `responses_sequence(&mut conn)` (taken
/// before appending to the log); `$sql` turns the portable SQL into the backend's;
/// `$append` appends log entries in a transaction and returns the first index.
macro_rules! impl_response_store {
    ($store:ty, $sql:path, $append:path) => {
        #[async_trait::async_trait]
        impl $crate::db::responses::ResponseStore for $store {
            async fn agency_keys(
                &self,
                agency_id: i64,
            ) -> Result<Vec<porchlight_domain::wire::AgencyKey>, $crate::db::DbError> {
                use $crate::db::responses::*;
                let sql = $sql(&format!(
                    "{KEY_COLUMNS} WHERE k.agency_id = $1 ORDER BY k.created_at DESC, k.id DESC"
                ));
                let rows = sqlx::query(&sql).bind(agency_id).fetch_all(&self.pool).await?;
                Ok(rows
                    .iter()
                    .map(|r| key_from_row(r).map(|(_, k)| k))
                    .collect::<Result<_, _>>()?)
            }

            async fn current_agency_key(
                &self,
                agency_id: i64,
            ) -> Result<Option<(i64, porchlight_domain::wire::AgencyKey)>, $crate::db::DbError>
            {
                use $crate::db::responses::*;
                let sql = $sql(&format!(
                    "{KEY_COLUMNS} WHERE k.agency_id = $1 AND k.retired_at IS NULL"
                ));
                let row = sqlx::query(&sql)
                    .bind(agency_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.as_ref().map(key_from_row).transpose()?)
            }

            async fn add_agency_key(
                &self,
                agency_id: i64,
                agency_slug: &str,
                public_key: &str,
                fingerprint: &str,
                created_by: i64,
                now: time::OffsetDateTime,
            ) -> Result<Option<porchlight_domain::wire::AgencyKey>, $crate::db::DbError> {
                use $crate::db::responses::*;
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                Self::responses_sequence(&mut *tx).await?;
                let known: Option<i64> = sqlx::query_scalar(&$sql(
                    "SELECT id FROM agency_keys WHERE agency_id = $1 AND fingerprint = $2",
                ))
                .bind(agency_id)
                .bind(fingerprint)
                .fetch_optional(&mut *tx)
                .await?;
                if known.is_some() {
                    return Ok(None);
                }
                let retired_id: Option<i64> = sqlx::query_scalar(&$sql(
                    "UPDATE agency_keys SET retired_at = $1 \
                     WHERE agency_id = $2 AND retired_at IS NULL RETURNING id",
                ))
                .bind(to_unix(now))
                .bind(agency_id)
                .fetch_optional(&mut *tx)
                .await?;
                let id: i64 = sqlx::query_scalar(&$sql(
                    "INSERT INTO agency_keys (agency_id, public_key, fingerprint, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                ))
                .bind(agency_id)
                .bind(public_key)
                .bind(fingerprint)
                .bind(to_unix(now))
                .bind(created_by)
                .fetch_one(&mut *tx)
                .await?;
                let by_id = $sql(&format!("{KEY_COLUMNS} WHERE k.id = $1"));
                let mut retired = None;
                if let Some(retired_id) = retired_id {
                    let row = sqlx::query(&by_id).bind(retired_id).fetch_one(&mut *tx).await?;
                    retired = Some(key_from_row(&row)?);
                }
                let row = sqlx::query(&by_id).bind(id).fetch_one(&mut *tx).await?;
                let mut added = key_from_row(&row)?;
                let entries = key_entries(agency_slug, retired.as_ref(), &added)?;
                let first = $append(&mut *tx, &self.log, &entries).await?;
                added.1.log_index = Some(first + entries.len() as u64 - 1);
                tx.commit().await?;
                Ok(Some(added.1))
            }

            async fn set_retention(
                &self,
                agency_id: i64,
                days: u16,
                now: time::OffsetDateTime,
            ) -> Result<(), $crate::db::DbError> {
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                sqlx::query(&$sql(
                    "INSERT INTO agency_retention (agency_id, days, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (agency_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at",
                ))
                .bind(agency_id)
                .bind(i64::from(days))
                .bind(to_unix(now))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn retention_days(
                &self,
                agency_id: i64,
            ) -> Result<Option<u16>, $crate::db::DbError> {
                let days: Option<i64> = sqlx::query_scalar(&$sql(
                    "SELECT days FROM agency_retention WHERE agency_id = $1",
                ))
                .bind(agency_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(days.and_then(|d| u16::try_from(d).ok()))
            }

            async fn response_counts(
                &self,
                agency_id: i64,
                published_in: Option<(i64, i64)>,
            ) -> Result<porchlight_domain::wire::ResponseCounts, $crate::db::DbError> {
                use $crate::db::responses::*;
                let (start, end) = published_in.unwrap_or((i64::MIN, i64::MAX));
                let row: (i64, i64, i64) = sqlx::query_as(&$sql(&format!(
                    "SELECT {RESPONSE_COUNTS} \
                     FROM responses x JOIN requests r ON r.id = x.request_id \
                     WHERE r.agency_id = $1 AND r.created_at >= $2 AND r.created_at < $3",
                )))
                .bind(agency_id)
                .bind(start)
                .bind(end)
                .fetch_one(&self.pool)
                .await?;
                Ok(counts_from(row))
            }

            async fn request_response_counts(
                &self,
                agency_id: i64,
            ) -> Result<
                std::collections::HashMap<i64, porchlight_domain::wire::ResponseCounts>,
                $crate::db::DbError,
            > {
                use $crate::db::responses::*;
                let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(&$sql(&format!(
                    "SELECT x.request_id, {RESPONSE_COUNTS} \
                     FROM responses x JOIN requests r ON r.id = x.request_id \
                     WHERE r.agency_id = $1 GROUP BY x.request_id",
                )))
                .bind(agency_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(request_id, received, kept, expired)| {
                        (request_id, counts_from((received, kept, expired)))
                    })
                    .collect())
            }

            async fn request_responses_received(
                &self,
                request_id: i64,
            ) -> Result<u64, $crate::db::DbError> {
                use $crate::db::responses::*;
                let row: (i64, i64, i64) = sqlx::query_as(&$sql(&format!(
                    "SELECT {RESPONSE_COUNTS} FROM responses x WHERE x.request_id = $1",
                )))
                .bind(request_id)
                .fetch_one(&self.pool)
                .await?;
                Ok(counts_from(row).received)
            }

            async fn create_response(
                &self,
                new: &$crate::db::responses::NewResponse<'_>,
                now: time::OffsetDateTime,
            ) -> Result<i64, $crate::db::DbError> {
                use $crate::db::responses::*;
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                let id: i64 = sqlx::query_scalar(&$sql(
                    "INSERT INTO responses (request_id, account_id, key_id, shared, status, created_at) \
                     VALUES ($1, $2, $3, $4, 'uploading', $5) RETURNING id",
                ))
                .bind(new.request_id)
                .bind(new.account_id)
                .bind(new.key_id)
                .bind(shared_to(new.shared))
                .bind(to_unix(now))
                .fetch_one(&mut *tx)
                .await?;
                for (position, file) in new.files.iter().enumerate() {
                    sqlx::query(&$sql(
                        "INSERT INTO response_files (response_id, position, name, kind, size, sha256, \
                           captured_at, capture_source, ciphertext_size) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    ))
                    .bind(id)
                    .bind(position as i64)
                    .bind(&file.name)
                    .bind(enum_str(&file.kind))
                    .bind(file.size as i64)
                    .bind(&file.sha256)
                    .bind(to_unix(file.captured_at))
                    .bind(enum_str(&file.capture_source))
                    .bind(file.ciphertext_size as i64)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(id)
            }

            async fn response(
                &self,
                id: i64,
            ) -> Result<Option<$crate::db::responses::ResponseRow>, $crate::db::DbError> {
                use $crate::db::responses::*;
                let sql = $sql(&format!("{RESPONSE_COLUMNS} WHERE x.id = $1"));
                let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                let mut response = response_from_row(&row)?;
                self.responses_files(std::slice::from_mut(&mut response)).await?;
                Ok(Some(response))
            }

            async fn account_responses(
                &self,
                account_id: i64,
            ) -> Result<Vec<$crate::db::responses::ResponseRow>, $crate::db::DbError> {
                use $crate::db::responses::*;
                let sql = $sql(&format!(
                    "{RESPONSE_COLUMNS} WHERE x.account_id = $1 ORDER BY x.created_at DESC, x.id DESC"
                ));
                let rows = sqlx::query(&sql).bind(account_id).fetch_all(&self.pool).await?;
                let mut responses: Vec<ResponseRow> =
                    rows.iter().map(response_from_row).collect::<Result<_, _>>()?;
                self.responses_files(&mut responses).await?;
                Ok(responses)
            }

            async fn agency_responses(
                &self,
                agency_id: i64,
            ) -> Result<Vec<$crate::db::responses::ResponseRow>, $crate::db::DbError> {
                use $crate::db::responses::*;
                let sql = $sql(&format!(
                    "{RESPONSE_COLUMNS} WHERE r.agency_id = $1 \
                     AND x.status IN ('submitted', 'opened', 'kept_as_evidence', 'deleted') \
                     ORDER BY x.submitted_at DESC, x.id DESC"
                ));
                let rows = sqlx::query(&sql).bind(agency_id).fetch_all(&self.pool).await?;
                let mut responses: Vec<ResponseRow> =
                    rows.iter().map(response_from_row).collect::<Result<_, _>>()?;
                self.responses_files(&mut responses).await?;
                Ok(responses)
            }

            async fn record_chunk(
                &self,
                response_id: i64,
                file_id: i64,
                from: u64,
                len: u64,
            ) -> Result<$crate::db::responses::ChunkRecorded, $crate::db::DbError> {
                use $crate::db::responses::*;
                let (_guard, mut tx) = self.responses_tx().await?;
                let moved = sqlx::query(&$sql(
                    "UPDATE response_files SET received = received + $1 \
                     WHERE id = $2 AND response_id = $3 AND received = $4 \
                     AND received + $1 <= ciphertext_size \
                     AND EXISTS (SELECT 1 FROM responses x WHERE x.id = $3 AND x.status = 'uploading')",
                ))
                .bind(len as i64)
                .bind(file_id)
                .bind(response_id)
                .bind(from as i64)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(if moved == 1 {
                    ChunkRecorded::Recorded
                } else {
                    ChunkRecorded::Stale
                })
            }

            async fn record_envelope(
                &self,
                response_id: i64,
                size: u64,
            ) -> Result<bool, $crate::db::DbError> {
                let (_guard, mut tx) = self.responses_tx().await?;
                let n = sqlx::query(&$sql(
                    "UPDATE responses SET envelope_size = $1 WHERE id = $2 AND status = 'uploading'",
                ))
                .bind(size as i64)
                .bind(response_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(n == 1)
            }

            async fn submit_response(
                &self,
                id: i64,
                now: time::OffsetDateTime,
            ) -> Result<bool, $crate::db::DbError> {
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                let n = sqlx::query(&$sql(
                    "UPDATE responses SET status = 'submitted', submitted_at = $1 \
                     WHERE id = $2 AND status = 'uploading' AND envelope_size IS NOT NULL \
                     AND NOT EXISTS (SELECT 1 FROM response_files f \
                                     WHERE f.response_id = $2 AND f.received < f.ciphertext_size)",
                ))
                .bind(to_unix(now))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(n == 1)
            }

            async fn delete_uploading_response(&self, id: i64) -> Result<bool, $crate::db::DbError> {
                let (_guard, mut tx) = self.responses_tx().await?;
                sqlx::query(&$sql(
                    "DELETE FROM response_files WHERE response_id = $1 \
                     AND EXISTS (SELECT 1 FROM responses x WHERE x.id = $1 AND x.status = 'uploading')",
                ))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let n = sqlx::query(&$sql(
                    "DELETE FROM responses WHERE id = $1 AND status = 'uploading'",
                ))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(n == 1)
            }

            async fn withdraw_response(
                &self,
                id: i64,
                now: time::OffsetDateTime,
            ) -> Result<bool, $crate::db::DbError> {
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                let n = sqlx::query(&$sql(
                    "UPDATE responses SET status = 'withdrawn', deleted_at = $1 \
                     WHERE id = $2 AND status = 'submitted' AND opened_at IS NULL",
                ))
                .bind(to_unix(now))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(n == 1)
            }

            async fn open_response(
                &self,
                id: i64,
                now: time::OffsetDateTime,
            ) -> Result<bool, $crate::db::DbError> {
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                let n = sqlx::query(&$sql(
                    "UPDATE responses SET opened_at = coalesce(opened_at, $1), \
                       status = CASE WHEN status = 'submitted' THEN 'opened' ELSE status END \
                     WHERE id = $2 AND status IN ('submitted', 'opened', 'kept_as_evidence')",
                ))
                .bind(to_unix(now))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(n == 1)
            }

            async fn decide_response(
                &self,
                id: i64,
                decision: porchlight_domain::wire::ResponseDecision,
                now: time::OffsetDateTime,
            ) -> Result<bool, $crate::db::DbError> {
                use porchlight_domain::wire::ResponseDecision;
                use $crate::db::unix_time::to_unix;
                let sql = match decision {
                    ResponseDecision::KeptAsEvidence => {
                        "UPDATE responses SET status = 'kept_as_evidence', decided_at = $1 \
                         WHERE id = $2 AND status = 'opened'"
                    }
                    ResponseDecision::NotNeeded => {
                        "UPDATE responses SET status = 'deleted', decided_at = $1, deleted_at = $1, \
                           deleted_reason = 'not_needed' WHERE id = $2 AND status = 'opened'"
                    }
                };
                let (_guard, mut tx) = self.responses_tx().await?;
                let n = sqlx::query(&$sql(sql))
                    .bind(to_unix(now))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                tx.commit().await?;
                Ok(n == 1)
            }

            async fn expire_responses(
                &self,
                now: time::OffsetDateTime,
                limit: u32,
            ) -> Result<Vec<i64>, $crate::db::DbError> {
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                // One statement: a row another instance marked meanwhile no longer
                // matches `status IN (…)` when this one gets to it.
                let ids: Vec<i64> = sqlx::query_scalar(&$sql(
                    "UPDATE responses SET status = 'deleted', deleted_at = $1, deleted_reason = 'expiry' \
                     WHERE status IN ('submitted', 'opened') AND id IN ( \
                       SELECT x.id FROM responses x \
                       JOIN requests r ON r.id = x.request_id \
                       JOIN resolutions res ON res.request_id = x.request_id \
                       JOIN agency_retention ar ON ar.agency_id = r.agency_id \
                       WHERE x.status IN ('submitted', 'opened') \
                       AND res.resolved_at + ar.days * 86400 <= $1 \
                       ORDER BY x.id LIMIT $2) \
                     RETURNING id",
                ))
                .bind(to_unix(now))
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(ids)
            }

            async fn unpurged_responses(&self, limit: u32) -> Result<Vec<i64>, $crate::db::DbError> {
                Ok(sqlx::query_scalar(&$sql(
                    "SELECT id FROM responses WHERE status IN ('deleted', 'withdrawn') \
                     AND purged_at IS NULL ORDER BY id LIMIT $1",
                ))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn stale_uploads(
                &self,
                before: time::OffsetDateTime,
                limit: u32,
            ) -> Result<Vec<i64>, $crate::db::DbError> {
                use $crate::db::unix_time::to_unix;
                Ok(sqlx::query_scalar(&$sql(
                    "SELECT id FROM responses WHERE status = 'uploading' AND created_at < $1 \
                     ORDER BY id LIMIT $2",
                ))
                .bind(to_unix(before))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn mark_purged(
                &self,
                id: i64,
                now: time::OffsetDateTime,
            ) -> Result<(), $crate::db::DbError> {
                use $crate::db::unix_time::to_unix;
                let (_guard, mut tx) = self.responses_tx().await?;
                sqlx::query(&$sql(
                    "UPDATE responses SET purged_at = $1 WHERE id = $2 AND purged_at IS NULL",
                ))
                .bind(to_unix(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }
        }

        impl $store {
            /// Fills in each response's files, in their declared order.
            async fn responses_files(
                &self,
                responses: &mut [$crate::db::responses::ResponseRow],
            ) -> Result<(), sqlx::Error> {
                use $crate::db::responses::*;
                let sql = $sql(&format!(
                    "{FILE_COLUMNS} WHERE response_id = $1 ORDER BY position"
                ));
                for response in responses.iter_mut() {
                    let rows = sqlx::query(&sql)
                        .bind(response.id)
                        .fetch_all(&self.pool)
                        .await?;
                    response.files = rows.iter().map(file_from_row).collect::<Result<_, _>>()?;
                }
                Ok(())
            }
        }
    };
}
pub(super) use impl_response_store;

//! The storage interface: everything the handlers, the demo, the seed and the log ask
//! of a database, in domain words. Each backend (`sqlite`, `postgres`) implements every
//! part with its own SQL and its own migrations; one test suite runs against both.
//!
//! Split by concern, so each backend implements each part in a file of its own; a
//! [`Store`] is all of them.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::ops::Range;

use async_trait::async_trait;
use porchlight_domain::moderation::{
    Concern, DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision,
};
use porchlight_domain::public_log::LogHash;
use porchlight_domain::wire::{
    AgencyProfile, AgencyRef, AgencyStats, AgencySummary, GridCell, LogEntry, NewAgency,
    PolicyFinding, PublishedRequest, ReportedRequest, RequestModeration, SignedCheckpoint,
    Submission,
};
use porchlight_domain::{DraftError, RequestDraft};
use time::OffsetDateTime;

use super::copy::{CopyError, CopyReader, CopyWriter};
use super::{
    AccountRow, BulkRequest, DbError, FeedEntry, FeedQuery, GridQuery, LimitHit, LimitOutcome,
    LoginThrottle, MakeModeratorOutcome, ModerationLogQuery, NewAccount, NewRequest, PageCursor,
    ReportDecisionOutcome, ReportFigures, ReportOutcome, ReportWindow, ResolveOutcome,
    ReviewOutcome,
};
use super::{
    ConfirmOutcome, Delivery, NewSubscription, OutboxClaim, OutboxRow, SubscriptionRow,
    SubscriptionToken,
};
use crate::public_log::LogSigner;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Decides, given how many requests the agency already has with the draft's case
/// number, whether the draft may be published (the domain's rules).
pub type ValidateDraft =
    Box<dyn FnOnce(u32) -> Result<RequestDraft, Vec<DraftError>> + Send + 'static>;

/// A whole storage backend.
#[async_trait]
pub trait Store:
    AccountStore
    + AgencyStore
    + AgencyStatsStore
    + RequestStore
    + GridStore
    + BulkStore
    + LogStore
    + CopyStore
    + ModerationStore
    + RateLimitStore
    + ReportStore
    + AlertStore
    + super::responses::ResponseStore
    + Debug
    + Send
    + Sync
    + 'static
{
    /// The engine behind this store.
    fn backend(&self) -> Backend;

    /// For backend-specific tests (e.g. SQLite's journal mode).
    fn as_any(&self) -> &dyn Any;

    /// Closes every connection (at shutdown).
    async fn close(&self);

    /// Whether the database answers a trivial query (`GET /health`).
    async fn ping(&self) -> Result<(), DbError>;

    /// Runs one raw SQL statement. Only for tests that prove what the database itself
    /// refuses (immutability triggers); handlers never call it.
    #[doc(hidden)]
    async fn execute_raw(&self, sql: &str) -> Result<u64, sqlx::Error>;

    /// Whether the named seed (e.g. `demo`) already ran on this database.
    async fn is_seeded(&self, name: &str) -> Result<bool, DbError>;

    /// Records that the named seed ran.
    async fn mark_seeded(&self, name: &str, now: OffsetDateTime) -> Result<(), DbError>;
}

/// Accounts, sessions and the sign-in throttle: all in the database, so that every
/// server instance sees the same.
#[async_trait]
pub trait AccountStore {
    /// Creates an account; `None` when the email is taken (case-insensitively).
    async fn create_account(
        &self,
        new: &NewAccount<'_>,
        now: OffsetDateTime,
    ) -> Result<Option<i64>, DbError>;

    /// The account with this email (case-insensitive).
    async fn account_by_email(&self, email: &str) -> Result<Option<AccountRow>, DbError>;

    /// The account with this id.
    async fn account_by_id(&self, id: i64) -> Result<Option<AccountRow>, DbError>;

    /// Stores a session (by the token's hash).
    async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<(), DbError>;

    /// The account of an unexpired session.
    async fn account_by_session(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<AccountRow>, DbError>;

    /// Ends a session; also sweeps expired ones.
    async fn delete_session(&self, token_hash: &str, now: OffsetDateTime) -> Result<(), DbError>;

    /// Ends every session of the account ("sign out everywhere"); returns how many.
    async fn delete_account_sessions(&self, account_id: i64) -> Result<u64, DbError>;

    /// How many sessions are stored (tests and operations).
    async fn session_count(&self) -> Result<i64, DbError>;

    /// Sets the resident's opt-out.
    async fn set_hide_requests(&self, account_id: i64, hide: bool) -> Result<(), DbError>;

    /// Makes an account staff of an agency.
    async fn make_staff(&self, account_id: i64, agency_id: i64) -> Result<(), DbError>;

    /// When this email's sign-ins are locked until (unix seconds), if they are now.
    async fn login_locked_until(
        &self,
        email: &str,
        now: OffsetDateTime,
    ) -> Result<Option<i64>, DbError>;

    /// Counts a failed sign-in; returns the lock's end when this failure locks the email.
    async fn record_login_failure(
        &self,
        email: &str,
        now: OffsetDateTime,
        throttle: LoginThrottle,
    ) -> Result<Option<i64>, DbError>;

    /// Forgets failed sign-ins after a successful one.
    async fn clear_login_failures(&self, email: &str) -> Result<(), DbError>;
}

/// The abuse limits' counters (`rate_limits`): in the database, so that every server
/// instance counts the same hits.
#[async_trait]
pub trait RateLimitStore {
    /// Counts one hit on each of `hits` at `now`, all or none: if any limit has no room
    /// (its sliding window, estimated from the current and the previous fixed window,
    /// holds `max` hits), nothing is counted and that limit is named. Atomic with every
    /// other instance's hits: of many requests at once, exactly as many pass as there
    /// is room for.
    async fn hit_rate_limits(
        &self,
        hits: &[LimitHit],
        now: OffsetDateTime,
    ) -> Result<LimitOutcome, DbError>;

    /// Forgets every hit counted for `key` in `bucket` (a successful sign-in clears its
    /// account's attempts).
    async fn forget_rate_limit(&self, bucket: &str, key: &str) -> Result<(), DbError>;

    /// Deletes the windows no limit needs any more (two windows after their start);
    /// returns how many rows went.
    async fn prune_rate_limits(&self, now: OffsetDateTime) -> Result<u64, DbError>;

    /// How many counters are stored (tests: pruning keeps the table small).
    async fn rate_limit_rows(&self) -> Result<i64, DbError>;
}

/// Agencies and their directory.
#[async_trait]
pub trait AgencyStore {
    /// Creates an agency; `None` when the slug is taken.
    async fn create_agency(
        &self,
        agency: &NewAgency,
        now: OffsetDateTime,
    ) -> Result<Option<i64>, DbError>;

    /// The agency's id and reference, by slug.
    async fn agency_by_slug(&self, slug: &str) -> Result<Option<(i64, AgencyRef)>, DbError>;

    /// Every agency with its request counts, by name (case-insensitively), then id.
    async fn list_agencies(&self, now: OffsetDateTime) -> Result<Vec<AgencySummary>, DbError>;

    /// The public profile of an agency, with its statistics.
    async fn agency_profile(
        &self,
        slug: &str,
        now: OffsetDateTime,
    ) -> Result<Option<AgencyProfile>, DbError>;
}

/// An agency's statistics and its complete record (open data).
#[async_trait]
pub trait AgencyStatsStore {
    /// The statistics of an agency's requests as of `now`, from one snapshot of the
    /// per-agency counters; months are calendar months in UTC.
    async fn agency_stats(
        &self,
        agency_id: i64,
        now: OffsetDateTime,
    ) -> Result<AgencyStats, DbError>;

    /// [`AgencyStatsStore::agency_stats`] counted from every request instead of the
    /// counters (slow; tests check that both agree).
    #[doc(hidden)]
    async fn agency_stats_recounted(
        &self,
        agency_id: i64,
        now: OffsetDateTime,
    ) -> Result<AgencyStats, DbError>;

    /// Every request of an agency, newest first (the open-data exports).
    async fn agency_requests_all(&self, agency_id: i64) -> Result<Vec<PublishedRequest>, DbError>;
}

/// Published requests: publishing, resolving, reading and the feed.
#[async_trait]
pub trait RequestStore {
    /// Publishes a request atomically with its case-limit check: inside one write
    /// transaction, sequenced with every other publisher of every server instance, it
    /// counts the agency's requests with this case number, lets `validate` decide
    /// with that count, stores the draft only if it passed and appends it to the log.
    /// A refused draft leaves nothing behind.
    async fn publish_request(
        &self,
        agency_id: i64,
        author_id: Option<i64>,
        raw_case_number: &str,
        now: OffsetDateTime,
        validate: ValidateDraft,
    ) -> Result<Result<PublishedRequest, Vec<DraftError>>, DbError>;

    /// Stores (and logs) already validated requests in one transaction (demo data).
    async fn insert_requests(&self, requests: &[NewRequest<'_>]) -> Result<Vec<i64>, DbError>;

    /// One published request.
    async fn request(&self, id: i64) -> Result<Option<PublishedRequest>, DbError>;

    /// The agency a request belongs to.
    async fn request_agency_id(&self, id: i64) -> Result<Option<i64>, DbError>;

    /// A page of requests newest first, by (publication time, id), and the cursor of
    /// the next page if there is one.
    async fn feed(
        &self,
        query: &FeedQuery,
    ) -> Result<(Vec<PublishedRequest>, Option<PageCursor>), DbError>;

    /// The same page as [`RequestStore::feed`], as entries only (no request's content):
    /// what the feed reads when the requests' JSON is cached.
    async fn feed_entries(
        &self,
        query: &FeedQuery,
    ) -> Result<(Vec<FeedEntry>, Option<PageCursor>), DbError>;

    /// The requests matching `query`'s box and agency (and, without an agency, no policy
    /// finding) that were resolved at or after `since`, the newest resolution first, at
    /// most `limit` (the Atom feeds' resolution entries).
    async fn newest_resolutions(
        &self,
        query: &FeedQuery,
        since: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<PublishedRequest>, DbError>;

    /// The requests with these ids, in id order (missing ids are skipped).
    async fn requests_by_ids(&self, ids: &[i64]) -> Result<Vec<PublishedRequest>, DbError>;

    /// Resolves a request once (an append-only row), logged in the same transaction.
    async fn resolve_request(
        &self,
        id: i64,
        note: Option<&str>,
        resolved_by: Option<i64>,
        now: OffsetDateTime,
    ) -> Result<ResolveOutcome, DbError>;

    /// Total stored requests (tests: a refused post leaves no row).
    async fn request_count(&self) -> Result<i64, DbError>;
}

/// Requests counted per map cell, and an agency's extent.
#[async_trait]
pub trait GridStore {
    /// The cells holding at least one matching request (a request counts in the cell
    /// of its area's bounding-box centre).
    async fn grid(&self, query: &GridQuery) -> Result<Vec<GridCell>, DbError>;

    /// `[west, south, east, north]` around every area the agency ever asked about;
    /// `None` before its first request.
    async fn agency_extent(&self, agency_id: i64) -> Result<Option<[f64; 4]>, DbError>;
}

/// Bulk loading (the `seed` command, `store copy`).
#[async_trait]
pub trait BulkStore {
    /// Stores `batch` in one transaction and appends it to the public log as publishing
    /// does (each request's entry, then its resolution's, built from the rows read
    /// back). Returns the number of resolutions stored.
    async fn insert_bulk(&self, batch: Vec<BulkRequest>) -> Result<usize, DbError>;

    /// Entries in the feed's spatial index (one per published request).
    async fn spatial_index_len(&self) -> Result<i64, DbError>;

    /// When the oldest and the newest request were published; `None` when there is none.
    async fn request_time_range(&self)
        -> Result<Option<(OffsetDateTime, OffsetDateTime)>, DbError>;
}

/// The public log (RFC 6962 Merkle tree) as stored.
#[async_trait]
pub trait LogStore {
    /// The key that signs this log's checkpoints.
    fn log_signer(&self) -> &LogSigner;

    /// The public key (hex) the database's log was started with, if recorded.
    async fn recorded_log_key(&self) -> Result<Option<String>, DbError>;

    /// The public key the database's log was started with, recorded as `key` (hex) if
    /// none is recorded yet. The caller compares it with its own.
    async fn adopt_log_key(&self, key: &str) -> Result<String, DbError>;

    /// Makes sure the log covers everything published: signs the empty log's
    /// checkpoint on a new database, appends requests and resolutions published before
    /// the log existed (oldest first), and stores any missing tree nodes. Runs at
    /// start-up, after the key check.
    async fn complete_log(&self) -> Result<(), DbError>;

    /// The newest signed checkpoint.
    async fn log_checkpoint(&self) -> Result<SignedCheckpoint, DbError>;

    /// Number of entries in the log.
    async fn log_size(&self) -> Result<u64, DbError>;

    /// Entries `start..end` (end exclusive), at most
    /// [`MAX_ENTRIES_PER_PAGE`](super::MAX_ENTRIES_PER_PAGE).
    async fn log_entries(&self, start: u64, end: u64) -> Result<Vec<LogEntry>, DbError>;

    /// The root hash of each leaf range (as the proof range functions of
    /// `porchlight_domain::public_log` give them), from stored perfect subtrees.
    async fn log_range_hashes(&self, ranges: &[Range<u64>]) -> Result<Vec<LogHash>, DbError>;
}

/// Whole-database copies (`store copy`): the same rows out of one backend and into
/// another, with each backend's own SQL.
#[async_trait]
pub trait CopyStore {
    /// A consistent snapshot of every copied table, read in primary-key order.
    async fn copy_reader(&self) -> Result<Box<dyn CopyReader>, CopyError>;

    /// The one transaction a copy is written in; refused unless every copied table is
    /// empty (a fresh database, migrated).
    async fn copy_writer(&self) -> Result<Box<dyn CopyWriter>, CopyError>;
}

/// Review before publishing, resident reports, policy findings and the public
/// moderation log. Submissions take their ids from the requests' id space, so an
/// approved submission is published as the request with the same id.
#[async_trait]
pub trait ModerationStore {
    /// Makes an existing account a moderator (no one is both staff and moderator).
    async fn make_moderator(
        &self,
        account_id: i64,
        now: OffsetDateTime,
    ) -> Result<MakeModeratorOutcome, DbError>;

    /// Stores a draft for review, atomically with its case-limit check as
    /// [`RequestStore::publish_request`] does: `validate` is given how many requests
    /// the agency has published *or has pending* under this case number (rejected
    /// submissions do not count). A refused draft leaves nothing behind.
    async fn submit_request(
        &self,
        agency_id: i64,
        author_id: Option<i64>,
        raw_case_number: &str,
        now: OffsetDateTime,
        validate: ValidateDraft,
        concerns: Vec<Concern>,
    ) -> Result<Result<Submission, Vec<DraftError>>, DbError>;

    /// One submission and its agency's id.
    async fn submission(&self, id: i64) -> Result<Option<(i64, Submission)>, DbError>;

    /// Every submission awaiting review, oldest first.
    async fn moderation_queue(&self) -> Result<Vec<Submission>, DbError>;

    /// Every submission of an agency, newest first.
    async fn agency_submissions(&self, agency_id: i64) -> Result<Vec<Submission>, DbError>;

    /// Decides on a pending submission, once, sequenced with every other writer of
    /// every instance. An approval re-checks the stored draft with `revalidate` (given
    /// the agency's count of *published* requests for the case, at `now`), publishes
    /// it with the submission's id and `now` as its publication time, and appends the
    /// decision's entry and then the request's entry to the public log; a rejection
    /// appends the decision's entry. All in one transaction.
    async fn review_submission(
        &self,
        id: i64,
        moderator_id: i64,
        decision: DecisionInput<ReviewDecision>,
        now: OffsetDateTime,
        revalidate: ValidateDraft,
    ) -> Result<ReviewOutcome, DbError>;

    /// A resident reports a published request, once per account.
    async fn report_request(
        &self,
        request_id: i64,
        account_id: i64,
        reason: ProhibitedUse,
        comment: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<ReportOutcome, DbError>;

    /// A published request's review, report count and findings; `viewer` is the
    /// signed-in account, for `reported_by_me`. `None` when no request has this id.
    async fn request_moderation(
        &self,
        request_id: i64,
        viewer: Option<i64>,
    ) -> Result<Option<RequestModeration>, DbError>;

    /// Published requests with open reports, the oldest open report first.
    async fn reported_requests(&self) -> Result<Vec<ReportedRequest>, DbError>;

    /// Decides on every open report of a request at once, logged in the same
    /// transaction; an upheld decision is a permanent policy finding.
    async fn decide_reports(
        &self,
        request_id: i64,
        moderator_id: i64,
        decision: DecisionInput<ReportDecision>,
        now: OffsetDateTime,
    ) -> Result<ReportDecisionOutcome, DbError>;

    /// A page of the public moderation log, newest first, and the id to continue
    /// before if there is more.
    async fn moderation_log(
        &self,
        query: &ModerationLogQuery,
    ) -> Result<(Vec<porchlight_domain::wire::ModerationLogItem>, Option<i64>), DbError>;

    /// Every policy finding on an agency's requests, newest first.
    async fn agency_findings(&self, agency_id: i64) -> Result<Vec<PolicyFinding>, DbError>;
}

/// The annual reports' figures (`report_query.rs`: one method for every backend).
#[async_trait]
pub trait ReportStore {
    /// Every agency's id, reference and IANA time zone, by name (case-insensitively),
    /// then id; only the agency with `slug` when one is given.
    async fn agency_zones(
        &self,
        slug: Option<&str>,
    ) -> Result<Vec<(i64, AgencyRef, String)>, DbError>;

    /// The figures of each of the window's agencies (every one of them, zeros without
    /// requests) over the requests published in the window, from one snapshot.
    async fn report_figures(
        &self,
        window: &ReportWindow,
    ) -> Result<BTreeMap<i64, ReportFigures>, DbError>;
}

/// Email alerts: subscriptions and their outbox (`alert_rows.rs`). A published
/// request's alerts are written by `publish_request` and `review_submission` in the
/// transaction that publishes it.
#[async_trait]
pub trait AlertStore {
    /// Stores an unconfirmed subscription and its confirmation email in the outbox, in
    /// one transaction; returns its id.
    async fn create_alert_subscription(
        &self,
        new: &NewSubscription<'_>,
        now: OffsetDateTime,
    ) -> Result<i64, DbError>;

    /// Confirms the subscription whose confirmation token this is, once, if its time
    /// is not up; the token is used up.
    async fn confirm_alert_subscription(
        &self,
        confirm_token: &str,
        now: OffsetDateTime,
    ) -> Result<ConfirmOutcome, DbError>;

    /// One subscription by id.
    async fn alert_subscription(&self, id: i64) -> Result<Option<SubscriptionRow>, DbError>;

    /// One subscription by its manage or feed token.
    async fn alert_subscription_by_token(
        &self,
        token: SubscriptionToken<'_>,
    ) -> Result<Option<SubscriptionRow>, DbError>;

    /// Deletes the subscription (its address with it) and its outbox rows; whether
    /// there was one.
    async fn delete_alert_subscription(&self, manage_token: &str) -> Result<bool, DbError>;

    /// Deletes subscriptions never confirmed whose link expired before `now`; how many.
    async fn sweep_alert_subscriptions(&self, now: OffsetDateTime) -> Result<u64, DbError>;

    /// Claims up to `limit` due outbox rows for `owner` until `lease_until`, atomically
    /// with every other worker of every instance: a row is claimed by one worker at a
    /// time, and again only once its lease ran out unfinished.
    async fn claim_alert_outbox(
        &self,
        owner: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<OutboxClaim>, DbError>;

    /// Records how a claimed row's delivery went (only while `owner` holds it).
    async fn finish_alert_outbox(
        &self,
        id: i64,
        owner: &str,
        delivery: &Delivery,
        now: OffsetDateTime,
    ) -> Result<(), DbError>;

    /// Every outbox row, by id (tests, operations).
    #[doc(hidden)]
    async fn alert_outbox_rows(&self) -> Result<Vec<OutboxRow>, DbError>;
}

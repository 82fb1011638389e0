//! [`Db`]: what the rest of the server holds, a cheap handle on one [`Store`].

use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

use porchlight_domain::moderation::{
    Concern, DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision,
};
use porchlight_domain::wire::{AgencyProfile, AgencyStats, PublishedRequest, Submission};
use porchlight_domain::DraftError;
use time::OffsetDateTime;

use super::postgres::PgStore;
use super::request_cache::{RequestCache, DEFAULT_REQUEST_CACHE_BYTES};
use super::sqlite::SqliteStore;
use super::store::{Store, ValidateDraft};
use super::{
    DbError, DbLocation, LimitHit, LimitOutcome, ReportDecisionOutcome, ReportFigures,
    ReportOutcome, ReportWindow, ResolveOutcome, ReviewOutcome, StoreOptions,
};
use crate::public_log::LogSigner;

/// The database, whichever the backend. Dereferences to the [`Store`] interface;
/// the writes and snapshot reads below run on a task of their own.
#[derive(Debug, Clone)]
pub struct Db {
    store: Arc<dyn Store>,
    /// This instance's JSON of published requests (`cached_reads.rs`).
    pub(super) cache: Arc<RequestCache>,
}

impl Deref for Db {
    type Target = dyn Store;

    fn deref(&self) -> &(dyn Store + 'static) {
        &*self.store
    }
}

impl Db {
    /// Opens the database at `location` (a SQLite file is created if missing), runs
    /// its pending migrations, checks the log key (next to a SQLite file, else
    /// `./porchlight-log.key`; created on first start) and completes the log.
    pub async fn open(location: impl Into<DbLocation>) -> Result<Db, DbError> {
        let location = location.into();
        let key = location.default_key_path();
        Self::open_with_log_key(location, &key).await
    }

    /// [`Db::open`] with the log's signing key at `key_path`.
    pub async fn open_with_log_key(
        location: impl Into<DbLocation>,
        key_path: &Path,
    ) -> Result<Db, DbError> {
        Self::open_with_options(location, key_path, &StoreOptions::default()).await
    }

    /// [`Db::open_with_log_key`], treating the migrations as `options` say.
    pub async fn open_with_options(
        location: impl Into<DbLocation>,
        key_path: &Path,
        options: &StoreOptions,
    ) -> Result<Db, DbError> {
        let signer = Arc::new(LogSigner::load_or_create(key_path)?);
        let store = open_store(location.into(), signer, options).await?;
        let db = Db {
            store,
            cache: Arc::new(RequestCache::new(DEFAULT_REQUEST_CACHE_BYTES)),
        };
        db.check_log_key(key_path).await?;
        db.store.complete_log().await?;
        Ok(db)
    }

    /// Refuses to go on when this server's key is not the one the database's log was
    /// started with: its checkpoints would not verify, and an auditor would take the
    /// switch for a forged log. A database whose log predates the record of its key
    /// adopts this key only if it signed the newest checkpoint.
    async fn check_log_key(&self, key_path: &Path) -> Result<(), DbError> {
        let ours = self.log_signer().public_key();
        let mismatch = |database: String| DbError::LogKeyMismatch {
            database,
            ours: ours.to_string(),
            key_file: key_path.display().to_string(),
        };
        match self.log_checkpoint().await {
            Ok(newest) => {
                let checkpoint = porchlight_domain::public_log::Checkpoint {
                    tree_size: newest.tree_size,
                    root_hash: newest.root_hash,
                    timestamp_ms: newest.timestamp_ms,
                };
                if checkpoint.verify(&ours, &newest.signature).is_err() {
                    let recorded = self.store.recorded_log_key().await?;
                    return Err(mismatch(
                        recorded.unwrap_or_else(|| "of another server".to_owned()),
                    ));
                }
            }
            Err(DbError::Sqlx(sqlx::Error::RowNotFound)) => {}
            Err(other) => return Err(other),
        }
        let recorded = self.store.adopt_log_key(&ours.to_string()).await?;
        if recorded != ours.to_string() {
            return Err(mismatch(recorded));
        }
        Ok(())
    }

    /// The store alone, for the tools that move or prepare a database (`store copy`,
    /// `store migrate`, `store grant`): no key file is read or created and the log is
    /// left as it is. These tools never sign, so the store gets a throwaway key; were
    /// a checkpoint ever signed with it, the database's servers would refuse to start
    /// (their key would not verify it) rather than publish it.
    pub async fn open_unsigned(
        location: &DbLocation,
        options: &StoreOptions,
    ) -> Result<Arc<dyn Store>, DbError> {
        let mut seed = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
        open_store(
            location.clone(),
            Arc::new(LogSigner::from_seed(seed)),
            options,
        )
        .await
    }

    /// This handle with a request cache of `budget_bytes` (0: none) instead of the
    /// default [`DEFAULT_REQUEST_CACHE_BYTES`].
    pub fn with_request_cache_bytes(self, budget_bytes: usize) -> Db {
        Db {
            cache: Arc::new(RequestCache::new(budget_bytes)),
            ..self
        }
    }

    /// This instance's cache of requests' JSON for the feed.
    pub fn request_cache(&self) -> &RequestCache {
        &self.cache
    }

    /// The store itself (backend-specific tests).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// [`RequestStore::publish_request`](super::RequestStore::publish_request) on its
    /// own task, so that it finishes (commits or rolls back) even when the caller stops
    /// waiting: a client that disconnects mid-post drops the handler's future, and a
    /// transaction cancelled inside sqlx can outlive its handle (on SQLite its pooled
    /// connection then keeps the write lock). Every write a handler starts goes so.
    pub async fn publish_request(
        &self,
        agency_id: i64,
        author_id: Option<i64>,
        raw_case_number: &str,
        now: OffsetDateTime,
        validate: ValidateDraft,
    ) -> Result<Result<PublishedRequest, Vec<DraftError>>, DbError> {
        let store = self.store.clone();
        let case = raw_case_number.to_owned();
        tokio::spawn(async move {
            store
                .publish_request(agency_id, author_id, &case, now, validate)
                .await
        })
        .await?
    }

    /// [`RequestStore::resolve_request`](super::RequestStore::resolve_request) on its
    /// own task (see [`Db::publish_request`]).
    pub async fn resolve_request(
        &self,
        id: i64,
        note: Option<&str>,
        resolved_by: Option<i64>,
        now: OffsetDateTime,
    ) -> Result<ResolveOutcome, DbError> {
        let store = self.store.clone();
        let note = note.map(str::to_owned);
        tokio::spawn(async move {
            store
                .resolve_request(id, note.as_deref(), resolved_by, now)
                .await
        })
        .await?
    }

    /// [`ModerationStore::submit_request`](super::ModerationStore::submit_request) on
    /// its own task (see [`Db::publish_request`]).
    pub async fn submit_request(
        &self,
        agency_id: i64,
        author_id: Option<i64>,
        raw_case_number: &str,
        now: OffsetDateTime,
        validate: ValidateDraft,
        concerns: Vec<Concern>,
    ) -> Result<Result<Submission, Vec<DraftError>>, DbError> {
        let store = self.store.clone();
        let case = raw_case_number.to_owned();
        tokio::spawn(async move {
            store
                .submit_request(agency_id, author_id, &case, now, validate, concerns)
                .await
        })
        .await?
    }

    /// [`ModerationStore::review_submission`](super::ModerationStore::review_submission)
    /// on its own task (see [`Db::publish_request`]).
    pub async fn review_submission(
        &self,
        id: i64,
        moderator_id: i64,
        decision: DecisionInput<ReviewDecision>,
        now: OffsetDateTime,
        revalidate: ValidateDraft,
    ) -> Result<ReviewOutcome, DbError> {
        let store = self.store.clone();
        tokio::spawn(async move {
            store
                .review_submission(id, moderator_id, decision, now, revalidate)
                .await
        })
        .await?
    }

    /// [`ModerationStore::report_request`](super::ModerationStore::report_request) on
    /// its own task (see [`Db::publish_request`]).
    pub async fn report_request(
        &self,
        request_id: i64,
        account_id: i64,
        reason: ProhibitedUse,
        comment: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<ReportOutcome, DbError> {
        let store = self.store.clone();
        let comment = comment.map(str::to_owned);
        tokio::spawn(async move {
            store
                .report_request(request_id, account_id, reason, comment.as_deref(), now)
                .await
        })
        .await?
    }

    /// [`ModerationStore::decide_reports`](super::ModerationStore::decide_reports) on
    /// its own task (see [`Db::publish_request`]).
    pub async fn decide_reports(
        &self,
        request_id: i64,
        moderator_id: i64,
        decision: DecisionInput<ReportDecision>,
        now: OffsetDateTime,
    ) -> Result<ReportDecisionOutcome, DbError> {
        let store = self.store.clone();
        tokio::spawn(async move {
            store
                .decide_reports(request_id, moderator_id, decision, now)
                .await
        })
        .await?
    }

    /// An agency's statistics on their own task: a read transaction left open would
    /// pin its connection to an old snapshot.
    pub async fn agency_stats(
        &self,
        agency_id: i64,
        now: OffsetDateTime,
    ) -> Result<AgencyStats, DbError> {
        let store = self.store.clone();
        tokio::spawn(async move { store.agency_stats(agency_id, now).await }).await?
    }

    /// [`ReportStore::report_figures`](super::ReportStore::report_figures) on its own
    /// task (see [`Db::agency_stats`]).
    pub async fn report_figures(
        &self,
        window: &ReportWindow,
    ) -> Result<std::collections::BTreeMap<i64, ReportFigures>, DbError> {
        let store = self.store.clone();
        let window = window.clone();
        tokio::spawn(async move { store.report_figures(&window).await }).await?
    }

    /// An agency's profile on its own task (see [`Db::agency_stats`]).
    pub async fn agency_profile(
        &self,
        slug: &str,
        now: OffsetDateTime,
    ) -> Result<Option<AgencyProfile>, DbError> {
        let store = self.store.clone();
        let slug = slug.to_owned();
        tokio::spawn(async move { store.agency_profile(&slug, now).await }).await?
    }

    /// [`RateLimitStore::hit_rate_limits`](super::RateLimitStore::hit_rate_limits) on
    /// its own task (see [`Db::publish_request`]): every request a limit covers starts
    /// with it, cut off or not.
    pub async fn hit_rate_limits(
        &self,
        hits: Vec<LimitHit>,
        now: OffsetDateTime,
    ) -> Result<LimitOutcome, DbError> {
        let store = self.store.clone();
        tokio::spawn(async move { store.hit_rate_limits(&hits, now).await }).await?
    }

    /// [`RateLimitStore::forget_rate_limit`](super::RateLimitStore::forget_rate_limit)
    /// on its own task (see [`Db::publish_request`]).
    pub async fn forget_rate_limit(&self, bucket: &'static str, key: &str) -> Result<(), DbError> {
        let store = self.store.clone();
        let key = key.to_owned();
        tokio::spawn(async move { store.forget_rate_limit(bucket, &key).await }).await?
    }
}

/// Opens the backend `location` names, its migrations run or checked.
async fn open_store(
    location: DbLocation,
    signer: Arc<LogSigner>,
    options: &StoreOptions,
) -> Result<Arc<dyn Store>, DbError> {
    Ok(match location {
        DbLocation::Sqlite(path) => Arc::new(SqliteStore::open(&path, signer, options).await?),
        DbLocation::Postgres(url) => PgStore::open(&url, signer, options).await?,
    })
}

//! What every handler can reach: the database, the configuration and the clock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use axum::extract::FromRef;
use time::OffsetDateTime;

use porchlight_domain::wire::AgencyRef;

use crate::auth::HashingPool;
use crate::blob_store::BlobStore;
use crate::config::Config;
use crate::db::Db;
use crate::error::AppError;
use crate::limits::{Action, ClientAddr, Limiter};
use crate::security::SecurityHeaders;
use crate::spa::AppFiles;

/// Shared application state (cheap to clone).
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub files: Arc<AppFiles>,
    pub security: Arc<SecurityHeaders>,
    pub clock: Clock,
    /// The abuse limits (counted in the database).
    pub limiter: Arc<Limiter>,
    /// Where sign-ups and sign-ins hash passwords, a bounded few at a time.
    pub hashing: Arc<HashingPool>,
    /// Where residents' responses keep their ciphertext (`--blob-store`).
    pub blobs: Arc<dyn BlobStore>,
}

impl AppState {
    /// Loads the app build from `config.dist` and derives the security headers from it;
    /// opens the blob store of `config.blob_store` (panics if a directory cannot be
    /// created: see [`AppState::try_new`]).
    pub fn new(db: Db, config: Config) -> AppState {
        AppState::try_new(db, config).expect("open the blob store")
    }

    /// [`AppState::new`], with the blob store's error.
    pub fn try_new(db: Db, config: Config) -> std::io::Result<AppState> {
        let blobs = config.blob_store.open()?;
        let files = AppFiles::load(&config.dist);
        let security = SecurityHeaders::new(
            files.index_html(),
            config.client.tile_url.as_deref(),
            config.https(),
        );
        let limiter = Limiter::new(config.limits);
        let hashing = HashingPool::new(config.hashing_threads, config.hashing_queue);
        Ok(AppState {
            db,
            config: Arc::new(config),
            files: Arc::new(files),
            security: Arc::new(security),
            clock: Clock::default(),
            limiter: Arc::new(limiter),
            hashing: Arc::new(hashing),
            blobs,
        })
    }

    /// Counts one `action` from `client` (signing in to `account`) against the abuse
    /// limits, or the 429 that refuses it.
    pub async fn admit(
        &self,
        action: Action,
        client: &ClientAddr,
        account: Option<&str>,
    ) -> Result<(), AppError> {
        self.limiter
            .admit(&self.db, action, client, account, self.now())
            .await
    }

    /// The agency a path or query names by its slug, or the API's 404.
    pub async fn agency(&self, slug: &str) -> Result<(i64, AgencyRef), AppError> {
        self.db
            .agency_by_slug(slug)
            .await?
            .ok_or_else(|| AppError::not_found("agency"))
    }

    /// The current time (UTC), from the state's clock.
    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }
}

impl FromRef<AppState> for Arc<AppFiles> {
    fn from_ref(state: &AppState) -> Self {
        state.files.clone()
    }
}

/// The system clock, which tests can move forward (session expiry, throttling windows).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
}

impl Clock {
    /// Now, plus any offset a test added.
    pub fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        now + time::Duration::seconds(self.offset_secs.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, by: time::Duration) {
        self.offset_secs
            .fetch_add(by.whole_seconds(), Ordering::Relaxed);
    }
}

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use crate::db::{to_unix, Backend, DbError, Migrations, Store, StoreOptions};
use crate::public_log::LogSigner;

/// Pooled connections per server instance. Publishing is sequenced by one lock, so
/// more connections than cores mostly queue on it; reads run in parallel.
const MAX_CONNECTIONS: u32 = 16;
/// Connections of the bbox feed's own pool (see [`PgStore::feed_pool`]).
const MAX_FEED_CONNECTIONS: u32 = 8;

/// The PostgreSQL store: a pool of connections to one database shared by every
/// server instance, and the key that signs the public log's checkpoints.
#[derive(Debug, Clone)]
pub struct PgStore {
    pub(super) pool: PgPool,
    /// Connections set up for the bbox feed's one statement, and used for nothing
    /// else: bitmap scans off, so that the planner takes the GiST index's KNN scan
    /// (it cannot tell how early that scan stops: it has no statistics for `&&` on
    /// boxes, and once preferred a bitmap scan of every request in the box, then a
    /// sort, 21 ms instead of 0.5 ms a page on 100 000 requests); and generic plans,
    /// planned once per connection instead of at every page (the plan is the same
    /// whatever the box: measured 0.4 ms of planning per page, as much as running it).
    /// Set when connecting, so a page takes one round trip instead of four
    /// (`BEGIN`, `SET LOCAL`, the page, `COMMIT`).
    pub(super) feed_pool: PgPool,
    pub(super) log: Arc<LogSigner>,
}

impl PgStore {
    /// Connects to `url` and runs pending migrations (or checks them, as `store_options`
    /// say); the log is completed by [`crate::db::Db::open`] once the key is checked.
    pub async fn open(
        url: &str,
        log: Arc<LogSigner>,
        store_options: &StoreOptions,
    ) -> Result<Arc<dyn Store>, DbError> {
        let options: PgConnectOptions = url.parse()?;
        let options = options.application_name("porchlight-server");
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await?;
        let feed_pool = PgPoolOptions::new()
            .max_connections(MAX_FEED_CONNECTIONS)
            // No ping before each page (a round trip; 4 % of the feed's rate): it only
            // reads, so a connection that died with the database fails one page,
            // which the map asks for again at its next move.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_lazy_with(options.options([
                ("enable_bitmapscan", "off"),
                ("plan_cache_mode", "force_generic_plan"),
            ]));
        let store = PgStore {
            pool,
            feed_pool,
            log,
        };
        store.migrate_with(store_options.migrations).await?;
        Ok(Arc::new(store))
    }

    /// Runs the numbered migrations in `server/migrations/postgres/` that have not run
    /// yet (sqlx takes an advisory lock: instances starting together run them once).
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.migrate_with(Migrations::Run).await
    }

    /// Runs the pending migrations, or only checks that none is pending (a role that
    /// may not change tables, `--no-migrate`).
    pub async fn migrate_with(&self, mode: Migrations) -> Result<(), DbError> {
        let mut conn = self.pool.acquire().await?;
        mode.apply(&sqlx::migrate!("./migrations/postgres"), &mut *conn)
            .await
    }
}

/// Takes the log's sequencer for the rest of the transaction: the first statement of
/// every transaction that publishes, resolves or appends to the log, on every
/// instance. The case limit counted after it and the log's head read after it are
/// then current, and appends happen one at a time in one order.
///
/// A transaction-level advisory lock (one per database) rather than the `log_origin`
/// row `FOR UPDATE`: a row lock needs the UPDATE privilege, which the servers' role
/// must not hold on an immutable table (`store grant`).
pub(super) async fn sequence(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(LOG_SEQUENCER_LOCK)
        .execute(&mut *conn)
        .await?;
    let origin: Option<i64> = sqlx::query_scalar("SELECT id FROM log_origin WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    match origin {
        Some(_) => Ok(()),
        // Written at start-up before anything is published (`Db::open`).
        None => Err(sqlx::Error::Protocol(
            "the log has no origin row: open the database with the server first".into(),
        )),
    }
}

/// The advisory lock key of the log's sequencer ("porchlog" in ASCII).
const LOG_SEQUENCER_LOCK: i64 = 0x706f_7263_686c_6f67;

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    async fn close(&self) {
        self.feed_pool.close().await;
        self.pool.close().await;
    }

    async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn execute_raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }

    async fn is_seeded(&self, name: &str) -> Result<bool, DbError> {
        let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM seeds WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    async fn mark_seeded(&self, name: &str, now: OffsetDateTime) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO seeds (name, seeded_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(to_unix(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

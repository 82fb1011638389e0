use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use super::extent_times;
use crate::log::{default_key_path, LogSigner};

/// A failure of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    LogKey(#[from] crate::log::KeyError),
    #[error("a database task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Largest part of the database file mapped into memory. SQLite caps it at its
/// compile-time `SQLITE_MAX_MMAP_SIZE`, raised from 2 GiB to 1 TiB in
/// `.cargo/config.toml` (a million requests and their log entries take 2.3 GiB; pages
/// beyond the map are read with `pread` and copied). Measured on the seeded
/// million-request database: the bbox feed took 0.86 ms of server CPU per request with
/// the map, 1.66 ms without.
const MMAP_SIZE_BYTES: u64 = 64 << 30;
/// Page cache of each connection, KiB.
const CACHE_SIZE_KIB: u64 = 32 * 1024;
/// Pooled connections. Each runs its statements on its own thread; more than a few
/// per core only adds switching.
const MAX_CONNECTIONS: u32 = 8;

/// The database: a pool of SQLite connections in WAL mode with foreign keys on, and
/// the key that signs the public log's checkpoints.
#[derive(Debug, Clone)]
pub struct Db {
    pub(super) pool: SqlitePool,
    pub(super) log: Arc<LogSigner>,
    /// Taken before a write transaction. SQLite admits one writer at a time; without
    /// this queue, concurrent posts poll the file lock in SQLite's busy handler,
    /// sleeping 1–100 ms between tries, and throughput collapses under load.
    pub(super) writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Db {
    /// Runs `work` on its own task, so that it finishes (commits or rolls back) even
    /// when the caller stops waiting, e.g. a client that disconnects mid-post drops the
    /// handler's future. Cancelled inside sqlx, a transaction can outlive its handle: a
    /// `BEGIN` acknowledged to a future that is then dropped leaves its pooled
    /// connection holding the write lock (every later write then fails with "database
    /// is locked") or a stale read snapshot. Every transaction a request handler opens
    /// goes through here.
    pub(super) async fn detached<T, F, Fut>(&self, work: F) -> Result<T, DbError>
    where
        F: FnOnce(Db) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<T, DbError>> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        tokio::spawn(async move { work(db).await }).await?
    }

    /// Opens (creating if missing) the SQLite file, runs pending migrations and opens the
    /// log key next to it ([`default_key_path`], created on first start).
    pub async fn open(path: &Path) -> Result<Db, DbError> {
        Self::open_with_log_key(path, &default_key_path(path)).await
    }

    /// [`Db::open`] with the log's signing key at `key_path`.
    pub async fn open_with_log_key(path: &Path, key_path: &Path) -> Result<Db, DbError> {
        let log = Arc::new(LogSigner::load_or_create(key_path)?);
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // Reads through a memory map instead of a read() call and a copy per page;
            // the kernel's page cache is shared by every connection.
            .pragma("mmap_size", MMAP_SIZE_BYTES.to_string())
            // Per connection, in KiB: the R*Tree's and the indexes' upper levels stay put.
            .pragma("cache_size", format!("-{CACHE_SIZE_KIB}"))
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            // A connection to a local file cannot have hung up; the default ping
            // before every acquire is one more round trip to its thread per query.
            .test_before_acquire(false)
            // The feed's R*Tree search (`newest_in_box`) is a function of each connection.
            .after_connect(|conn, _| {
                Box::pin(async move {
                    let mut handle = conn.lock_handle().await?;
                    // SAFETY: the locked handle keeps sqlx's worker thread off it.
                    unsafe { extent_times::register(handle.as_raw_handle()) }.map_err(|rc| {
                        sqlx::Error::Configuration(
                            format!("registering the R*Tree query function: SQLite error {rc}")
                                .into(),
                        )
                    })
                })
            })
            .connect_with(options)
            .await?;
        let db = Db {
            pool,
            log,
            writer: Default::default(),
        };
        db.migrate().await?;
        db.complete_log().await?;
        Ok(db)
    }

    /// Runs the numbered migrations in `server/migrations/` that have not run yet.
    pub async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations").run(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection (at shutdown), checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs one raw SQL statement. Only for tests that prove what the database itself
    /// refuses (immutability triggers); handlers never call it.
    #[doc(hidden)]
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }

    /// The SQLite journal mode, e.g. `wal`.
    pub async fn journal_mode(&self) -> Result<String, sqlx::Error> {
        sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await
    }

    /// Whether foreign keys are enforced on this connection.
    pub async fn foreign_keys(&self) -> Result<bool, sqlx::Error> {
        let on: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&self.pool)
            .await?;
        Ok(on == 1)
    }
}

impl Db {
    /// Whether the named seed (e.g. `demo`) already ran on this database.
    pub async fn is_seeded(&self, name: &str) -> Result<bool, DbError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM seeds WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    /// Records that the named seed ran.
    pub async fn mark_seeded(&self, name: &str, now: time::OffsetDateTime) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO seeds (name, seeded_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(now.unix_timestamp())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

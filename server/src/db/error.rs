//! A failure of the storage layer, whichever the backend.

/// A failure of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    LogKey(#[from] crate::public_log::KeyError),
    /// The server's key is not the one the database's log was started with: its
    /// checkpoints would not verify against the log's published key.
    #[error(
        "the public log in this database was started with the key {database}, but this \
         server's key ({key_file}) is {ours}: start every instance with the log's key \
         (--log-key or PORCHLIGHT_LOG_KEY)"
    )]
    LogKeyMismatch {
        database: String,
        ours: String,
        key_file: String,
    },
    /// `--no-migrate`, and the database lacks migrations this binary has.
    #[error(transparent)]
    PendingMigrations(#[from] super::migrations::PendingMigrations),
    #[error("a database task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

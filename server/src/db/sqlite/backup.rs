//! An online copy of the SQLite file (`porchlight-server backup`).

use std::path::Path;

use porchlight_domain::wire::SignedCheckpoint;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Connection, SqliteConnection};

use super::public_log::checkpoint_from;
use super::SqliteStore;
use crate::db::DbError;

impl SqliteStore {
    /// Writes a consistent copy of the whole database into `target`, a file that must
    /// not exist yet (or be empty), while the database's servers go on serving.
    ///
    /// `VACUUM INTO` rather than the online backup API (`sqlite3_backup_step`): it is
    /// one statement run in one read transaction, so the copy is the database as of
    /// that transaction's start, and in WAL mode the servers' writers are not held up
    /// meanwhile. The backup API, stepped, restarts whenever another connection writes
    /// (a busy server could keep it from ever finishing), and run in one step it would
    /// need the raw handle and unsafe FFI for the same snapshot. `VACUUM INTO` also
    /// leaves no free pages in the copy. SQLite does not fsync the file it writes: the
    /// caller does.
    pub async fn vacuum_into(&self, target: &str) -> Result<(), DbError> {
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The newest signed checkpoint of the backup at `path` (`None` for a log never
/// signed), read through one connection of its own that leaves the file as `VACUUM
/// INTO` wrote it: in rollback-journal mode, whole in itself, with no `-wal` or `-shm`
/// file beside it (a pool switching it to WAL could leave both behind).
pub async fn backup_checkpoint(path: &Path) -> Result<Option<SignedCheckpoint>, DbError> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Delete);
    let mut conn = SqliteConnection::connect_with(&options).await?;
    let newest = sqlx::query("SELECT * FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1")
        .fetch_optional(&mut conn)
        .await;
    conn.close().await?;
    Ok(newest?.as_ref().map(checkpoint_from).transpose()?)
}

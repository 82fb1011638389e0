//! An online copy of the SQLite file (`porchlight-server backup`).

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

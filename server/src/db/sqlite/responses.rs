//! Residents' responses and agencies' keys on SQLite (`db/responses.rs` holds the
//! implementation shared with PostgreSQL).

use sqlx::{Sqlite, SqliteConnection, Transaction};

use super::public_log::append_entries;
use super::SqliteStore;
use crate::db::responses::impl_response_store;

/// The portable SQL's `$n` parameters as SQLite's `?n`.
fn sql(portable: &str) -> String {
    portable.replace('$', "?")
}

impl SqliteStore {
    /// A write transaction, queued behind this instance's other writers.
    async fn responses_tx(
        &self,
    ) -> Result<
        (
            tokio::sync::MutexGuard<'_, ()>,
            Transaction<'static, Sqlite>,
        ),
        sqlx::Error,
    > {
        let guard = self.writer.lock().await;
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok((guard, tx))
    }

    /// `BEGIN IMMEDIATE` already sequences every writer.
    async fn responses_sequence(_conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

impl_response_store!(SqliteStore, sql, append_entries);

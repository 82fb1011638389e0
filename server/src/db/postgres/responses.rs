//! Residents' responses and agencies' keys on PostgreSQL (`db/responses.rs` holds the
//! implementation shared with SQLite).

use sqlx::{PgConnection, Postgres, Transaction};

use super::public_log::append_entries;
use super::PgStore;
use crate::db::responses::impl_response_store;

/// The portable SQL is PostgreSQL's already.
fn sql(portable: &str) -> String {
    portable.to_owned()
}

impl PgStore {
    /// A write transaction (every statement in it is a conditional write).
    async fn responses_tx(&self) -> Result<((), Transaction<'static, Postgres>), sqlx::Error> {
        Ok(((), self.pool.begin().await?))
    }

    /// The log's sequencer, before a key change appends to the log.
    async fn responses_sequence(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        super::store::sequence(conn).await
    }
}

impl_response_store!(PgStore, sql, append_entries);

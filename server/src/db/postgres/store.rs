use std::sync::Arc;

use crate::db::{DbError, Store};
use crate::log::LogSigner;

/// The PostgreSQL store (being built: see issue 14).
#[derive(Debug, Clone)]
pub struct PgStore {}

impl PgStore {
    /// Connects to `url` and runs pending migrations.
    pub async fn open(_url: &str, _log: Arc<LogSigner>) -> Result<Arc<dyn Store>, DbError> {
        Err(DbError::Sqlx(sqlx::Error::Configuration(
            "the PostgreSQL backend is not built yet".into(),
        )))
    }
}

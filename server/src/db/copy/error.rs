//! Why a copy stopped.

use crate::db::DbError;

/// A copy that could not be made; the target is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Db(#[from] DbError),
    /// The target already holds data: a copy only ever fills an empty database, so
    /// that it cannot mix two deployments' logs (or a log a server already started).
    #[error(
        "the target database is not empty ({table} has {rows} rows): copy into a new, \
         empty database (create it afresh; a server started on it has already begun a log)"
    )]
    TargetNotEmpty { table: &'static str, rows: i64 },
    /// The source has columns this copy does not know: copying would drop them.
    #[error(
        "{table} has columns this version does not copy ({}): use the porchlight-server \
         that matches the database",
        .columns.join(", ")
    )]
    UnknownColumns {
        table: &'static str,
        columns: Vec<String>,
    },
    /// The source is a SQLite file that does not exist (opening would create it).
    #[error("the source database {} does not exist", .0.display())]
    SourceMissing(std::path::PathBuf),
    /// The target holds another number of rows than were read: an insert was skipped.
    #[error("{table}: {read} rows read but {stored} stored")]
    CountMismatch {
        table: &'static str,
        read: u64,
        stored: i64,
    },
    /// The source and the target are one database.
    #[error("--from and --to name the same database")]
    SameDatabase,
    /// A backend read a value that does not fit its column (a bug, not bad input).
    #[error("{table}.{column}: a value of the wrong kind")]
    WrongKind {
        table: &'static str,
        column: &'static str,
    },
}

impl From<sqlx::Error> for CopyError {
    fn from(e: sqlx::Error) -> CopyError {
        CopyError::Db(DbError::Sqlx(e))
    }
}

//! Where the database is: `--db` (or `PORCHLIGHT_DB`) names a SQLite file, as a path or
//! `sqlite://…`, or a PostgreSQL database as `postgres://user@host/db`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::public_log::KEY_FILE_NAME;

/// A database to open, and with it the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// A SQLite file (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://` or `postgresql://`).
    Postgres(String),
}

impl DbLocation {
    /// Where the log's signing key lives unless `--log-key` says otherwise: next to a
    /// SQLite file; in the working directory for PostgreSQL (several instances must
    /// all be given the same key, so a deployment names it explicitly).
    pub fn default_key_path(&self) -> PathBuf {
        match self {
            DbLocation::Sqlite(path) => path.with_file_name(KEY_FILE_NAME),
            DbLocation::Postgres(_) => PathBuf::from(KEY_FILE_NAME),
        }
    }

    /// The SQLite file, if this is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            DbLocation::Sqlite(path) => Some(path),
            DbLocation::Postgres(_) => None,
        }
    }
}

/// `--db` could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported database URL {0:?}: give a SQLite file (a path or sqlite://PATH) or postgres://USER@HOST/DB")]
pub struct DbLocationError(String);

impl FromStr for DbLocation {
    type Err = DbLocationError;

    fn from_str(s: &str) -> Result<DbLocation, DbLocationError> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DbLocation::Postgres(s.to_owned()));
        }
        if let Some(path) = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
        {
            // `sqlite://` carries no options here: the server sets its own pragmas.
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(DbLocationError(s.to_owned()));
            }
            return Ok(DbLocation::Sqlite(PathBuf::from(path)));
        }
        // Any other scheme is a mistake, not a file name.
        if let Some((scheme, _)) = s.split_once("://") {
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            {
                return Err(DbLocationError(s.to_owned()));
            }
        }
        if s.is_empty() {
            return Err(DbLocationError(s.to_owned()));
        }
        Ok(DbLocation::Sqlite(PathBuf::from(s)))
    }
}

impl fmt::Display for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbLocation::Sqlite(path) => write!(f, "{}", path.display()),
            // Never the password.
            DbLocation::Postgres(url) => f.write_str(&redact_password(url)),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

impl From<&Path> for DbLocation {
    fn from(path: &Path) -> DbLocation {
        DbLocation::Sqlite(path.to_owned())
    }
}

impl From<&PathBuf> for DbLocation {
    fn from(path: &PathBuf) -> DbLocation {
        DbLocation::Sqlite(path.clone())
    }
}

impl From<PathBuf> for DbLocation {
    fn from(path: PathBuf) -> DbLocation {
        DbLocation::Sqlite(path)
    }
}

impl From<&DbLocation> for DbLocation {
    fn from(location: &DbLocation) -> DbLocation {
        location.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls_pick_the_backend() {
        let parse = |s: &str| s.parse::<DbLocation>();
        assert_eq!(
            parse("./porchlight.db"),
            Ok(DbLocation::Sqlite("./porchlight.db".into()))
        );
        assert_eq!(
            parse("/srv/p/x.db"),
            Ok(DbLocation::Sqlite("/srv/p/x.db".into()))
        );
        assert_eq!(
            parse("sqlite:///srv/p/x.db"),
            Ok(DbLocation::Sqlite("/srv/p/x.db".into()))
        );
        assert_eq!(
            parse("sqlite://x.db?mode=rwc"),
            Ok(DbLocation::Sqlite("x.db".into()))
        );
        assert_eq!(
            parse("postgres://porchlight@db.internal/porchlight"),
            Ok(DbLocation::Postgres(
                "postgres://porchlight@db.internal/porchlight".into()
            ))
        );
        assert!(matches!(
            parse("postgresql://u@h:5433/d"),
            Ok(DbLocation::Postgres(_))
        ));
        assert!(parse("mysql://u@h/d").is_err());
        assert!(parse("sqlite://").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn key_lives_next_to_a_sqlite_file_and_in_the_working_directory_for_postgres() {
        let sqlite: DbLocation = "/srv/p/x.db".parse().unwrap();
        assert_eq!(
            sqlite.default_key_path(),
            PathBuf::from("/srv/p/porchlight-log.key")
        );
        let pg: DbLocation = "postgres://u@h/d".parse().unwrap();
        assert_eq!(pg.default_key_path(), PathBuf::from("porchlight-log.key"));
    }

    #[test]
    fn display_hides_the_password() {
        let pg: DbLocation = "postgres://porchlight:hunter2@h:5432/d".parse().unwrap();
        assert_eq!(pg.to_string(), "postgres://porchlight:***@h:5432/d");
    }
}

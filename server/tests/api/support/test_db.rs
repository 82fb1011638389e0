//! Which database a test runs on, decided here and nowhere else: a SQLite file in the
//! test's temporary directory, or, when `PORCHLIGHT_TEST_POSTGRES` holds the admin URL
//! of a PostgreSQL cluster (`scripts/test.sh` starts a throwaway one with
//! `scripts/pg-cluster.sh`), a database of the test's own, created on that cluster.
//! The log's signing key lives in the temporary directory either way.
//!
//! Shared by three test crates (`tests/api.rs`, `tests/binary.rs`, the library's unit
//! tests through `#[path]`), each using only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};

/// The environment variable with the cluster's admin URL,
/// e.g. `postgres://postgres@127.0.0.1:5433/postgres`.
pub const POSTGRES_ENV: &str = "PORCHLIGHT_TEST_POSTGRES";

/// The log key's file name in the test's directory (the server's default next to a
/// SQLite file).
const KEY_FILE: &str = "porchlight-log.key";

/// One test's database.
#[derive(Debug, Clone)]
pub enum TestDb {
    /// A SQLite file.
    Sqlite { path: PathBuf, key_path: PathBuf },
    /// A PostgreSQL database no other test uses.
    Postgres {
        url: String,
        name: String,
        key_path: PathBuf,
    },
}

impl TestDb {
    /// A fresh database for a test whose temporary directory is `dir`, on the backend
    /// this run tests.
    pub async fn fresh(dir: &Path) -> TestDb {
        match postgres_admin_url() {
            Some(admin) => TestDb::postgres(&admin, dir).await,
            None => TestDb::sqlite(dir),
        }
    }

    /// A SQLite file in `dir`, whatever the run: for tests about SQLite itself.
    pub fn sqlite(dir: &Path) -> TestDb {
        TestDb::Sqlite {
            path: dir.join("test.db"),
            key_path: dir.join(KEY_FILE),
        }
    }

    /// Creates an empty database with a name of its own on the cluster behind `admin`.
    pub async fn postgres(admin: &str, dir: &Path) -> TestDb {
        let name = unique_name();
        let mut conn = PgConnection::connect(admin)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}: cannot connect to {admin}: {e}"));
        // The name is ours (letters, digits, underscores): no quoting issue.
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        // One short-lived admin connection per test, closed at once.
        conn.close().await.unwrap();
        TestDb::Postgres {
            url: with_database(admin, &name),
            name,
            key_path: dir.join(KEY_FILE),
        }
    }

    /// What `--db` is given: the SQLite file's path or the database's URL.
    pub fn location(&self) -> String {
        match self {
            TestDb::Sqlite { path, .. } => path.display().to_string(),
            TestDb::Postgres { url, .. } => url.clone(),
        }
    }

    /// The log's signing key (`--log-key`).
    pub fn key_path(&self) -> &Path {
        match self {
            TestDb::Sqlite { key_path, .. } | TestDb::Postgres { key_path, .. } => key_path,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, TestDb::Postgres { .. })
    }
}

/// The cluster to test PostgreSQL on, if this run does.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var(POSTGRES_ENV)
        .ok()
        .filter(|url| !url.is_empty())
}

/// Unique across the tests of one process (the counter), the test binaries of one run
/// (the process id) and runs against a cluster that outlives them (the clock).
fn unique_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros();
    format!("porchlight_test_{}_{n}_{micros}", std::process::id())
}

/// `postgres://u@h:p/admin?x=y` with `database` in place of `admin`.
fn with_database(admin: &str, database: &str) -> String {
    let (base, query) = match admin.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin, None),
    };
    let rest = base
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("{POSTGRES_ENV} is not a URL: {admin}"));
    // The authority ends at the first '/' after the scheme; whatever follows is the
    // admin database's name.
    let authority = rest.split('/').next().unwrap_or(rest);
    let scheme = &base[..base.len() - rest.len()];
    match query {
        Some(query) => format!("{scheme}{authority}/{database}?{query}"),
        None => format!("{scheme}{authority}/{database}"),
    }
}

#[test]
fn the_test_database_replaces_the_admin_database_in_the_url() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5433/postgres", "t_1"),
        "postgres://postgres@127.0.0.1:5433/t_1"
    );
    assert_eq!(
        with_database("postgresql://u:pw@h:1/admin?sslmode=disable", "t_2"),
        "postgresql://u:pw@h:1/t_2?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://u@h:1", "t_3"),
        "postgres://u@h:1/t_3"
    );
}

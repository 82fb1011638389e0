//! A PostgreSQL database of the test's own, on the throwaway cluster whose admin URL
//! `PORCHLIGHT_TEST_POSTGRES` holds (`scripts/test.sh` starts one).

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};

pub const POSTGRES_ENV: &str = "PORCHLIGHT_TEST_POSTGRES";

/// The cluster's admin URL; a test that needs PostgreSQL fails without one, saying so.
pub fn admin_url() -> String {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "{POSTGRES_ENV} is not set: this test needs a PostgreSQL cluster it may create \
             databases and roles on. Run scripts/test.sh, or start one with \
             `scripts/pg-cluster.sh start DIR` and export the admin URL it prints"
        ),
    }
}

/// A name no other test or run uses: letters, digits and underscores only.
pub fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros();
    format!("{prefix}_{}_{n}_{micros}", std::process::id())
}

/// Runs statements as the cluster's admin, in `database` (the admin's own if `None`).
pub async fn as_admin(database: Option<&str>, statements: &[String]) {
    let admin = admin_url();
    let url = match database {
        Some(db) => with_database(&admin, db),
        None => admin.clone(),
    };
    let mut conn = PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_ENV}: cannot connect to {admin}: {e}"));
    for statement in statements {
        sqlx::query(statement)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    conn.close().await.unwrap();
}

/// A new, empty database owned by the admin; its URL.
pub async fn fresh_database() -> String {
    let name = unique_name("porchlight_copy");
    as_admin(None, &[format!("CREATE DATABASE {name}")]).await;
    with_database(&admin_url(), &name)
}

/// `postgres://user@host:port/db?x` with `database` in place of `db`.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let (scheme, rest) = base.split_once("://").expect("a postgres:// URL");
    let authority = rest.split('/').next().unwrap();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{scheme}://{authority}/{database}{query}")
}

/// `url` as `user`, without a password (the test cluster trusts loopback).
pub fn as_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host}")
}

#[test]
fn urls_change_only_their_part() {
    let admin = "postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable";
    assert_eq!(
        with_database(admin, "d1"),
        "postgres://postgres@127.0.0.1:5433/d1?sslmode=disable"
    );
    assert_eq!(
        as_user(&with_database(admin, "d1"), "app"),
        "postgres://app@127.0.0.1:5433/d1?sslmode=disable"
    );
    assert_eq!(as_user("postgres://u:pw@h/d", "app"), "postgres://app@h/d");
}

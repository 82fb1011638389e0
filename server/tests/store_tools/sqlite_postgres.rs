//! SQLite → PostgreSQL → SQLite: the move the command is for, and back. Needs
//! PostgreSQL (see `store_tools.rs`).

use std::time::Instant;

use porchlight_server::db::copy::{copy_database, CopyOptions, CopyTable};
use porchlight_server::db::{DbLocation, StoreOptions};
use porchlight_server::Db;

use crate::deployment::seed;
use crate::pg_database::fresh_database;
use crate::same_deployment::{assert_copy_continues, assert_same_deployment};

#[tokio::test]
#[ignore = "needs PostgreSQL (PORCHLIGHT_TEST_POSTGRES); scripts/test.sh runs it"]
async fn a_deployment_moves_to_postgres_and_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    let source = DbLocation::Sqlite(dir.path().join("source.db"));
    let key = dir.path().join("porchlight-log.key");
    let seeded = seed(&source, &key, now).await;
    let postgres = DbLocation::Postgres(fresh_database().await);
    let back = DbLocation::Sqlite(dir.path().join("back.db"));

    let mut done = |_, _| {};
    let started = Instant::now();
    let there = copy_database(&source, &postgres, &CopyOptions::default(), &mut done)
        .await
        .unwrap();
    let to_postgres = started.elapsed();
    let started = Instant::now();
    let home = copy_database(&postgres, &back, &CopyOptions::default(), &mut done)
        .await
        .unwrap();
    eprintln!(
        "copied {} log entries to PostgreSQL in {to_postgres:.2?} and back in {:.2?}",
        there.rows(CopyTable::LogEntries),
        started.elapsed()
    );
    assert_eq!(there, home, "the same rows both ways");

    assert_same_deployment(&source, &postgres, &key, &seeded, now).await;
    assert_same_deployment(&source, &back, &key, &seeded, now).await;
    // Both copies go on from where the source stopped (PostgreSQL's identity
    // sequences moved past the copied ids).
    assert_copy_continues(&postgres, &key).await;
    assert_copy_continues(&back, &key).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL (PORCHLIGHT_TEST_POSTGRES); scripts/test.sh runs it"]
async fn an_interrupted_copy_into_postgres_leaves_it_empty() {
    let dir = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    let source = DbLocation::Sqlite(dir.path().join("source.db"));
    let key = dir.path().join("porchlight-log.key");
    let seeded = seed(&source, &key, now).await;
    let target = DbLocation::Postgres(fresh_database().await);
    let interrupted = tokio::spawn({
        let (source, target) = (source.clone(), target.clone());
        async move {
            let mut done = |table, _| {
                if table == CopyTable::LogEntries {
                    panic!("interrupted");
                }
            };
            copy_database(&source, &target, &CopyOptions::default(), &mut done).await
        }
    })
    .await;
    assert!(interrupted.unwrap_err().is_panic());
    let store = Db::open_unsigned(&target, &StoreOptions::no_migrate())
        .await
        .unwrap();
    assert_eq!(store.request_count().await.unwrap(), 0);
    assert_eq!(store.log_size().await.unwrap(), 0);
    assert!(store.list_agencies(now).await.unwrap().is_empty());
    store.close().await;
    let mut done = |_, _| {};
    copy_database(&source, &target, &CopyOptions::default(), &mut done)
        .await
        .unwrap();
    assert_same_deployment(&source, &target, &key, &seeded, now).await;
}

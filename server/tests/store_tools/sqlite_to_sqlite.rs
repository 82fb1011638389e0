//! SQLite → SQLite: needs no PostgreSQL, so it always runs.

use std::path::Path;

use porchlight_server::db::copy::{copy_database, CopyError, CopyOptions, CopyTable};
use porchlight_server::db::{DbLocation, StoreOptions};
use porchlight_server::Db;
use time::OffsetDateTime;

use crate::deployment::{seed, Seeded};
use crate::same_deployment::{assert_copy_continues, assert_same_deployment, open};

/// A seeded SQLite deployment in `dir/source/`, its key beside it.
async fn seeded_source(
    dir: &Path,
    now: OffsetDateTime,
) -> (DbLocation, std::path::PathBuf, Seeded) {
    std::fs::create_dir_all(dir.join("source")).unwrap();
    let source = DbLocation::Sqlite(dir.join("source/porchlight.db"));
    let key = dir.join("source/porchlight-log.key");
    let seeded = seed(&source, &key, now).await;
    (source, key, seeded)
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().replace_nanosecond(0).unwrap()
}

async fn copy(from: &DbLocation, to: &DbLocation) -> Result<Vec<(CopyTable, u64)>, CopyError> {
    let mut done = |_, _| {};
    Ok(copy_database(from, to, &CopyOptions::default(), &mut done)
        .await?
        .tables)
}

#[tokio::test]
async fn a_copied_sqlite_deployment_is_the_same_deployment() {
    let dir = tempfile::tempdir().unwrap();
    let now = now();
    let (source, key, seeded) = seeded_source(dir.path(), now).await;
    let target = DbLocation::Sqlite(dir.path().join("target/porchlight.db"));
    std::fs::create_dir_all(dir.path().join("target")).unwrap();
    let tables = copy(&source, &target).await.unwrap();
    let rows = |t| tables.iter().find(|(x, _)| *x == t).unwrap().1;
    assert_eq!(rows(CopyTable::Sessions), 1);
    assert_eq!(rows(CopyTable::LoginFailures), 1);
    assert_eq!(rows(CopyTable::LogOrigin), 1);
    assert!(rows(CopyTable::Requests) >= 300);
    assert!(rows(CopyTable::Seeds) >= 1);
    assert_same_deployment(&source, &target, &key, &seeded, now).await;
    assert_copy_continues(&target, &key).await;
}

#[tokio::test]
async fn without_sessions_everyone_signs_in_again() {
    let dir = tempfile::tempdir().unwrap();
    let (source, key, seeded) = seeded_source(dir.path(), now()).await;
    let target = DbLocation::Sqlite(dir.path().join("no-sessions.db"));
    let options = CopyOptions {
        sessions: false,
        ..CopyOptions::default()
    };
    let mut done = |_, _| {};
    let report = copy_database(&source, &target, &options, &mut done)
        .await
        .unwrap();
    assert!(report.tables.iter().all(|(t, _)| *t != CopyTable::Sessions));
    let db = open(&target, &key).await;
    assert_eq!(db.session_count().await.unwrap(), 0);
    assert!(db.request_count().await.unwrap() >= 300);
    drop(seeded);
}

#[tokio::test]
async fn a_target_holding_anything_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (source, key, _) = seeded_source(dir.path(), now()).await;
    // A server already started on the target: it has begun a log of its own.
    let started = DbLocation::Sqlite(dir.path().join("started.db"));
    let db = open(&started, &key).await;
    let empty_log = db.log_checkpoint().await.unwrap();
    db.close().await;
    let refused = copy(&source, &started).await.unwrap_err();
    assert!(
        matches!(
            refused,
            CopyError::TargetNotEmpty {
                table: "log_origin",
                rows: 1
            }
        ),
        "{refused}"
    );
    assert!(refused.to_string().contains("not empty"), "{refused}");
    let db = open(&started, &key).await;
    assert_eq!(db.log_checkpoint().await.unwrap(), empty_log);
    assert_eq!(db.request_count().await.unwrap(), 0);
    db.close().await;

    // A finished copy is refused a second time, not doubled.
    let target = DbLocation::Sqlite(dir.path().join("copy.db"));
    copy(&source, &target).await.unwrap();
    let again = copy(&source, &target).await.unwrap_err();
    assert!(
        matches!(
            again,
            CopyError::TargetNotEmpty {
                table: "agencies",
                ..
            }
        ),
        "{again}"
    );
    assert!(matches!(
        copy(&source, &source).await.unwrap_err(),
        CopyError::SameDatabase
    ));
    let missing = DbLocation::Sqlite(dir.path().join("missing.db"));
    assert!(matches!(
        copy(&missing, &target).await.unwrap_err(),
        CopyError::SourceMissing(_)
    ));
    assert!(!dir.path().join("missing.db").exists());
}

#[tokio::test]
async fn an_interrupted_copy_leaves_the_target_empty_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let now = now();
    let (source, key, seeded) = seeded_source(dir.path(), now).await;
    let target = DbLocation::Sqlite(dir.path().join("target.db"));
    // The copy dies once requests are written, half way through the tables.
    let interrupted = tokio::spawn({
        let (source, target) = (source.clone(), target.clone());
        async move {
            let mut done = |table, _| {
                if table == CopyTable::Requests {
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
    copy(&source, &target).await.unwrap();
    assert_same_deployment(&source, &target, &key, &seeded, now).await;
}

//! `--no-migrate` on SQLite (always runs): a database is opened only when every
//! migration has run, and the refusal names the ones missing.

use porchlight_server::db::{DbError, DbLocation, StoreOptions};
use porchlight_server::Db;

use crate::binary::run;

#[tokio::test]
async fn no_migrate_refuses_a_database_missing_migrations_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let key = dir.path().join("log.key");
    let location = DbLocation::Sqlite(path.clone());
    let refused = Db::open_with_options(location.clone(), &key, &StoreOptions::no_migrate())
        .await
        .unwrap_err();
    let DbError::PendingMigrations(pending) = &refused else {
        panic!("{refused}")
    };
    // Every migration this binary carries is missing from an empty file.
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count();
    assert_eq!(pending.missing.len(), migrations, "{refused}");
    assert_eq!(pending.missing[0], "0001 initial");
    assert!(refused.to_string().contains("store migrate"), "{refused}");

    // The command that prepares it, then the server opens it without migrating.
    let path_arg = path.to_str().unwrap();
    let migrated = run(&["store", "migrate", "--db", path_arg]);
    assert!(migrated.success, "{}", migrated.stderr);
    assert!(migrated.stdout.contains("every migration has run"));
    let db = Db::open_with_options(location.clone(), &key, &StoreOptions::no_migrate())
        .await
        .unwrap();
    assert_eq!(db.log_size().await.unwrap(), 0);

    // A database one migration behind this binary: that one is named.
    db.execute_raw("DELETE FROM _sqlx_migrations WHERE version = 7")
        .await
        .unwrap();
    db.close().await;
    let refused = Db::open_with_options(location.clone(), &key, &StoreOptions::no_migrate())
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, DbError::PendingMigrations(p) if p.missing == ["0007 log origin"]),
        "{refused}"
    );
    let server = run(&[
        "serve",
        "--no-migrate",
        "--db",
        path_arg,
        "--log-key",
        key.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
        "--tile-url",
        "none",
    ]);
    assert!(!server.success);
    assert!(
        server.stderr.contains("0007 log origin"),
        "{}",
        server.stderr
    );
}

//! `porchlight-server store copy|migrate|grant`: moving a deployment to another
//! database, and preparing a database for servers that run with least privilege.

use std::error::Error;
use std::time::Instant;

use crate::config::{StoreCopyArgs, StoreGrantArgs, StoreMigrateArgs};
use crate::db::copy::{copy_database, CopyOptions, CopyTable};
use crate::db::postgres::PgStore;
use crate::db::{Backend, Db, StoreOptions};

/// `store copy`: prints each table as it is copied, then the log key the target's
/// servers need.
pub async fn copy(args: StoreCopyArgs) -> Result<(), Box<dyn Error>> {
    let options = CopyOptions {
        sessions: !args.no_sessions,
        ..CopyOptions::default()
    };
    let started = Instant::now();
    let mut done = |table: CopyTable, rows: u64| {
        println!(
            "{:>10} rows of {} ({:.1} s)",
            rows,
            table.name(),
            started.elapsed().as_secs_f64()
        );
    };
    copy_database(&args.from, &args.to, &options, &mut done).await?;
    println!(
        "copied {} into {} in {:.1} s",
        args.from,
        args.to,
        started.elapsed().as_secs_f64()
    );
    let target = Db::open_unsigned(&args.to, &StoreOptions::no_migrate()).await?;
    let key = target.recorded_log_key().await;
    target.close().await;
    match key? {
        Some(key) => println!(
            "start the target's servers with the source's log key file (--log-key): its \
             public key is {key} (`porchlight-server log-key --log-key FILE` prints a file's)"
        ),
        None => println!(
            "the log has no recorded key yet: start the target's servers with the source's \
             log key file (--log-key)"
        ),
    }
    Ok(())
}

/// `store migrate`: runs the pending migrations and exits.
pub async fn migrate(args: StoreMigrateArgs) -> Result<(), Box<dyn Error>> {
    let store = Db::open_unsigned(&args.db, &StoreOptions::default()).await?;
    store.close().await;
    println!("{}: every migration has run", args.db);
    Ok(())
}

/// `store grant`: PostgreSQL only.
pub async fn grant(args: StoreGrantArgs) -> Result<(), Box<dyn Error>> {
    let store = Db::open_unsigned(&args.db, &StoreOptions::no_migrate()).await?;
    let result = match store.backend() {
        Backend::Sqlite => Err(
            "store grant is for PostgreSQL: a SQLite database is guarded \
                                by its file's permissions"
                .into(),
        ),
        Backend::Postgres => match store.as_any().downcast_ref::<PgStore>() {
            Some(pg) => pg.grant_server_role(&args.role).await.map_err(|e| e.into()),
            None => Err("store grant: not a PostgreSQL store".into()),
        },
    };
    if result.is_ok() {
        println!(
            "granted {} what porchlight-server needs on {}; start the servers as it with \
             --no-migrate",
            args.role, args.db
        );
    }
    store.close().await;
    result
}

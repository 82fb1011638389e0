//! `porchlight-server backup --to FILE`: a consistent copy of a SQLite deployment,
//! taken while its server runs. PostgreSQL deployments are backed up with `pg_dump`.

use std::error::Error;
use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::BackupArgs;
use crate::db::sqlite::{backup_checkpoint, SqliteStore};
use crate::db::{Db, DbError, DbLocation, StoreOptions};

/// What `backup` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    /// Entries in the copied log, under its newest signed checkpoint.
    pub tree_size: u64,
    /// That checkpoint's root hash (hex), `None` for a log never signed.
    pub root_hash: Option<String>,
}

/// `backup`: copies, then prints what it wrote and how to restore it.
pub async fn backup(args: BackupArgs) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let report = backup_sqlite(&args.db, &args.to).await?;
    println!(
        "backed up {} into {}: {} bytes, the log's tree size {}{} ({:.1} s)",
        args.db,
        report.path.display(),
        report.bytes,
        report.tree_size,
        report
            .root_hash
            .as_deref()
            .map(|h| format!(", root hash {h}"))
            .unwrap_or_default(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "to restore: stop the server, put this file in place of the database, and start \
         it with the same log key file (--log-key); the key is not in the backup"
    );
    Ok(())
}

/// Copies the SQLite database at `db` into the new file `to`: refused for PostgreSQL,
/// for a missing source, and for a target that exists (never overwritten). The copy is
/// written under a temporary name beside `to` and linked to `to` only once complete and
/// on disk, so an interrupted backup leaves no half-written file under that name.
pub async fn backup_sqlite(db: &DbLocation, to: &Path) -> Result<BackupReport, Box<dyn Error>> {
    let source = match db {
        DbLocation::Sqlite(path) => path,
        DbLocation::Postgres(_) => {
            return Err(format!(
                "backup copies a SQLite file; {db} is PostgreSQL: back it up with pg_dump \
                 (pg_dump -Fc --file porchlight.dump \"$URL\"; restore with pg_restore into an \
                 empty database as its owner, then `store grant`; see Backups in the README)"
            )
            .into())
        }
    };
    if !source.is_file() {
        return Err(format!("{}: no such SQLite database", source.display()).into());
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(already_exists(to));
    }
    let target = to
        .to_str()
        .ok_or_else(|| format!("{}: the backup's path must be valid UTF-8", to.display()))?;
    let name = to
        .file_name()
        .ok_or_else(|| format!("{target}: not a file name"))?
        .to_string_lossy();
    let dir = match to.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!("{}: no such directory", dir.display()).into());
    }
    let partial = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let partial_str = partial
        .to_str()
        .ok_or_else(|| format!("{target}: the backup's path must be valid UTF-8"))?
        .to_owned();

    // Fully migrated (the copy's servers must find every table), never migrated here.
    let store = Db::open_unsigned(db, &StoreOptions::no_migrate()).await?;
    let copied = match store.as_any().downcast_ref::<SqliteStore>() {
        Some(sqlite) => sqlite.vacuum_into(&partial_str).await,
        None => Err(DbError::Sqlx(sqlx::Error::Configuration(
            "backup: not a SQLite store".into(),
        ))),
    };
    store.close().await;
    // Read from the copy itself: what it holds, whatever the source did meanwhile.
    let copied = match copied {
        Ok(()) => backup_checkpoint(&partial).await,
        Err(e) => Err(e),
    };
    let linked = copied.map_err(Box::<dyn Error>::from).and_then(|newest| {
        // SQLite leaves the copy unsynced (VACUUM INTO never fsyncs).
        File::open(&partial)?.sync_all()?;
        put_in_place(&partial, to).map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => already_exists(to),
            _ => Box::<dyn Error>::from(format!("{target}: {e}")),
        })?;
        Ok(newest)
    });
    let _ = std::fs::remove_file(&partial);
    let newest = linked?;
    File::open(&dir)?.sync_all()?;
    let bytes = std::fs::metadata(to)?.len();
    let (tree_size, root_hash) = match newest {
        Some(c) => (c.tree_size, Some(c.root_hash.to_string())),
        None => (0, None),
    };
    Ok(BackupReport {
        path: to.to_owned(),
        bytes,
        tree_size,
        root_hash,
    })
}

/// Gives the complete copy at `partial` the name `to`, failing if `to` exists by then.
/// A hard link, not a rename (which would replace such a file). Where the file system
/// has no hard links, a second copy into a file created only if new, removed if that
/// copy fails.
fn put_in_place(partial: &Path, to: &Path) -> std::io::Result<()> {
    put_in_place_with(partial, to, |from, to| std::fs::hard_link(from, to))
}

/// [`put_in_place`] with `link` for `std::fs::hard_link`.
fn put_in_place_with(
    partial: &Path,
    to: &Path,
    link: impl FnOnce(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match link(partial, to) {
        Err(e) if e.kind() != ErrorKind::AlreadyExists => {
            let mut target = File::options().write(true).create_new(true).open(to)?;
            let copied = File::open(partial)
                .and_then(|mut from| std::io::copy(&mut from, &mut target))
                .and_then(|_| target.sync_all());
            if copied.is_err() {
                let _ = std::fs::remove_file(to);
            }
            copied
        }
        linked => linked,
    }
}

fn already_exists(to: &Path) -> Box<dyn Error> {
    format!(
        "{} already exists: backup never overwrites a file; name a new one, or move the \
         old one away first",
        to.display()
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_takes_its_name_only_if_the_name_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(".b.db.partial-1");
        std::fs::write(&partial, b"the copy").unwrap();
        let to = dir.path().join("b.db");
        put_in_place(&partial, &to).unwrap();
        assert_eq!(std::fs::read(&to).unwrap(), b"the copy");

        let other = dir.path().join(".c.db.partial-1");
        std::fs::write(&other, b"another copy").unwrap();
        let refused = put_in_place(&other, &to).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&to).unwrap(), b"the copy", "never replaced");
    }

    #[test]
    fn without_hard_links_the_copy_is_copied_into_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(".b.db.partial-1");
        std::fs::write(&partial, b"the copy").unwrap();
        let no_links = |_: &Path, _: &Path| Err(std::io::Error::from(ErrorKind::Unsupported));
        let to = dir.path().join("b.db");
        put_in_place_with(&partial, &to, no_links).unwrap();
        assert_eq!(std::fs::read(&to).unwrap(), b"the copy");

        // A file that appeared meanwhile is kept as it was.
        let taken = dir.path().join("taken.db");
        std::fs::write(&taken, b"someone else's").unwrap();
        let refused = put_in_place_with(&partial, &taken, no_links).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&taken).unwrap(), b"someone else's");

        // A copy that fails leaves nothing under the name.
        let missing = dir.path().join(".gone.partial-1");
        let to = dir.path().join("never.db");
        assert!(put_in_place_with(&missing, &to, no_links).is_err());
        assert!(!to.exists());
    }
}

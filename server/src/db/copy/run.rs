//! The copy itself: every table in order, page by page, from one read snapshot of the
//! source into one write transaction on the target.
//!
//! One transaction for the whole target, rather than one per batch, so that a copy
//! interrupted anywhere (a crash, Ctrl-C, a full disk) leaves the target empty and a
//! rerun simply starts again: a half-copied log would be a valid-looking log that
//! stops short, and telling that apart from a complete one would need a marker every
//! reader remembers to check. PostgreSQL and SQLite's WAL both take a transaction of a
//! whole database in their stride; the price is the target's disk for the
//! transaction's log until it commits.

use std::path::PathBuf;

use super::{CopyError, CopyTable, CopyValue};
use crate::db::{Db, DbLocation, Store, StoreOptions};

/// What to copy, and how much at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyOptions {
    /// Copy the sessions too, so that nobody is signed out by the move. Only token
    /// hashes are stored; without them every user signs in again.
    pub sessions: bool,
    /// Rows per page read and per multi-row insert.
    pub page_rows: usize,
}

impl Default for CopyOptions {
    fn default() -> CopyOptions {
        CopyOptions {
            sessions: true,
            // 18 columns of `requests` × 500 rows stays far below both backends'
            // limits on bound parameters (32 766 and 65 535).
            page_rows: 500,
        }
    }
}

/// Rows copied, per table, in copy order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<(CopyTable, u64)>,
}

impl CopyReport {
    /// Rows copied of `table` (0 when skipped).
    pub fn rows(&self, table: CopyTable) -> u64 {
        self.tables
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }
}

/// Opens `from` (which must exist and be fully migrated: a copy never changes its
/// source) and `to` (migrated, and refused unless empty), and copies.
pub async fn copy_database(
    from: &DbLocation,
    to: &DbLocation,
    options: &CopyOptions,
    done: &mut (dyn FnMut(CopyTable, u64) + Send),
) -> Result<CopyReport, CopyError> {
    if same_database(from, to) {
        return Err(CopyError::SameDatabase);
    }
    if let DbLocation::Sqlite(path) = from {
        if !path.exists() {
            return Err(CopyError::SourceMissing(path.clone()));
        }
    }
    let source = Db::open_unsigned(from, &StoreOptions::no_migrate()).await?;
    let target = Db::open_unsigned(to, &StoreOptions::default()).await?;
    let result = copy_store(&*source, &*target, options, done).await;
    source.close().await;
    target.close().await;
    result
}

fn same_database(a: &DbLocation, b: &DbLocation) -> bool {
    match (a, b) {
        (DbLocation::Sqlite(a), DbLocation::Sqlite(b)) => {
            let canonical = |p: &PathBuf| p.canonicalize().unwrap_or_else(|_| p.clone());
            canonical(a) == canonical(b)
        }
        (DbLocation::Postgres(a), DbLocation::Postgres(b)) => a == b,
        _ => false,
    }
}

/// Copies every table of `from` into the empty `to`, ids, hashes and signatures as
/// they are; calls `done` after each table with its row count. Both stores' own
/// triggers see the rows arrive: the target's fill its counters and spatial index, and
/// its log's append-in-order check passes because entries arrive by index.
pub async fn copy_store(
    from: &dyn Store,
    to: &dyn Store,
    options: &CopyOptions,
    done: &mut (dyn FnMut(CopyTable, u64) + Send),
) -> Result<CopyReport, CopyError> {
    let mut reader = from.copy_reader().await?;
    let mut writer = to.copy_writer().await?;
    let mut report = CopyReport::default();
    for table in CopyTable::ALL {
        if table == CopyTable::Sessions && !options.sessions {
            continue;
        }
        reader.check_columns(table).await?;
        let key_len = table.key().len();
        let mut after: Option<Vec<CopyValue>> = None;
        let mut copied = 0u64;
        loop {
            let page = reader
                .read_page(table, after.as_deref(), options.page_rows.max(1))
                .await?;
            let Some(last) = page.last() else { break };
            for row in &page {
                check_kinds(table, row)?;
            }
            after = Some(last[..key_len].to_vec());
            writer.write_rows(table, &page).await?;
            copied += page.len() as u64;
        }
        // An insert that skipped rows (a conflict, a trigger) must not pass unnoticed.
        let stored = writer.count(table).await?;
        if stored != copied as i64 {
            return Err(CopyError::CountMismatch {
                table: table.name(),
                read: copied,
                stored,
            });
        }
        report.tables.push((table, copied));
        done(table, copied);
    }
    writer.finish().await?;
    Ok(report)
}

fn check_kinds(table: CopyTable, row: &[CopyValue]) -> Result<(), CopyError> {
    let columns = table.columns();
    if row.len() != columns.len() {
        return Err(CopyError::WrongKind {
            table: table.name(),
            column: "*",
        });
    }
    match columns.iter().zip(row).find(|(c, v)| !v.fits(c.kind)) {
        Some((column, _)) => Err(CopyError::WrongKind {
            table: table.name(),
            column: column.name,
        }),
        None => Ok(()),
    }
}

//! What opening a database does with its schema: run the pending migrations (the
//! default), or only check that every one has run (`--no-migrate`), so that a server
//! can run as a role that may read and write rows but not change tables.

use std::collections::HashMap;

use sqlx::migrate::{Migrate, MigrateError, Migrator};

use super::DbError;

/// How opening treats the migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Migrations {
    /// Run the ones that have not run yet (needs the right to create tables).
    #[default]
    Run,
    /// Refuse to open unless every one has run; change nothing.
    Check,
}

/// How to open a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoreOptions {
    pub migrations: Migrations,
}

impl StoreOptions {
    /// Opening that only checks the migrations (`--no-migrate`).
    pub fn no_migrate() -> StoreOptions {
        StoreOptions {
            migrations: Migrations::Check,
        }
    }
}

/// Migrations this binary has that the database has not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the database lacks migration {}: run `porchlight-server store migrate --db …` as the \
     database's owner, or start without --no-migrate",
    .missing.join(", ")
)]
pub struct PendingMigrations {
    /// `version description` of each missing migration, oldest first.
    pub missing: Vec<String>,
}

impl Migrations {
    /// Runs or checks `migrator`'s migrations on `conn`.
    pub(crate) async fn apply<C: Migrate>(
        self,
        migrator: &Migrator,
        conn: &mut C,
    ) -> Result<(), DbError> {
        match self {
            Migrations::Run => migrator.run_direct(conn).await?,
            Migrations::Check => check(migrator, conn).await?,
        }
        Ok(())
    }
}

/// What `Migrator::run` would verify before applying anything, without its lock or
/// its `CREATE TABLE IF NOT EXISTS` (both need more than a restricted role has).
async fn check<C: Migrate>(migrator: &Migrator, conn: &mut C) -> Result<(), DbError> {
    let applied = match conn.list_applied_migrations().await {
        Ok(applied) => {
            if let Some(version) = conn.dirty_version().await? {
                return Err(MigrateError::Dirty(version).into());
            }
            applied
        }
        // No migration table: nothing has run.
        Err(MigrateError::Execute(e)) if is_missing_table(&e) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let applied: HashMap<i64, _> = applied.into_iter().map(|m| (m.version, m)).collect();
    let mut missing = Vec::new();
    for migration in migrator.iter() {
        if migration.migration_type.is_down_migration() {
            continue;
        }
        match applied.get(&migration.version) {
            Some(done) if done.checksum != migration.checksum => {
                return Err(MigrateError::VersionMismatch(migration.version).into())
            }
            Some(_) => {}
            None => missing.push(format!(
                "{:04} {}",
                migration.version, migration.description
            )),
        }
    }
    // A database migrated by a newer binary: its schema may hold what this one ignores.
    if let Some(unknown) = applied.keys().find(|v| !migrator.version_exists(**v)) {
        return Err(MigrateError::VersionMissing(*unknown).into());
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(PendingMigrations { missing }.into())
    }
}

/// SQLite's "no such table" or PostgreSQL's `undefined_table` (42P01).
fn is_missing_table(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(e) => {
            e.code().as_deref() == Some("42P01") || e.message().contains("no such table")
        }
        _ => false,
    }
}

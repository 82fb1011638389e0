//! Editing a test's database behind the server's back, as someone with direct access
//! to it would: a connection of its own that first lifts the refusals in its way (the
//! immutability triggers), on whichever backend the test runs.

use sqlx::{Connection, PgConnection, SqliteConnection};

use super::{TestApp, TestDb};

/// What the database refuses and the tamperer wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Update,
    Delete,
}

/// One step of an edit.
#[derive(Debug, Clone, Copy)]
pub enum Edit<'a> {
    /// Lifts the refusal of `Op` on a table (for good: later statements, the server's
    /// included, are no longer refused either).
    Allow(&'static str, Op),
    /// Runs a raw SQL statement.
    Sql(&'a str),
}

pub async fn tamper(app: &TestApp, edits: &[Edit<'_>]) {
    match &app.db_location {
        TestDb::Sqlite { path, .. } => {
            let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            for edit in edits {
                let sql = match *edit {
                    // The triggers of server/migrations/sqlite, one per table and operation.
                    Edit::Allow(table, Op::Update) => format!("DROP TRIGGER {table}_refuse_update"),
                    Edit::Allow(table, Op::Delete) => format!("DROP TRIGGER {table}_refuse_delete"),
                    Edit::Sql(sql) => sql.to_owned(),
                };
                sqlx::query(&sql)
                    .execute(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
            conn.close().await.unwrap();
        }
        TestDb::Postgres { url, .. } => {
            let mut conn = PgConnection::connect(url).await.unwrap();
            for edit in edits {
                match *edit {
                    Edit::Allow(table, op) => allow_on_postgres(&mut conn, table, op).await,
                    Edit::Sql(sql) => {
                        sqlx::query(sql)
                            .execute(&mut conn)
                            .await
                            .unwrap_or_else(|e| panic!("{sql}: {e}"));
                    }
                }
            }
            conn.close().await.unwrap();
        }
    }
}

/// Disables the triggers that refuse `op` on `table`: those that fire on it and raise
/// one of the immutability codes (in their function or its arguments). Found by what they do rather than by name, so that
/// a trigger covering several operations is found too; the table's other triggers
/// (counters, indexes) stay on, as the SQLite side's `DROP TRIGGER` leaves them.
async fn allow_on_postgres(conn: &mut PgConnection, table: &str, op: Op) {
    // pg_trigger.tgtype bits (PostgreSQL's catalog/pg_trigger.h).
    let bit: i16 = match op {
        Op::Delete => 1 << 3,
        Op::Update => 1 << 4,
    };
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT t.tgname::text FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid \
         WHERE t.tgrelid = $1::regclass AND NOT t.tgisinternal AND (t.tgtype & $2) <> 0 \
           AND (p.prosrc || encode(t.tgargs, 'escape')) ~ '(request_immutable|log_append_only|moderation_immutable)'",
    )
    .bind(table)
    .bind(bit)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert!(
        !names.is_empty(),
        "no trigger refuses {op:?} on {table}: nothing to lift"
    );
    for name in names {
        let sql = format!("ALTER TABLE {table} DISABLE TRIGGER \"{name}\"");
        sqlx::query(&sql)
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

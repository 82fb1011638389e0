//! `store copy` on PostgreSQL: a `REPEATABLE READ` snapshot of every copied table, and
//! one transaction that writes a whole copy with the copied tables locked against
//! every other writer. Requests, agencies and accounts keep their ids; their identity
//! sequences are then moved past them, so new rows number on from there. The GiST
//! index over each request's box and time follows the table by itself.
//!
//! The per-agency counters are the exception to "the triggers fill everything": inside
//! one transaction every trigger update of an agency's counter row leaves a version
//! that the next update must step over (none can be pruned before the commit), so the
//! cost grows with the square of an agency's requests — measured on 50 000 requests,
//! 58 s with the triggers against 16 s without. The copy switches the two counting
//! triggers off for its own transaction (the switch is transactional: an interrupted
//! copy leaves them on) and counts every agency once at the end, as SQLite's migration
//! 0004 filled its counters; the tests compare the result with a recount.

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::query_builder::Separated;
use sqlx::{Postgres, QueryBuilder, Row, Transaction};

use super::PgStore;
use crate::db::copy::{
    Column, ColumnKind, CopyError, CopyReader, CopyRow, CopyTable, CopyValue, CopyWriter,
};
use crate::db::CopyStore;

#[async_trait]
impl CopyStore for PgStore {
    async fn copy_reader(&self) -> Result<Box<dyn CopyReader>, CopyError> {
        // One snapshot for every page: later commits of running servers stay unseen.
        let tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        Ok(Box::new(PgCopyReader { tx }))
    }

    async fn copy_writer(&self) -> Result<Box<dyn CopyWriter>, CopyError> {
        let mut tx = self.pool.begin().await?;
        // Plain reads go on; a server starting on the target (its log's first
        // checkpoint, its key's row) or any other writer waits for the copy, then
        // finds the log taken.
        let tables: Vec<&str> = CopyTable::ALL.iter().map(|t| t.name()).collect();
        sqlx::query(&format!(
            "LOCK TABLE {} IN EXCLUSIVE MODE",
            tables.join(", ")
        ))
        .execute(&mut *tx)
        .await?;
        for statement in COUNTERS_OFF {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        let mut copy = PgCopyWriter { tx };
        for table in CopyTable::ALL {
            let rows = copy.count(table).await?;
            if rows > 0 {
                return Err(CopyError::TargetNotEmpty {
                    table: table.name(),
                    rows,
                });
            }
        }
        Ok(Box::new(copy))
    }
}

/// The triggers that count requests and resolutions per agency, off for the copy.
const COUNTERS_OFF: [&str; 2] = [
    "ALTER TABLE requests DISABLE TRIGGER requests_count_for_agency",
    "ALTER TABLE resolutions DISABLE TRIGGER resolutions_count_for_agency",
];

/// Every agency's counters from the copied rows, then the triggers back on.
const COUNTERS_ON: [&str; 5] = [
    "INSERT INTO agency_totals (agency_id, requests, resolved, first_at, last_at) \
     SELECT r.agency_id, count(*), count(x.request_id), min(r.created_at), max(r.created_at) \
     FROM requests r LEFT JOIN resolutions x ON x.request_id = r.id GROUP BY r.agency_id",
    "INSERT INTO agency_months (agency_id, month, requests) \
     SELECT agency_id, utc_month(created_at), count(*) FROM requests GROUP BY 1, 2",
    "INSERT INTO agency_incident_types (agency_id, incident_type, requests) \
     SELECT agency_id, incident_type, count(*) FROM requests GROUP BY 1, 2",
    "ALTER TABLE requests ENABLE TRIGGER requests_count_for_agency",
    "ALTER TABLE resolutions ENABLE TRIGGER resolutions_count_for_agency",
];

struct PgCopyReader {
    tx: Transaction<'static, Postgres>,
}

fn names(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait]
impl CopyReader for PgCopyReader {
    async fn check_columns(&mut self, table: CopyTable) -> Result<(), CopyError> {
        // Generated columns are derived, never copied; dropped ones linger in the
        // catalogue without data.
        let present: Vec<String> = sqlx::query_scalar(
            "SELECT attname::text FROM pg_attribute \
             WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped \
               AND attgenerated = ''",
        )
        .bind(table.name())
        .fetch_all(&mut *self.tx)
        .await?;
        let unknown: Vec<String> = present
            .into_iter()
            .filter(|name| !table.columns().iter().any(|c| c.name == name))
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(CopyError::UnknownColumns {
                table: table.name(),
                columns: unknown,
            })
        }
    }

    async fn read_page(
        &mut self,
        table: CopyTable,
        after: Option<&[CopyValue]>,
        limit: usize,
    ) -> Result<Vec<CopyRow>, CopyError> {
        let key = names(table.key());
        let mut sql = QueryBuilder::<Postgres>::new("SELECT ");
        sql.push(names(table.columns()))
            .push(" FROM ")
            .push(table.name());
        if let Some(after) = after {
            // Row values compare column by column, as the key orders rows.
            sql.push(" WHERE (").push(&key).push(") > (");
            let mut values = sql.separated(", ");
            for (column, value) in table.key().iter().zip(after) {
                bind(&mut values, column.kind, value);
            }
            sql.push(")");
        }
        sql.push(" ORDER BY ")
            .push(&key)
            .push(" LIMIT ")
            .push_bind(limit as i64);
        let rows = sql.build().fetch_all(&mut *self.tx).await?;
        Ok(rows
            .iter()
            .map(|row| decode(table, row))
            .collect::<Result<_, sqlx::Error>>()?)
    }
}

fn decode(table: CopyTable, row: &PgRow) -> Result<CopyRow, sqlx::Error> {
    table
        .columns()
        .iter()
        .enumerate()
        .map(|(i, column)| {
            Ok(match column.kind {
                ColumnKind::Int => row.try_get::<Option<i64>, _>(i)?.map(CopyValue::Int),
                ColumnKind::Real => row.try_get::<Option<f64>, _>(i)?.map(CopyValue::Real),
                ColumnKind::Text => row.try_get::<Option<String>, _>(i)?.map(CopyValue::Text),
                ColumnKind::Blob => row.try_get::<Option<Vec<u8>>, _>(i)?.map(CopyValue::Blob),
                ColumnKind::Bool => row.try_get::<Option<bool>, _>(i)?.map(CopyValue::Bool),
            }
            .unwrap_or(CopyValue::Null))
        })
        .collect()
}

/// Binds a value with its column's type, a NULL too (PostgreSQL types every
/// parameter, and a NULL of another type does not fit the column).
fn bind(
    values: &mut Separated<'_, '_, Postgres, &'static str>,
    kind: ColumnKind,
    value: &CopyValue,
) {
    match value {
        CopyValue::Null => match kind {
            ColumnKind::Int => values.push_bind(None::<i64>),
            ColumnKind::Real => values.push_bind(None::<f64>),
            ColumnKind::Text => values.push_bind(None::<String>),
            ColumnKind::Blob => values.push_bind(None::<Vec<u8>>),
            ColumnKind::Bool => values.push_bind(None::<bool>),
        },
        CopyValue::Int(v) => values.push_bind(*v),
        CopyValue::Real(v) => values.push_bind(*v),
        CopyValue::Text(v) => values.push_bind(v.clone()),
        CopyValue::Blob(v) => values.push_bind(v.clone()),
        CopyValue::Bool(v) => values.push_bind(*v),
    };
}

struct PgCopyWriter {
    tx: Transaction<'static, Postgres>,
}

#[async_trait]
impl CopyWriter for PgCopyWriter {
    async fn write_rows(&mut self, table: CopyTable, rows: &[CopyRow]) -> Result<(), CopyError> {
        if rows.is_empty() {
            return Ok(());
        }
        let columns = table.columns();
        let mut sql = QueryBuilder::<Postgres>::new("INSERT INTO ");
        sql.push(table.name())
            .push(" (")
            .push(names(columns))
            .push(") ");
        if table.generated_id().is_some() {
            // The copied id, even were the identity GENERATED ALWAYS.
            sql.push("OVERRIDING SYSTEM VALUE ");
        }
        sql.push_values(rows, |mut values, row| {
            for (column, value) in columns.iter().zip(row) {
                bind(&mut values, column.kind, value);
            }
        });
        sql.build().execute(&mut *self.tx).await?;
        Ok(())
    }

    async fn count(&mut self, table: CopyTable) -> Result<i64, CopyError> {
        Ok(
            sqlx::query_scalar(&format!("SELECT count(*) FROM {}", table.name()))
                .fetch_one(&mut *self.tx)
                .await?,
        )
    }

    async fn finish(mut self: Box<Self>) -> Result<(), CopyError> {
        for statement in COUNTERS_ON {
            sqlx::query(statement).execute(&mut *self.tx).await?;
        }
        for table in CopyTable::ALL {
            let Some(id) = table.generated_id() else {
                continue;
            };
            // The next id is one past the largest copied (1 for an empty table); the
            // requests' past every submission too, which share their id space.
            let largest = match table {
                CopyTable::Requests => {
                    "greatest((SELECT max(id) FROM requests), (SELECT max(id) FROM submissions))"
                        .to_owned()
                }
                _ => format!("(SELECT max({id}) FROM {})", table.name()),
            };
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{id}'), \
                 coalesce({largest}, 0) + 1, false)",
                table = table.name()
            ))
            .execute(&mut *self.tx)
            .await?;
        }
        self.tx.commit().await?;
        Ok(())
    }
}

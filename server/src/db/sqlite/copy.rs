//! `store copy` on SQLite: a read snapshot of every copied table, and one `BEGIN
//! IMMEDIATE` transaction that writes a whole copy. Requests keep their ids: the
//! rowid and `AUTOINCREMENT`'s counter follow the largest id inserted, so new requests
//! number on from there. The triggers index each copied request (R*Tree) and count it
//! for its agency.

use async_trait::async_trait;
use sqlx::query_builder::Separated;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use tokio::sync::OwnedMutexGuard;

use super::SqliteStore;
use crate::db::copy::{
    ColumnKind, CopyError, CopyReader, CopyRow, CopyTable, CopyValue, CopyWriter,
};
use crate::db::CopyStore;

#[async_trait]
impl CopyStore for SqliteStore {
    async fn copy_reader(&self) -> Result<Box<dyn CopyReader>, CopyError> {
        // A deferred transaction: its first read fixes the snapshot every page sees.
        let tx = self.pool.begin().await?;
        Ok(Box::new(SqliteCopyReader { tx }))
    }

    async fn copy_writer(&self) -> Result<Box<dyn CopyWriter>, CopyError> {
        let writer = self.writer.clone().lock_owned().await;
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut copy = SqliteCopyWriter {
            tx,
            _writer: writer,
        };
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

struct SqliteCopyReader {
    tx: Transaction<'static, Sqlite>,
}

#[async_trait]
impl CopyReader for SqliteCopyReader {
    async fn check_columns(&mut self, table: CopyTable) -> Result<(), CopyError> {
        let present: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
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
        let names = |columns: &[crate::db::copy::Column]| {
            columns
                .iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let key = names(table.key());
        let mut sql = QueryBuilder::<Sqlite>::new("SELECT ");
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

fn decode(table: CopyTable, row: &SqliteRow) -> Result<CopyRow, sqlx::Error> {
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
                ColumnKind::Bool => row
                    .try_get::<Option<i64>, _>(i)?
                    .map(|v| CopyValue::Bool(v != 0)),
            }
            .unwrap_or(CopyValue::Null))
        })
        .collect()
}

/// Binds a value as its column stores it (booleans as 0/1).
fn bind(values: &mut Separated<'_, '_, Sqlite, &'static str>, kind: ColumnKind, value: &CopyValue) {
    match value {
        CopyValue::Null => match kind {
            ColumnKind::Real => values.push_bind(None::<f64>),
            ColumnKind::Text => values.push_bind(None::<String>),
            ColumnKind::Blob => values.push_bind(None::<Vec<u8>>),
            ColumnKind::Int | ColumnKind::Bool => values.push_bind(None::<i64>),
        },
        CopyValue::Int(v) => values.push_bind(*v),
        CopyValue::Real(v) => values.push_bind(*v),
        CopyValue::Text(v) => values.push_bind(v.clone()),
        CopyValue::Blob(v) => values.push_bind(v.clone()),
        CopyValue::Bool(v) => values.push_bind(i64::from(*v)),
    };
}

struct SqliteCopyWriter {
    tx: Transaction<'static, Sqlite>,
    /// This process's other writers wait for the copy (see [`SqliteStore::writer`]).
    _writer: OwnedMutexGuard<()>,
}

#[async_trait]
impl CopyWriter for SqliteCopyWriter {
    async fn write_rows(&mut self, table: CopyTable, rows: &[CopyRow]) -> Result<(), CopyError> {
        if rows.is_empty() {
            return Ok(());
        }
        let columns = table.columns();
        let mut sql = QueryBuilder::<Sqlite>::new("INSERT INTO ");
        sql.push(table.name()).push(" (").push(
            columns
                .iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(", "),
        );
        sql.push(") ");
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
        // The copied requests moved AUTOINCREMENT's counter past themselves; a pending
        // (or rejected) submission may hold a larger id of the same space.
        sqlx::query(
            "UPDATE sqlite_sequence SET seq = (SELECT max(id) FROM submissions) \
             WHERE name = 'requests' AND seq < (SELECT max(id) FROM submissions)",
        )
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'requests', max(id) FROM submissions \
             WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'requests') \
             HAVING max(id) IS NOT NULL",
        )
        .execute(&mut *self.tx)
        .await?;
        self.tx.commit().await?;
        Ok(())
    }
}

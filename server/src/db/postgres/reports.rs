//! The annual reports on PostgreSQL: the shared statements (`report_query.rs`) with
//! PostgreSQL's date functions, in one snapshot. Months come from the shifted unix
//! time read in UTC, as SQLite reads it: the database's own zones are not used, so
//! both backends take their offsets from the same tz database.

use std::collections::BTreeMap;

use async_trait::async_trait;
use porchlight_domain::wire::AgencyRef;
use sqlx::Row;

use super::PgStore;
use crate::db::report_query::{
    figures_from_rows, report_statements, ReportDialect, ReportFigures, ReportWindow,
};
use crate::db::{DbError, ReportStore};

const DIALECT: ReportDialect = ReportDialect {
    // Migration 0012.
    rfc3339_unix: |column| format!("rfc3339_unix({column})"),
    month_of_unix: |unix| {
        format!("CAST(extract(month FROM to_timestamp({unix}) AT TIME ZONE 'UTC') AS BIGINT)")
    },
    floor: |number| format!("CAST(floor({number}) AS BIGINT)"),
    // Byte order, as SQLite's BINARY collation.
    order_codes: "incident_type COLLATE \"C\"",
};

#[async_trait]
impl ReportStore for PgStore {
    async fn agency_zones(
        &self,
        slug: Option<&str>,
    ) -> Result<Vec<(i64, AgencyRef, String)>, DbError> {
        let rows = sqlx::query(
            "SELECT id, slug, name, time_zone FROM agencies WHERE $1::text IS NULL OR slug = $1 \
             ORDER BY lower(name) COLLATE \"C\", id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    AgencyRef {
                        slug: row.try_get("slug")?,
                        name: row.try_get("name")?,
                    },
                    row.try_get("time_zone")?,
                ))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(DbError::from)
    }

    async fn report_figures(
        &self,
        window: &ReportWindow,
    ) -> Result<BTreeMap<i64, ReportFigures>, DbError> {
        // One snapshot: every figure describes the same requests.
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        let mut results = Vec::new();
        for sql in report_statements(&DIALECT, window) {
            // One-off text (its numbers are written in): not worth a prepared statement.
            results.push(
                sqlx::query(&sql)
                    .persistent(false)
                    .fetch_all(&mut *tx)
                    .await?,
            );
        }
        tx.commit().await?;
        Ok(figures_from_rows(window, &results)?)
    }
}

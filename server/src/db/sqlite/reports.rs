//! The annual reports on SQLite: the shared statements (`report_query.rs`) with
//! SQLite's date functions, in one read transaction.

use std::collections::BTreeMap;

use async_trait::async_trait;
use porchlight_domain::wire::AgencyRef;
use sqlx::Row;

use super::SqliteStore;
use crate::db::report_query::{
    figures_from_rows, report_statements, ReportDialect, ReportFigures, ReportWindow,
};
use crate::db::{DbError, ReportStore};

const DIALECT: ReportDialect = ReportDialect {
    rfc3339_unix: |column| format!("unixepoch({column})"),
    month_of_unix: |unix| format!("CAST(strftime('%m', {unix}, 'unixepoch') AS INTEGER)"),
    // For non-negative numbers the integer cast is a floor.
    floor: |number| format!("CAST({number} AS INTEGER)"),
    order_codes: "incident_type",
};

#[async_trait]
impl ReportStore for SqliteStore {
    async fn agency_zones(
        &self,
        slug: Option<&str>,
    ) -> Result<Vec<(i64, AgencyRef, String)>, DbError> {
        let rows = sqlx::query(
            "SELECT id, slug, name, time_zone FROM agencies WHERE ?1 IS NULL OR slug = ?1 \
             ORDER BY name COLLATE NOCASE, id",
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
        // One read transaction: every figure describes the same requests.
        let mut tx = self.pool.begin().await?;
        let mut results = Vec::new();
        for sql in report_statements(&DIALECT, window) {
            // One-off text (its numbers are written in): not worth a cached statement.
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

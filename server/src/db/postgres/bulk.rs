//! Bulk loading (the `seed` command): many validated requests per statement and many
//! statements per transaction.

use async_trait::async_trait;
use sqlx::{Postgres, QueryBuilder};

use super::extent::push_meets_extent;
use super::public_log::log_requests;
use super::request_reads::requests_by_ids;
use super::store::sequence;
use super::PgStore;
use crate::db::unix_time::from_unix;
use crate::db::{BulkRequest, BulkStore, DbError};

/// Rows per multi-row `INSERT`: 18 parameters each stays far below PostgreSQL's limit
/// of 65 535 bound parameters.
const ROWS_PER_STATEMENT: usize = 500;

#[async_trait]
impl BulkStore for PgStore {
    async fn insert_bulk(&self, batch: Vec<BulkRequest>) -> Result<usize, DbError> {
        let mut tx = self.pool.begin().await?;
        sequence(&mut tx).await?;
        let mut resolved = 0;
        let mut all_ids = Vec::with_capacity(batch.len());
        let mut batch = batch.into_iter().peekable();
        while batch.peek().is_some() {
            let chunk: Vec<BulkRequest> = batch.by_ref().take(ROWS_PER_STATEMENT).collect();
            // Ids first, from the identity's sequence in one call (increasing), so that
            // each resolution knows its request's id without relying on the order of
            // RETURNING rows.
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence('requests', 'id')) FROM generate_series(1, $1)",
            )
            .bind(chunk.len() as i64)
            .fetch_all(&mut *tx)
            .await?;
            let resolutions: Vec<(i64, Option<String>, i64)> = chunk
                .iter()
                .zip(&ids)
                .filter_map(|(r, id)| r.resolution.clone().map(|(note, at)| (*id, note, at)))
                .collect();
            let mut sql = QueryBuilder::<Postgres>::new(
                "INSERT INTO requests (id, agency_id, author_id, incident_type, case_number, title, description, \
                 contact_email, contact_phone, time_start, time_end, area_geojson, area_m2, west, south, east, north, created_at, \
                 language) ",
            );
            sql.push_values(chunk.into_iter().zip(&ids), |mut row, (r, id)| {
                let [west, south, east, north] = r.bbox;
                row.push_bind(*id)
                    .push_bind(r.agency_id)
                    .push_bind(r.author_id)
                    .push_bind(r.input.incident_type)
                    .push_bind(r.input.case_number)
                    .push_bind(r.input.title)
                    .push_bind(r.input.description)
                    .push_bind(r.input.contact.email)
                    .push_bind(r.input.contact.phone)
                    .push_bind(r.input.time_frame.start)
                    .push_bind(r.input.time_frame.end)
                    .push_bind(r.area_json)
                    .push_bind(r.area_m2)
                    .push_bind(west)
                    .push_bind(south)
                    .push_bind(east)
                    .push_bind(north)
                    .push_bind(r.created_at)
                    .push_bind(r.input.language);
            });
            sql.build().execute(&mut *tx).await?;
            if !resolutions.is_empty() {
                resolved += resolutions.len();
                let mut sql = QueryBuilder::<Postgres>::new(
                    "INSERT INTO resolutions (request_id, note, resolved_by, resolved_at) ",
                );
                sql.push_values(resolutions, |mut row, (id, note, at)| {
                    row.push_bind(id)
                        .push_bind(note)
                        .push_bind(None::<i64>)
                        .push_bind(at);
                });
                sql.build().execute(&mut *tx).await?;
            }
            all_ids.extend(ids);
        }
        if !all_ids.is_empty() {
            let mut stored = requests_by_ids(&mut tx, &all_ids).await?;
            log_requests(&mut tx, &self.log, &mut stored).await?;
        }
        tx.commit().await?;
        Ok(resolved)
    }

    /// Entries of the GiST index of boxes and times, counted through the index
    /// itself (sequential scans off for this transaction) with a box around the world.
    async fn spatial_index_len(&self) -> Result<i64, DbError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET LOCAL enable_seqscan = off")
            .execute(&mut *tx)
            .await?;
        let mut sql = QueryBuilder::<Postgres>::new("SELECT count(*) FROM requests r WHERE ");
        push_meets_extent(&mut sql, [-180.0, -90.0, 180.0, 90.0], None, None);
        let n: i64 = sql.build_query_scalar().fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(n)
    }

    async fn request_time_range(
        &self,
    ) -> Result<Option<(time::OffsetDateTime, time::OffsetDateTime)>, DbError> {
        let (min, max): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT min(created_at), max(created_at) FROM requests")
                .fetch_one(&self.pool)
                .await?;
        Ok(min.zip(max).map(|(a, b)| (from_unix(a), from_unix(b))))
    }
}

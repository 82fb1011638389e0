//! Bulk loading (the `seed` command): many validated requests per statement and many
//! statements per transaction, so a million rows load in seconds rather than hours.

use async_trait::async_trait;
use sqlx::{QueryBuilder, Sqlite};

use super::public_log::log_requests;
use super::request_reads::requests_in_id_range;
use super::SqliteStore;
use crate::db::unix_time::from_unix;
use crate::db::{BulkRequest, BulkStore, DbError};

/// Rows per multi-row `INSERT`: 17 parameters each stays far below SQLite's limit of
/// 32 766 bound parameters.
const ROWS_PER_STATEMENT: usize = 500;

#[async_trait]
impl BulkStore for SqliteStore {
    /// Stores `batch` in one transaction and appends it to the public log as publishing
    /// does (each request's entry, then its resolution's, built from the rows read
    /// back); the `requests_index_extent_time` trigger indexes each one. Returns the
    /// number of resolutions stored.
    async fn insert_bulk(&self, batch: Vec<BulkRequest>) -> Result<usize, DbError> {
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut resolved = 0;
        let mut ids = None;
        let mut batch = batch.into_iter().peekable();
        while batch.peek().is_some() {
            let chunk: Vec<BulkRequest> = batch.by_ref().take(ROWS_PER_STATEMENT).collect();
            let count = chunk.len() as i64;
            let resolutions: Vec<(usize, Option<String>, i64)> = chunk
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.resolution.clone().map(|(note, at)| (i, note, at)))
                .collect();
            let mut sql = QueryBuilder::<Sqlite>::new(
                "INSERT INTO requests (agency_id, author_id, incident_type, case_number, title, description, \
                 contact_email, contact_phone, time_start, time_end, area_geojson, area_m2, west, south, east, north, created_at, \
                 language) ",
            );
            sql.push_values(chunk, |mut row, r| {
                let [west, south, east, north] = r.bbox;
                row.push_bind(r.agency_id)
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
            // One statement takes consecutive rowids (nothing else writes inside this
            // transaction), so the chunk's ids end at the last inserted one.
            let last = sql.build().execute(&mut *tx).await?.last_insert_rowid();
            let first = last - count + 1;
            ids = Some((ids.map_or(first, |(start, _)| start), last));
            if !resolutions.is_empty() {
                resolved += resolutions.len();
                let mut sql = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO resolutions (request_id, note, resolved_by, resolved_at) ",
                );
                sql.push_values(resolutions, |mut row, (i, note, at)| {
                    row.push_bind(first + i as i64)
                        .push_bind(note)
                        .push_bind(None::<i64>)
                        .push_bind(at);
                });
                sql.build().execute(&mut *tx).await?;
            }
        }
        if let Some((first, last)) = ids {
            let mut stored = requests_in_id_range(&mut tx, first, last).await?;
            log_requests(&mut tx, &self.log, &mut stored).await?;
        }
        tx.commit().await?;
        Ok(resolved)
    }

    /// Entries in the spatial index (one per published request).
    async fn spatial_index_len(&self) -> Result<i64, DbError> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM request_extent_times")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// When the oldest and the newest request were published; `None` when there is none.
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

use async_trait::async_trait;
use sqlx::{Sqlite, Transaction};
use time::OffsetDateTime;

use super::SqliteStore;
use crate::db::unix_time::to_unix;
use crate::db::{DbError, LimitHit, LimitOutcome, RateLimitStore};

/// Counts one hit if the window has room: inserted as the window's first hit, or added
/// to the row already there, each only while `hits + 1 ≤ room` (?5). No row comes
/// back when there was no room. (The `WHERE` on the `SELECT` is also what SQLite needs
/// to read `ON CONFLICT` as the upsert's and not as a join's.)
const COUNT_HIT: &str = "INSERT INTO rate_limits (bucket, key, window_start, hits, expires_at) \
     SELECT ?1, ?2, ?3, 1, ?4 WHERE 1 <= ?5 \
     ON CONFLICT (bucket, key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
     WHERE rate_limits.hits + 1 <= ?5 \
     RETURNING hits";

const WINDOW_HITS: &str =
    "SELECT hits FROM rate_limits WHERE bucket = ? AND key = ? AND window_start = ?";

async fn window_hits(
    tx: &mut Transaction<'_, Sqlite>,
    hit: &LimitHit,
    window_start: i64,
) -> Result<i64, DbError> {
    let hits: Option<i64> = sqlx::query_scalar(WINDOW_HITS)
        .bind(hit.bucket)
        .bind(&hit.key)
        .bind(window_start)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(hits.unwrap_or(0))
}

#[async_trait]
impl RateLimitStore for SqliteStore {
    async fn hit_rate_limits(
        &self,
        hits: &[LimitHit],
        now: OffsetDateTime,
    ) -> Result<LimitOutcome, DbError> {
        if hits.is_empty() {
            return Ok(LimitOutcome::Allowed);
        }
        // One writer at a time: the count read and the hit counted are one step.
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for hit in hits {
            let at = hit.window(now);
            let previous = window_hits(&mut tx, hit, at.previous).await?;
            let counted: Option<i64> = sqlx::query_scalar(COUNT_HIT)
                .bind(hit.bucket)
                .bind(&hit.key)
                .bind(at.start)
                .bind(at.expires_at)
                .bind(hit.room(previous, &at))
                .fetch_optional(&mut *tx)
                .await?;
            if counted.is_none() {
                let current = window_hits(&mut tx, hit, at.start).await?;
                tx.rollback().await?;
                return Ok(LimitOutcome::Refused {
                    bucket: hit.bucket,
                    retry_after_secs: hit.retry_after(previous, current, &at),
                });
            }
        }
        tx.commit().await?;
        Ok(LimitOutcome::Allowed)
    }

    async fn forget_rate_limit(&self, bucket: &str, key: &str) -> Result<(), DbError> {
        let _writer = self.writer.lock().await;
        sqlx::query("DELETE FROM rate_limits WHERE bucket = ? AND key = ?")
            .bind(bucket)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn prune_rate_limits(&self, now: OffsetDateTime) -> Result<u64, DbError> {
        let _writer = self.writer.lock().await;
        let deleted = sqlx::query("DELETE FROM rate_limits WHERE expires_at <= ?")
            .bind(to_unix(now))
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }

    async fn rate_limit_rows(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM rate_limits")
            .fetch_one(&self.pool)
            .await?)
    }
}

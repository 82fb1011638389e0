use async_trait::async_trait;
use sqlx::{Postgres, Transaction};
use time::OffsetDateTime;

use super::PgStore;
use crate::db::unix_time::to_unix;
use crate::db::{DbError, LimitHit, LimitOutcome, RateLimitStore};

/// Counts one hit if the window has room: inserted as the window's first hit, or added
/// to the row already there, each only while `hits + 1 ≤ room` ($5). No row comes back
/// when there was no room. Concurrent hits on one window queue on its row's lock (an
/// insert racing another waits for it, then takes the update path), and the `WHERE`
/// is evaluated on the newest committed count: instances never both take the last
/// place.
const COUNT_HIT: &str =
    "INSERT INTO rate_limits AS r (bucket, key, window_start, hits, expires_at) \
     SELECT $1, $2, $3, 1, $4 WHERE 1 <= $5::float8 \
     ON CONFLICT (bucket, key, window_start) DO UPDATE SET hits = r.hits + 1 \
     WHERE r.hits + 1 <= $5::float8 \
     RETURNING hits";

const WINDOW_HITS: &str =
    "SELECT hits FROM rate_limits WHERE bucket = $1 AND key = $2 AND window_start = $3";

async fn window_hits(
    tx: &mut Transaction<'_, Postgres>,
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
impl RateLimitStore for PgStore {
    async fn hit_rate_limits(
        &self,
        hits: &[LimitHit],
        now: OffsetDateTime,
    ) -> Result<LimitOutcome, DbError> {
        if hits.is_empty() {
            return Ok(LimitOutcome::Allowed);
        }
        // The previous window is closed (no instance counts into it any more), so its
        // plain read is exact; the current window's count is decided by the upsert.
        // Every request takes its rows in the order of `hits` (the global counter
        // last), so two requests never wait on each other in a circle.
        let mut tx = self.pool.begin().await?;
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
        sqlx::query("DELETE FROM rate_limits WHERE bucket = $1 AND key = $2")
            .bind(bucket)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn prune_rate_limits(&self, now: OffsetDateTime) -> Result<u64, DbError> {
        let deleted = sqlx::query("DELETE FROM rate_limits WHERE expires_at <= $1")
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

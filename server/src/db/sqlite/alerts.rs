//! Email alerts on SQLite (`alert_rows.rs` for what they are).

use async_trait::async_trait;
use porchlight_domain::wire::PublishedRequest;
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use super::SqliteStore;
use crate::db::alert_rows::{
    alerted, candidate_from_row, candidates_sql, request_box, subscription_from_row,
    SUBSCRIPTION_COLUMNS,
};
use crate::db::unix_time::to_unix;
use crate::db::{
    AlertStore, ConfirmOutcome, DbError, Delivery, NewSubscription, OutboxClaim, OutboxRow,
    SubscriptionRow, SubscriptionToken,
};

/// Writes one alert per subscription `request` is for into the outbox, in the
/// publishing transaction (`agency_id` is the request's agency).
pub(super) async fn enqueue_alerts(
    conn: &mut SqliteConnection,
    request: &PublishedRequest,
    agency_id: i64,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let (area, [w, s, e, n]) = match request_box(request) {
        Some((area, bbox)) => (Some(area), bbox),
        None => (None, [f64::NAN; 4]),
    };
    let rows = sqlx::query(&candidates_sql(|n| format!("?{n}")))
        .bind(agency_id)
        .bind(w)
        .bind(s)
        .bind(e)
        .bind(n)
        .fetch_all(&mut *conn)
        .await?;
    let candidates = rows
        .iter()
        .map(candidate_from_row)
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    for id in alerted(&candidates, request, agency_id, area.as_ref()) {
        sqlx::query(
            "INSERT INTO alert_outbox (subscription_id, request_id, created_at, next_attempt_at) \
             VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(request.id)
        .bind(to_unix(now))
        .bind(to_unix(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl AlertStore for SqliteStore {
    async fn create_alert_subscription(
        &self,
        new: &NewSubscription<'_>,
        now: OffsetDateTime,
    ) -> Result<i64, DbError> {
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let area = new.area_columns();
        let bbox = area.as_ref().map(|(_, _, b)| *b);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO alert_subscriptions (email, agency_id, area_geojson, area_m2, west, south, \
               east, north, incident_types, manage_token, feed_token, confirm_token, \
               confirm_expires_at, created_at, language) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new.email)
        .bind(new.agency_id)
        .bind(area.as_ref().map(|(json, _, _)| json.clone()))
        .bind(area.as_ref().map(|(_, m2, _)| *m2))
        .bind(bbox.map(|b| b[0]))
        .bind(bbox.map(|b| b[1]))
        .bind(bbox.map(|b| b[2]))
        .bind(bbox.map(|b| b[3]))
        .bind(new.incident_types_column())
        .bind(new.manage_token)
        .bind(new.feed_token)
        .bind(new.confirm_token)
        .bind(to_unix(new.confirm_expires_at))
        .bind(to_unix(now))
        .bind(new.language.as_str())
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO alert_outbox (subscription_id, request_id, created_at, next_attempt_at) \
             VALUES (?, NULL, ?, ?)",
        )
        .bind(id)
        .bind(to_unix(now))
        .bind(to_unix(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn confirm_alert_subscription(
        &self,
        confirm_token: &str,
        now: OffsetDateTime,
    ) -> Result<ConfirmOutcome, DbError> {
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let found: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, confirm_expires_at FROM alert_subscriptions WHERE confirm_token = ?",
        )
        .bind(confirm_token)
        .fetch_optional(&mut *tx)
        .await?;
        let outcome = match found {
            None => ConfirmOutcome::Unknown,
            Some((_, expires)) if expires <= to_unix(now) => ConfirmOutcome::Expired,
            Some((id, _)) => {
                sqlx::query(
                    "UPDATE alert_subscriptions SET confirmed_at = ?, confirm_token = NULL \
                     WHERE id = ?",
                )
                .bind(to_unix(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let sql = format!("{SUBSCRIPTION_COLUMNS} WHERE s.id = ?");
                let row = sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?;
                ConfirmOutcome::Confirmed(Box::new(subscription_from_row(&row)?))
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn alert_subscription(&self, id: i64) -> Result<Option<SubscriptionRow>, DbError> {
        let sql = format!("{SUBSCRIPTION_COLUMNS} WHERE s.id = ?");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(subscription_from_row).transpose()?)
    }

    async fn alert_subscription_by_token(
        &self,
        token: SubscriptionToken<'_>,
    ) -> Result<Option<SubscriptionRow>, DbError> {
        let (column, value) = match token {
            SubscriptionToken::Manage(t) => ("manage_token", t),
            SubscriptionToken::Feed(t) => ("feed_token", t),
        };
        let sql = format!("{SUBSCRIPTION_COLUMNS} WHERE s.{column} = ?");
        let row = sqlx::query(&sql)
            .bind(value)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(subscription_from_row).transpose()?)
    }

    async fn delete_alert_subscription(&self, manage_token: &str) -> Result<bool, DbError> {
        let _writer = self.writer.lock().await;
        let deleted = sqlx::query("DELETE FROM alert_subscriptions WHERE manage_token = ?")
            .bind(manage_token)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted > 0)
    }

    async fn sweep_alert_subscriptions(&self, now: OffsetDateTime) -> Result<u64, DbError> {
        let _writer = self.writer.lock().await;
        Ok(sqlx::query(
            "DELETE FROM alert_subscriptions WHERE confirmed_at IS NULL AND confirm_expires_at <= ?",
        )
        .bind(to_unix(now))
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    async fn claim_alert_outbox(
        &self,
        owner: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<OutboxClaim>, DbError> {
        // One statement: SQLite runs it under the database's write lock, so two
        // workers (of one process or of two on the same file) never claim one row.
        let _writer = self.writer.lock().await;
        let rows: Vec<(i64, i64, Option<i64>, i64)> = sqlx::query_as(
            "UPDATE alert_outbox SET lease_owner = ?, lease_until = ? \
             WHERE id IN (SELECT id FROM alert_outbox \
                 WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? \
                   AND (lease_until IS NULL OR lease_until <= ?) \
                 ORDER BY next_attempt_at, id LIMIT ?) \
             RETURNING id, subscription_id, request_id, attempts",
        )
        .bind(owner)
        .bind(to_unix(lease_until))
        .bind(to_unix(now))
        .bind(to_unix(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut claims: Vec<OutboxClaim> = rows
            .into_iter()
            .map(|(id, subscription_id, request_id, attempts)| OutboxClaim {
                id,
                subscription_id,
                request_id,
                attempts,
            })
            .collect();
        claims.sort_by_key(|c| c.id);
        Ok(claims)
    }

    async fn finish_alert_outbox(
        &self,
        id: i64,
        owner: &str,
        delivery: &Delivery,
        now: OffsetDateTime,
    ) -> Result<(), DbError> {
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let held: Option<i64> = sqlx::query_scalar(
            "SELECT subscription_id FROM alert_outbox WHERE id = ? AND lease_owner = ? \
               AND sent_at IS NULL AND failed_at IS NULL",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(subscription_id) = held else {
            tx.rollback().await?;
            return Ok(());
        };
        let now = to_unix(now);
        match delivery {
            Delivery::Sent => {
                sqlx::query(
                    "UPDATE alert_outbox SET sent_at = ?, attempts = attempts + 1, \
                       lease_owner = NULL, lease_until = NULL WHERE id = ?",
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Delivery::Retry { at, error } => {
                sqlx::query(
                    "UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_at = ?, \
                       last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                )
                .bind(to_unix(*at))
                .bind(error)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Delivery::Bounced { error, max_bounces } => {
                sqlx::query(
                    "UPDATE alert_outbox SET attempts = attempts + 1, failed_at = ?, \
                       last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                )
                .bind(now)
                .bind(error)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE alert_subscriptions SET bounces = bounces + 1, \
                       disabled_at = CASE WHEN bounces + 1 >= ? THEN coalesce(disabled_at, ?) \
                         ELSE disabled_at END WHERE id = ?",
                )
                .bind(i64::from(*max_bounces))
                .bind(now)
                .bind(subscription_id)
                .execute(&mut *tx)
                .await?;
            }
            Delivery::GaveUp { error } => {
                sqlx::query(
                    "UPDATE alert_outbox SET attempts = attempts + 1, failed_at = ?, \
                       last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                )
                .bind(now)
                .bind(error)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn alert_outbox_rows(&self) -> Result<Vec<OutboxRow>, DbError> {
        let rows: Vec<(i64, i64, Option<i64>, i64, bool, bool, Option<String>)> = sqlx::query_as(
            "SELECT id, subscription_id, request_id, attempts, sent_at IS NOT NULL, \
               failed_at IS NOT NULL, last_error FROM alert_outbox ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, subscription_id, request_id, attempts, sent, failed, last_error)| OutboxRow {
                    id,
                    subscription_id,
                    request_id,
                    attempts,
                    sent,
                    failed,
                    last_error,
                },
            )
            .collect())
    }
}

use async_trait::async_trait;
use time::OffsetDateTime;

use super::PgStore;
use crate::db::account::stored_role;
use crate::db::rows::account_from_row;
use crate::db::unix_time::to_unix;
use crate::db::{AccountRow, AccountStore, DbError, LoginThrottle, NewAccount};
use porchlight_domain::wire::Role;

/// `hide_requests` as 0 or 1, as SQLite stores it, for the shared decoder.
/// An account, its role `moderator` when it is listed in `moderators`.
const ACCOUNT_COLUMNS: &str = "SELECT a.id, a.email, a.display_name, a.password_hash, \
     CASE WHEN EXISTS (SELECT 1 FROM moderators m WHERE m.account_id = a.id) \
       THEN 'moderator' ELSE a.role END AS role, a.agency_id, \
     CASE WHEN a.hide_requests THEN 1::int8 ELSE 0::int8 END AS hide_requests, \
     g.slug AS agency_slug, g.name AS agency_name \
     FROM accounts a LEFT JOIN agencies g ON g.id = a.agency_id";

#[async_trait]
impl AccountStore for PgStore {
    async fn create_account(
        &self,
        new: &NewAccount<'_>,
        now: OffsetDateTime,
    ) -> Result<Option<i64>, DbError> {
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO accounts (email, display_name, password_hash, role, agency_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ((lower(email))) DO NOTHING RETURNING id",
        )
        .bind(new.email)
        .bind(new.display_name)
        .bind(new.password_hash)
        .bind(stored_role(new.role))
        .bind(new.agency_id)
        .bind(to_unix(now))
        .fetch_optional(&mut *tx)
        .await?;
        if let (Some(id), Role::Moderator) = (id, new.role) {
            sqlx::query("INSERT INTO moderators (account_id, created_at) VALUES ($1, $2)")
                .bind(id)
                .bind(to_unix(now))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn account_by_email(&self, email: &str) -> Result<Option<AccountRow>, DbError> {
        let sql = format!("{ACCOUNT_COLUMNS} WHERE lower(a.email) = lower($1)");
        let row = sqlx::query(&sql)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(account_from_row).transpose()?)
    }

    async fn account_by_id(&self, id: i64) -> Result<Option<AccountRow>, DbError> {
        let sql = format!("{ACCOUNT_COLUMNS} WHERE a.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(account_from_row).transpose()?)
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(to_unix(now))
        .bind(to_unix(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn account_by_session(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<AccountRow>, DbError> {
        let sql = format!(
            "{ACCOUNT_COLUMNS} JOIN sessions s ON s.account_id = a.id WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(to_unix(now))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(account_from_row).transpose()?)
    }

    async fn delete_session(&self, token_hash: &str, now: OffsetDateTime) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2")
            .bind(token_hash)
            .bind(to_unix(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_account_sessions(&self, account_id: i64) -> Result<u64, DbError> {
        let result = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected())
    }

    async fn session_count(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM sessions")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn set_hide_requests(&self, account_id: i64, hide: bool) -> Result<(), DbError> {
        sqlx::query("UPDATE accounts SET hide_requests = $1 WHERE id = $2")
            .bind(hide)
            .bind(account_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn make_staff(&self, account_id: i64, agency_id: i64) -> Result<(), DbError> {
        sqlx::query("UPDATE accounts SET role = 'agency_staff', agency_id = $1 WHERE id = $2")
            .bind(agency_id)
            .bind(account_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn login_locked_until(
        &self,
        email: &str,
        now: OffsetDateTime,
    ) -> Result<Option<i64>, DbError> {
        let until: Option<Option<i64>> =
            sqlx::query_scalar("SELECT locked_until FROM login_failures WHERE email = $1")
                .bind(email.to_lowercase())
                .fetch_optional(&self.pool)
                .await?;
        Ok(until.flatten().filter(|&until| until > to_unix(now)))
    }

    async fn record_login_failure(
        &self,
        email: &str,
        now: OffsetDateTime,
        throttle: LoginThrottle,
    ) -> Result<Option<i64>, DbError> {
        let now_s = to_unix(now);
        let window_opened_after = now_s - throttle.window.whole_seconds();
        let locked_until = now_s + throttle.lockout.whole_seconds();
        // One statement: failures from several instances count into one row. A
        // failure outside the current window (or after a lock ran out) starts anew.
        let until: Option<i64> = sqlx::query_scalar(
            "INSERT INTO login_failures AS f (email, failures, window_start, locked_until) \
             VALUES ($1, 1, $2, NULL) \
             ON CONFLICT (email) DO UPDATE SET \
               failures = CASE WHEN f.window_start <= $3 OR f.locked_until IS NOT NULL THEN 1 ELSE f.failures + 1 END, \
               window_start = CASE WHEN f.window_start <= $3 OR f.locked_until IS NOT NULL THEN $2 ELSE f.window_start END, \
               locked_until = NULL \
             RETURNING CASE WHEN failures >= $4 THEN $5::int8 END",
        )
        .bind(email.to_lowercase())
        .bind(now_s)
        .bind(window_opened_after)
        .bind(throttle.max_failures)
        .bind(locked_until)
        .fetch_one(&self.pool)
        .await?;
        if let Some(until) = until {
            sqlx::query("UPDATE login_failures SET locked_until = $1 WHERE email = $2")
                .bind(until)
                .bind(email.to_lowercase())
                .execute(&self.pool)
                .await?;
        }
        Ok(until)
    }

    async fn clear_login_failures(&self, email: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(email.to_lowercase())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

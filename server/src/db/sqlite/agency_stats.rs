//! An agency's statistics and its complete record for the open-data exports. Every
//! figure is computed by SQLite; months are calendar months in UTC.

use async_trait::async_trait;
use porchlight_domain::wire::{AgencyStats, PublishedRequest};
use sqlx::Row;
use time::OffsetDateTime;

use super::SqliteStore;
use crate::db::moderation_rows::{moderation_stats_from_row, moderation_stats_sql};
use crate::db::rows::{request_from_row, stats_from_rows, REQUEST_COLUMNS};
use crate::db::stats_window::STATS_MONTHS;
use crate::db::unix_time::to_unix;
use crate::db::{AgencyStatsStore, DbError};

/// Totals and the first/last publication time, from the counters (migration 0004).
const TOTALS: &str =
    "SELECT coalesce(t.requests, 0) AS total, coalesce(t.resolved, 0) AS resolved, \
       t.first_at, t.last_at \
     FROM (SELECT ?1 AS agency_id) a LEFT JOIN agency_totals t ON t.agency_id = a.agency_id";

/// The median of the middle one or two values (`NULL` for none): `?2` is the number
/// of requests, and each index (migration 0004) is walked in order to the middle.
const MEDIANS: &str = "SELECT \
       (SELECT avg(v) FROM (SELECT area_m2 AS v FROM requests WHERE agency_id = ?1 \
          ORDER BY area_m2 LIMIT 2 - ?2 % 2 OFFSET (?2 - 1) / 2)) AS median_area, \
       (SELECT round(avg(v)) FROM (SELECT (julianday(time_end) - julianday(time_start)) * 86400.0 AS v \
          FROM requests WHERE agency_id = ?1 \
          ORDER BY julianday(time_end) - julianday(time_start) LIMIT 2 - ?2 % 2 OFFSET (?2 - 1) / 2)) AS median_frame";

/// The months of the window: `?2` = now (unix seconds), `?3` = `-23 months`, `?4` = 24.
const MONTHS: &str = "WITH RECURSIVE months(first_day, i) AS ( \
       SELECT date(?2, 'unixepoch', 'start of month', ?3), 1 \
       UNION ALL SELECT date(first_day, '+1 month'), i + 1 FROM months WHERE i < ?4) ";

/// Every month of the window with its count, zeros included, from the counters.
const PER_MONTH: &str = "SELECT substr(m.first_day, 1, 7) AS month, coalesce(c.requests, 0) AS n \
     FROM months m LEFT JOIN agency_months c ON c.agency_id = ?1 AND c.month = substr(m.first_day, 1, 7) \
     ORDER BY m.first_day";

const INCIDENT_TYPES: &str =
    "SELECT incident_type, requests AS n FROM agency_incident_types WHERE agency_id = ?1 AND requests > 0 \
     ORDER BY incident_type";

/// The same figures counted from every request of the agency, as before the counters
/// existed: what the counters are checked against.
mod recount {
    pub const TOTALS: &str = "SELECT count(*) AS total, count(x.request_id) AS resolved, \
           min(r.created_at) AS first_at, max(r.created_at) AS last_at \
         FROM requests r LEFT JOIN resolutions x ON x.request_id = r.id WHERE r.agency_id = ?1";

    pub const MEDIANS: &str = "WITH areas AS ( \
           SELECT area_m2 AS v, row_number() OVER (ORDER BY area_m2) AS k, count(*) OVER () AS n \
           FROM requests WHERE agency_id = ?1), \
         frames AS ( \
           SELECT (julianday(time_end) - julianday(time_start)) * 86400.0 AS v, \
                  row_number() OVER (ORDER BY julianday(time_end) - julianday(time_start)) AS k, count(*) OVER () AS n \
           FROM requests WHERE agency_id = ?1) \
         SELECT (SELECT avg(v) FROM areas WHERE k IN ((n + 1) / 2, (n + 2) / 2)) AS median_area, \
                (SELECT round(avg(v)) FROM frames WHERE k IN ((n + 1) / 2, (n + 2) / 2)) AS median_frame";

    pub const PER_MONTH: &str = ", counts AS ( \
           SELECT strftime('%Y-%m', created_at, 'unixepoch') AS month, count(*) AS n FROM requests \
           WHERE agency_id = ?1 AND created_at >= unixepoch(date(?2, 'unixepoch', 'start of month', ?3)) \
           GROUP BY month) \
         SELECT substr(m.first_day, 1, 7) AS month, coalesce(c.n, 0) AS n \
         FROM months m LEFT JOIN counts c ON c.month = substr(m.first_day, 1, 7) ORDER BY m.first_day";

    pub const INCIDENT_TYPES: &str =
        "SELECT incident_type, count(*) AS n FROM requests WHERE agency_id = ?1 \
         GROUP BY incident_type ORDER BY incident_type";
}

#[async_trait]
impl AgencyStatsStore for SqliteStore {
    async fn agency_stats(
        &self,
        agency_id: i64,
        now: OffsetDateTime,
    ) -> Result<AgencyStats, DbError> {
        self.stats(agency_id, now, false).await
    }

    async fn agency_stats_recounted(
        &self,
        agency_id: i64,
        now: OffsetDateTime,
    ) -> Result<AgencyStats, DbError> {
        self.stats(agency_id, now, true).await
    }

    /// Every request of an agency, newest first (the open-data exports).
    async fn agency_requests_all(&self, agency_id: i64) -> Result<Vec<PublishedRequest>, DbError> {
        let sql = format!(
            "{REQUEST_COLUMNS} WHERE r.agency_id = ? ORDER BY r.created_at DESC, r.id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(agency_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(request_from_row)
            .collect::<Result<_, _>>()?)
    }
}

impl SqliteStore {
    async fn stats(
        &self,
        agency_id: i64,
        now: OffsetDateTime,
        recount: bool,
    ) -> Result<AgencyStats, DbError> {
        // One read transaction: every figure describes the same set of requests even
        // when one is published meanwhile.
        let mut tx = self.pool.begin().await?;
        let totals = sqlx::query(if recount { recount::TOTALS } else { TOTALS })
            .bind(agency_id)
            .fetch_one(&mut *tx)
            .await?;
        let total: i64 = totals.try_get("total")?;
        let medians = if recount {
            sqlx::query(recount::MEDIANS).bind(agency_id)
        } else {
            sqlx::query(MEDIANS).bind(agency_id).bind(total)
        }
        .fetch_one(&mut *tx)
        .await?;
        let per_month = if recount {
            format!("{MONTHS}{}", recount::PER_MONTH)
        } else {
            format!("{MONTHS}{PER_MONTH}")
        };
        let months = sqlx::query(&per_month)
            .bind(agency_id)
            .bind(to_unix(now))
            .bind(format!("-{} months", STATS_MONTHS - 1))
            .bind(STATS_MONTHS)
            .fetch_all(&mut *tx)
            .await?;
        let types = sqlx::query(if recount {
            recount::INCIDENT_TYPES
        } else {
            INCIDENT_TYPES
        })
        .bind(agency_id)
        .fetch_all(&mut *tx)
        .await?;
        let moderation = sqlx::query(&moderation_stats_sql("?1", recount))
            .bind(agency_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;

        let mut stats = stats_from_rows(now, &totals, &medians, &months, &types)?;
        let unreviewed = if recount {
            moderation.try_get("unreviewed")?
        } else {
            total - moderation.try_get::<i64, _>("approvals")?
        };
        stats.moderation = moderation_stats_from_row(&moderation, unreviewed)?;
        Ok(stats)
    }
}

//! An agency's statistics and its complete record for the open-data exports, computed
//! by PostgreSQL as SQLite computes them (`sqlite/agency_stats.rs`): months are
//! calendar months in UTC, medians the mean of the middle one or two values.

use async_trait::async_trait;
use porchlight_domain::wire::{AgencyStats, PublishedRequest};
use sqlx::Row;
use time::OffsetDateTime;

use super::PgStore;
use crate::db::moderation_rows::{moderation_stats_from_row, moderation_stats_sql};
use crate::db::rows::{request_from_row, stats_from_rows, REQUEST_COLUMNS};
use crate::db::stats_window::STATS_MONTHS;
use crate::db::unix_time::to_unix;
use crate::db::{AgencyStatsStore, DbError};

/// Totals and the first/last publication time, from the counters (migration 0003),
/// and the medians of the middle one or two values (`NULL` for none), each index
/// (migrations 0003, 0008) walked in order to the middle of the agency's `total`
/// requests. Rounded as numeric: half away from zero, as SQLite's `round`. One
/// statement: each is a round trip while the snapshot is held.
const TOTALS_AND_MEDIANS: &str = "WITH totals AS ( \
       SELECT coalesce(t.requests, 0) AS total, coalesce(t.resolved, 0) AS resolved, \
         t.first_at, t.last_at \
       FROM (SELECT $1::int8 AS agency_id) a LEFT JOIN agency_totals t ON t.agency_id = a.agency_id), \
     n AS (SELECT total AS n FROM totals) \
     SELECT totals.*, \
       (SELECT avg(v) FROM (SELECT area_m2 AS v FROM requests WHERE agency_id = $1 \
          ORDER BY area_m2 LIMIT 2 - (SELECT n FROM n) % 2 OFFSET ((SELECT n FROM n) - 1) / 2) m) AS median_area, \
       (SELECT round(avg(v)::numeric)::float8 FROM (SELECT request_frame_secs(time_start, time_end) AS v \
          FROM requests WHERE agency_id = $1 ORDER BY request_frame_secs(time_start, time_end) \
          LIMIT 2 - (SELECT n FROM n) % 2 OFFSET ((SELECT n FROM n) - 1) / 2) f) AS median_frame \
     FROM totals";

/// The months of the window, oldest first: `$2` = now (unix seconds), `$3` = the
/// number of months before the current one.
const MONTHS: &str = "WITH months AS ( \
       SELECT to_char(d, 'YYYY-MM') AS month, d AS first_day FROM generate_series( \
         date_trunc('month', to_timestamp($2) AT TIME ZONE 'UTC') - make_interval(months => $3), \
         date_trunc('month', to_timestamp($2) AT TIME ZONE 'UTC'), interval '1 month') d) ";

/// Every month of the window with its count, zeros included, from the counters.
const PER_MONTH: &str = "SELECT m.month, coalesce(c.requests, 0) AS n \
     FROM months m LEFT JOIN agency_months c ON c.agency_id = $1 AND c.month = m.month \
     ORDER BY m.first_day";

const INCIDENT_TYPES: &str =
    "SELECT incident_type, requests AS n FROM agency_incident_types WHERE agency_id = $1 AND requests > 0 \
     ORDER BY incident_type COLLATE \"C\"";

/// The same figures counted from every request of the agency: what the counters are
/// checked against.
mod recount {
    pub const TOTALS: &str = "SELECT count(*) AS total, count(x.request_id) AS resolved, \
           min(r.created_at) AS first_at, max(r.created_at) AS last_at \
         FROM requests r LEFT JOIN resolutions x ON x.request_id = r.id WHERE r.agency_id = $1";

    pub const MEDIANS: &str = "WITH areas AS ( \
           SELECT area_m2 AS v, row_number() OVER (ORDER BY area_m2) AS k, count(*) OVER () AS n \
           FROM requests WHERE agency_id = $1), \
         frames AS ( \
           SELECT request_frame_secs(time_start, time_end) AS v, \
                  row_number() OVER (ORDER BY request_frame_secs(time_start, time_end)) AS k, count(*) OVER () AS n \
           FROM requests WHERE agency_id = $1) \
         SELECT (SELECT avg(v) FROM areas WHERE k IN ((n + 1) / 2, (n + 2) / 2)) AS median_area, \
                (SELECT round(avg(v)::numeric)::float8 FROM frames WHERE k IN ((n + 1) / 2, (n + 2) / 2)) AS median_frame";

    pub const PER_MONTH: &str = ", counts AS ( \
           SELECT utc_month(created_at) AS month, count(*) AS n FROM requests \
           WHERE agency_id = $1 AND created_at >= extract(epoch FROM (SELECT min(first_day) FROM months))::int8 \
           GROUP BY 1) \
         SELECT m.month, coalesce(c.n, 0) AS n \
         FROM months m LEFT JOIN counts c ON c.month = m.month ORDER BY m.first_day";

    pub const INCIDENT_TYPES: &str =
        "SELECT incident_type, count(*) AS n FROM requests WHERE agency_id = $1 \
         GROUP BY incident_type ORDER BY incident_type COLLATE \"C\"";
}

#[async_trait]
impl AgencyStatsStore for PgStore {
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

    async fn agency_requests_all(&self, agency_id: i64) -> Result<Vec<PublishedRequest>, DbError> {
        let sql = format!(
            "{REQUEST_COLUMNS} WHERE r.agency_id = $1 ORDER BY r.created_at DESC, r.id DESC"
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

impl PgStore {
    async fn stats(
        &self,
        agency_id: i64,
        now: OffsetDateTime,
        recount: bool,
    ) -> Result<AgencyStats, DbError> {
        // One snapshot (REPEATABLE READ): every figure describes the same set of
        // requests even when one is published meanwhile.
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        let (totals, medians) = if recount {
            let totals = sqlx::query(recount::TOTALS)
                .bind(agency_id)
                .fetch_one(&mut *tx)
                .await?;
            let medians = sqlx::query(recount::MEDIANS)
                .bind(agency_id)
                .fetch_one(&mut *tx)
                .await?;
            (totals, Some(medians))
        } else {
            let both = sqlx::query(TOTALS_AND_MEDIANS)
                .bind(agency_id)
                .fetch_one(&mut *tx)
                .await?;
            (both, None)
        };
        let medians = medians.as_ref().unwrap_or(&totals);
        let per_month = if recount {
            format!("{MONTHS}{}", recount::PER_MONTH)
        } else {
            format!("{MONTHS}{PER_MONTH}")
        };
        let months = sqlx::query(&per_month)
            .bind(agency_id)
            .bind(to_unix(now) as f64)
            .bind(STATS_MONTHS as i32 - 1)
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
        let moderation = sqlx::query(&moderation_stats_sql("$1", recount))
            .bind(agency_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut stats = stats_from_rows(now, &totals, medians, &months, &types)?;
        let unreviewed = if recount {
            moderation.try_get("unreviewed")?
        } else {
            totals.try_get::<i64, _>("total")? - moderation.try_get::<i64, _>("approvals")?
        };
        stats.moderation = moderation_stats_from_row(&moderation, unreviewed)?;
        Ok(stats)
    }
}

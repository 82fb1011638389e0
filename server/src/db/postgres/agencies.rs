use async_trait::async_trait;
use porchlight_domain::wire::{AgencyProfile, AgencyRef, AgencySummary, NewAgency};
use sqlx::Row;
use time::OffsetDateTime;

use super::PgStore;
use crate::db::rows::{profile_from_row, summary_of, with_stats};
use crate::db::stats_window::TWELVE_MONTHS;
use crate::db::unix_time::to_unix;
use crate::db::{AgencyStatsStore, AgencyStore, DbError};

/// Agency columns plus its request counts (kept by triggers, migration 0003, except the
/// last 12 months': a range of `requests_by_agency`); `$1` is the start of that range.
const AGENCY_WITH_COUNTS: &str = "SELECT g.id, g.slug, g.name, g.jurisdiction, g.region, g.center_lat, g.center_lng, \
       g.contact_email, g.contact_phone, g.time_zone, g.created_at, \
       coalesce(t.requests, 0) AS total_requests, coalesce(t.resolved, 0) AS resolved_requests, \
       (SELECT count(*) FROM requests r WHERE r.agency_id = g.id AND r.created_at >= $1) AS recent_requests \
     FROM agencies g LEFT JOIN agency_totals t ON t.agency_id = g.id";

#[async_trait]
impl AgencyStore for PgStore {
    async fn create_agency(
        &self,
        agency: &NewAgency,
        now: OffsetDateTime,
    ) -> Result<Option<i64>, DbError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO agencies (slug, name, jurisdiction, region, center_lat, center_lng, contact_email, contact_phone, time_zone, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (slug) DO NOTHING RETURNING id",
        )
        .bind(&agency.slug)
        .bind(&agency.name)
        .bind(&agency.jurisdiction)
        .bind(&agency.region)
        .bind(agency.center.lat)
        .bind(agency.center.lng)
        .bind(&agency.contact_email)
        .bind(&agency.contact_phone)
        .bind(&agency.time_zone)
        .bind(to_unix(now))
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn agency_by_slug(&self, slug: &str) -> Result<Option<(i64, AgencyRef)>, DbError> {
        let row: Option<(i64, String, String)> =
            sqlx::query_as("SELECT id, slug, name FROM agencies WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, slug, name)| (id, AgencyRef { slug, name })))
    }

    async fn list_agencies(&self, now: OffsetDateTime) -> Result<Vec<AgencySummary>, DbError> {
        // SQLite's `COLLATE NOCASE` order: case folded, then bytewise.
        let sql = format!("{AGENCY_WITH_COUNTS} ORDER BY lower(g.name) COLLATE \"C\", g.id");
        let rows = sqlx::query(&sql)
            .bind(to_unix(now - TWELVE_MONTHS))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| profile_from_row(row).map(summary_of))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(DbError::from)
    }

    async fn agency_profile(
        &self,
        slug: &str,
        now: OffsetDateTime,
    ) -> Result<Option<AgencyProfile>, DbError> {
        let sql = format!("{AGENCY_WITH_COUNTS} WHERE g.slug = $2");
        let row = sqlx::query(&sql)
            .bind(to_unix(now - TWELVE_MONTHS))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let profile = profile_from_row(&row)?;
        let stats = self.agency_stats(row.try_get("id")?, now).await?;
        Ok(Some(with_stats(profile, stats)))
    }
}

//! Rows of either backend into domain and wire values. Each backend's SQL gives these
//! columns the same types (TEXT, BIGINT, DOUBLE), so one decoder serves both.

use porchlight_domain::wire::{
    AgencyProfile, AgencyRef, AgencyStats, AgencySummary, ContactInput, GeoJsonPolygon,
    IncidentTypeCount, LatLng, MonthCount, PublishedRequest, RequestStatus, Resolution, Role,
    TimeFrameInput,
};
use sqlx::{ColumnIndex, Decode, Row, Type};

use super::unix_time::from_unix;
use super::AccountRow;

/// The columns [`request_from_row`] reads, for a `WHERE` to follow (the same SQL in
/// both dialects).
pub(super) const REQUEST_COLUMNS: &str = "SELECT r.id, r.created_at, g.slug, g.name, r.incident_type, r.case_number, r.title, \
       r.description, r.contact_email, r.contact_phone, r.time_start, r.time_end, r.area_geojson, r.area_m2, \
       x.resolved_at, x.note, lq.idx AS log_index, lx.idx AS resolution_log_index, r.language \
     FROM requests r JOIN agencies g ON g.id = r.agency_id LEFT JOIN resolutions x ON x.request_id = r.id \
     LEFT JOIN log_entries lq ON lq.kind = 'request' AND lq.request_id = r.id \
     LEFT JOIN log_entries lx ON lx.kind = 'resolution' AND lx.request_id = r.id";

/// An agency's id, name and time zone (`id, slug, name, time_zone`), for its reports.
pub(super) fn agency_zone_from_row<'r, R>(
    row: &'r R,
) -> Result<(i64, AgencyRef, String), sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok((
        row.try_get("id")?,
        AgencyRef {
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
        },
        row.try_get("time_zone")?,
    ))
}

/// A request with its agency, resolution and log indices ([`REQUEST_COLUMNS`]).
pub(super) fn request_from_row<'r, R>(row: &'r R) -> Result<PublishedRequest, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let area_json: String = row.try_get("area_geojson")?;
    let area: GeoJsonPolygon =
        serde_json::from_str(&area_json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let resolution = match row.try_get::<Option<i64>, _>("resolved_at")? {
        Some(at) => Some(Resolution {
            note: row.try_get("note")?,
            resolved_at: from_unix(at),
            log_index: row
                .try_get::<Option<i64>, _>("resolution_log_index")?
                .map(|i| i as u64),
        }),
        None => None,
    };
    Ok(PublishedRequest {
        id: row.try_get("id")?,
        agency: AgencyRef {
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
        },
        incident_type: row.try_get("incident_type")?,
        case_number: row.try_get("case_number")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        contact: ContactInput {
            email: row.try_get("contact_email")?,
            phone: row.try_get("contact_phone")?,
        },
        time_frame: TimeFrameInput {
            start: row.try_get("time_start")?,
            end: row.try_get("time_end")?,
        },
        area,
        area_m2: row.try_get("area_m2")?,
        created_at: from_unix(row.try_get("created_at")?),
        status: if resolution.is_some() {
            RequestStatus::Resolved
        } else {
            RequestStatus::Open
        },
        resolution,
        log_index: row
            .try_get::<Option<i64>, _>("log_index")?
            .map(|i| i as u64),
        language: row.try_get("language")?,
    })
}

/// An account with its agency (`ACCOUNT_COLUMNS` of each backend); `hide_requests` is
/// 0 or 1.
pub(super) fn account_from_row<'r, R>(row: &'r R) -> Result<AccountRow, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let role: String = row.try_get("role")?;
    let agency = match (
        row.try_get::<Option<String>, _>("agency_slug")?,
        row.try_get::<Option<String>, _>("agency_name")?,
    ) {
        (Some(slug), Some(name)) => Some(AgencyRef { slug, name }),
        _ => None,
    };
    Ok(AccountRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        role: Role::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
        agency_id: row.try_get("agency_id")?,
        agency,
        hide_requests: row.try_get::<i64, _>("hide_requests")? == 1,
    })
}

/// An agency with its request counts (`AGENCY_WITH_COUNTS` of each backend).
pub(super) fn profile_from_row<'r, R>(row: &'r R) -> Result<AgencyProfile, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let total: i64 = row.try_get("total_requests")?;
    let resolved: i64 = row.try_get("resolved_requests")?;
    Ok(AgencyProfile {
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        jurisdiction: row.try_get("jurisdiction")?,
        region: row.try_get("region")?,
        center: LatLng {
            lat: row.try_get("center_lat")?,
            lng: row.try_get("center_lng")?,
        },
        contact_email: row.try_get("contact_email")?,
        contact_phone: row.try_get("contact_phone")?,
        time_zone: row.try_get("time_zone")?,
        created_at: from_unix(row.try_get("created_at")?),
        total_requests: total as u64,
        open_requests: (total - resolved) as u64,
        resolved_requests: resolved as u64,
        requests_last_12_months: row.try_get::<i64, _>("recent_requests")? as u64,
        stats: None,
        // Filled by the profile route (`agency_findings`).
        findings: Vec::new(),
        // Filled by the profile route (the responses' store).
        response_key: None,
        retention_days: None,
        responses: Default::default(),
    })
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// An agency's statistics as of `now` from the rows of each backend's queries: the
/// totals (`total`, `resolved`, `first_at`, `last_at`), the medians (`median_area`,
/// `median_frame`), the months (`month`, `n`) and the incident types
/// (`incident_type`, `n`).
pub(super) fn stats_from_rows<'r, R>(
    now: time::OffsetDateTime,
    totals: &'r R,
    medians: &'r R,
    months: &'r [R],
    types: &'r [R],
) -> Result<AgencyStats, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let total: i64 = totals.try_get("total")?;
    let resolved: i64 = totals.try_get("resolved")?;
    Ok(AgencyStats {
        as_of: now,
        first_request_at: totals.try_get::<Option<i64>, _>("first_at")?.map(from_unix),
        last_request_at: totals.try_get::<Option<i64>, _>("last_at")?.map(from_unix),
        total_requests: count(total),
        open_requests: count(total - resolved),
        resolved_requests: count(resolved),
        requests_per_month: months
            .iter()
            .map(|row| {
                Ok(MonthCount {
                    month: row.try_get("month")?,
                    requests: count(row.try_get("n")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
        median_area_m2: medians.try_get("median_area")?,
        median_time_frame_secs: medians
            .try_get::<Option<f64>, _>("median_frame")?
            .map(|s| s as i64),
        incident_types: types
            .iter()
            .map(|row| {
                Ok(IncidentTypeCount {
                    incident_type: row.try_get("incident_type")?,
                    requests: count(row.try_get("n")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
        // Filled by the caller from its moderation query (`moderation_rows`).
        moderation: Default::default(),
    })
}

/// The directory's line of an agency.
pub(super) fn summary_of(p: AgencyProfile) -> AgencySummary {
    AgencySummary {
        slug: p.slug,
        name: p.name,
        jurisdiction: p.jurisdiction,
        region: p.region,
        center: p.center,
        total_requests: p.total_requests,
        requests_last_12_months: p.requests_last_12_months,
    }
}

/// A profile with its statistics; the headline counts are taken from the statistics
/// so that both describe the same snapshot.
pub(super) fn with_stats(mut profile: AgencyProfile, stats: AgencyStats) -> AgencyProfile {
    profile.total_requests = stats.total_requests;
    profile.open_requests = stats.open_requests;
    profile.resolved_requests = stats.resolved_requests;
    profile.stats = Some(stats);
    profile
}

//! Annual surveillance reports (`GET /api/v1/agencies/{slug}/reports/{year}` and
//! `GET /api/v1/reports/{year}`): what oversight bodies ask of each agency per year.
//!
//! A request belongs to the year (and month) in which it was published, counted in
//! the agency's time zone; hours of day and days of week are those of the start of
//! its time frame, in the same zone.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AgencyRef, IncidentTypeCount, PolicyFinding, SignedCheckpoint};

/// Edge of the heat map's cells, degrees (about 550 m north–south).
///
/// ```
/// assert_eq!(porchlight_domain::wire::REPORT_CELL_DEG, 0.005);
/// ```
pub const REPORT_CELL_DEG: f64 = 0.005;

/// The figures of a year that fit one row: what `GET /reports/{year}` lists per agency.
///
/// ```
/// use porchlight_domain::wire::ReportTotals;
/// let json = r#"{"requests":2,"resolved":1,"share_resolved":0.5,"median_resolution_secs":3600.0,
///   "median_area_m2":700000.0,"total_area_m2":1400000.0,"median_duration_secs":5400.0,
///   "total_duration_secs":10800,"footprint_sq_mi_hours":1.62}"#;
/// let t: ReportTotals = serde_json::from_str(json).unwrap();
/// assert_eq!(t.share_resolved, Some(0.5));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportTotals {
    /// Requests published in the year.
    pub requests: u64,
    /// Of those, how many are resolved (whenever the resolution came).
    pub resolved: u64,
    /// `resolved / requests`; `None` without requests.
    pub share_resolved: Option<f64>,
    /// Median time from publication to resolution, seconds, over the resolved ones.
    pub median_resolution_secs: Option<f64>,
    /// Median area, square metres (the mean of the middle two for an even count).
    pub median_area_m2: Option<f64>,
    pub total_area_m2: f64,
    /// Median length of the time frames, seconds.
    pub median_duration_secs: Option<f64>,
    pub total_duration_secs: u64,
    /// The surveillance footprint: the sum over requests of area × duration, in square
    /// miles × hours.
    pub footprint_sq_mi_hours: f64,
}

/// One calendar month (in the agency's zone) of a report.
///
/// ```
/// use porchlight_domain::wire::ReportMonth;
/// let m: ReportMonth = serde_json::from_str(r#"{"month":"2026-02","requests":0,
///   "total_area_m2":0.0,"total_duration_secs":0,"footprint_sq_mi_hours":0.0}"#).unwrap();
/// assert_eq!(m.requests, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub requests: u64,
    pub total_area_m2: f64,
    pub total_duration_secs: u64,
    pub footprint_sq_mi_hours: f64,
}

/// One cell of the heat map and how many of the year's requests covered it (a request
/// covers every cell its area's bounding box meets).
///
/// ```
/// use porchlight_domain::wire::HeatCell;
/// let c: HeatCell = serde_json::from_str(r#"{"bbox":[-122.68,45.51,-122.675,45.515],"count":3}"#).unwrap();
/// assert_eq!(c.count, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatCell {
    /// `[west, south, east, north]`, degrees; cells are aligned on −180° / −90°.
    pub bbox: [f64; 4],
    pub count: u64,
}

/// Where the year's requests asked for footage.
///
/// ```
/// use porchlight_domain::wire::HeatMap;
/// let h: HeatMap = serde_json::from_str(r#"{"cell_deg":0.005,"cells":[]}"#).unwrap();
/// assert!(h.cells.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatMap {
    pub cell_deg: f64,
    /// Cells covered at least once, south to north, then west to east.
    pub cells: Vec<HeatCell>,
}

/// Moderation of the agency's requests during the year (decisions and reports dated
/// in it).
///
/// ```
/// use porchlight_domain::wire::ReportModeration;
/// let m: ReportModeration = serde_json::from_str(r#"{"approved":4,"rejected":1,
///   "reports_received":2,"reports_dismissed":1,"policy_findings":1}"#).unwrap();
/// assert_eq!(m.policy_findings, 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportModeration {
    /// Submissions approved for publication.
    pub approved: u64,
    /// Submissions refused.
    pub rejected: u64,
    /// Residents' reports of the agency's requests.
    pub reports_received: u64,
    /// Decisions that dismissed a request's reports.
    pub reports_dismissed: u64,
    /// Decisions that upheld them: policy violations.
    pub policy_findings: u64,
}

/// Residents' responses to the year's requests (requests published in the year):
/// received (submitted, not withdrawn), kept as evidence, deleted at expiry. `null`
/// from servers without responses.
///
/// ```
/// use porchlight_domain::wire::ReportResponses;
/// let r = ReportResponses { received: 3, kept_as_evidence: 1, deleted_at_expiry: 2 };
/// assert_eq!(r.received, r.kept_as_evidence + r.deleted_at_expiry);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportResponses {
    pub received: u64,
    pub kept_as_evidence: u64,
    pub deleted_at_expiry: u64,
}

/// An agency's annual report (`GET /api/v1/agencies/{slug}/reports/{year}`).
///
/// `generated_at` and `log_checkpoint` (the public log's signed tree head when the
/// report was made) let a printed copy be checked against the log later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyReport {
    pub agency: AgencyRef,
    pub year: i32,
    /// The IANA zone months and hours are counted in.
    pub time_zone: String,
    /// The year's first instant in that zone.
    #[serde(with = "time::serde::rfc3339")]
    pub period_start: OffsetDateTime,
    /// The next year's first instant (exclusive).
    #[serde(with = "time::serde::rfc3339")]
    pub period_end: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub generated_at: OffsetDateTime,
    /// Whether the year was over when the report was generated.
    pub complete: bool,
    pub log_checkpoint: SignedCheckpoint,
    pub totals: ReportTotals,
    /// All twelve months, January first, empty ones with zeros.
    pub months: Vec<ReportMonth>,
    /// Requests per incident type, in code order; types not used are left out.
    pub incident_types: Vec<IncidentTypeCount>,
    /// 24 counts: requests whose time frame starts in each hour of the day (00–23).
    pub hours_of_day: Vec<u64>,
    /// 7 counts, Monday first: requests whose time frame starts on each day of the week.
    pub days_of_week: Vec<u64>,
    pub heat_map: HeatMap,
    pub moderation: ReportModeration,
    /// The policy findings decided during the year, oldest first.
    pub policy_findings: Vec<PolicyFinding>,
    /// Residents' responses to the year's requests (`null` from servers without them).
    pub responses: Option<ReportResponses>,
}

/// One agency's row of `GET /api/v1/reports/{year}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyYear {
    pub agency: AgencyRef,
    pub time_zone: String,
    #[serde(with = "time::serde::rfc3339")]
    pub period_start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub period_end: OffsetDateTime,
    pub complete: bool,
    pub totals: ReportTotals,
    pub moderation: ReportModeration,
    /// Residents' responses to the year's requests (absent from servers without them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<ReportResponses>,
}

/// Every agency's year side by side (`GET /api/v1/reports/{year}`), in the directory's
/// order (by name); agencies without requests that year are listed with zeros.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearReport {
    pub year: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub generated_at: OffsetDateTime,
    pub log_checkpoint: SignedCheckpoint,
    pub agencies: Vec<AgencyYear>,
}

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AgencyKey, ModerationStats, PolicyFinding, ResponseCounts};

/// A point as latitude/longitude degrees (WGS84).
///
/// ```
/// use porchlight_domain::wire::LatLng;
/// let p = LatLng { lat: 45.5152, lng: -122.6784 };
/// assert!(p.lat > 45.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

/// How a request names its agency: enough to link to the public profile.
///
/// ```
/// use porchlight_domain::wire::AgencyRef;
/// let a = AgencyRef { slug: "demo-city-police".into(), name: "Demo City Police Department".into() };
/// assert_eq!(a.slug, "demo-city-police");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRef {
    pub slug: String,
    pub name: String,
}

/// One row of the public directory (`GET /api/v1/agencies`).
///
/// ```
/// use porchlight_domain::wire::{AgencySummary, LatLng};
/// let json = r#"{"slug":"demo-city-police","name":"Demo City Police Department",
///   "jurisdiction":"Demo City","region":"Oregon","center":{"lat":45.5,"lng":-122.6},
///   "total_requests":60,"requests_last_12_months":58}"#;
/// let a: AgencySummary = serde_json::from_str(json).unwrap();
/// assert_eq!(a.total_requests, 60);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencySummary {
    pub slug: String,
    pub name: String,
    /// The area it serves, e.g. "City of Portland".
    pub jurisdiction: String,
    /// State, province or region.
    pub region: String,
    /// Centre of the jurisdiction, for the directory map.
    pub center: LatLng,
    pub total_requests: u64,
    pub requests_last_12_months: u64,
}

/// The public profile of an agency (`GET /api/v1/agencies/{slug}`).
///
/// `stats` is optional on the wire so that servers without statistics stay compatible;
/// the reference server always sends it.
///
/// ```
/// use porchlight_domain::wire::AgencyProfile;
/// let json = r#"{"slug":"demo-city-police","name":"Demo City Police Department",
///   "jurisdiction":"Demo City","region":"Oregon","center":{"lat":45.5,"lng":-122.6},
///   "contact_email":"records@police.example","contact_phone":null,
///   "created_at":"2026-01-05T00:00:00Z","total_requests":3,"open_requests":1,
///   "resolved_requests":2,"requests_last_12_months":3}"#;
/// let p: AgencyProfile = serde_json::from_str(json).unwrap();
/// assert_eq!(p.open_requests + p.resolved_requests, p.total_requests);
/// assert!(p.findings.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyProfile {
    pub slug: String,
    pub name: String,
    pub jurisdiction: String,
    pub region: String,
    pub center: LatLng,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// IANA time zone: its reports' months and hours are counted in it (`UTC` from
    /// servers without zones).
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// On Porchlight since.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub total_requests: u64,
    pub open_requests: u64,
    pub resolved_requests: u64,
    pub requests_last_12_months: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<AgencyStats>,
    /// Every policy finding (upheld report) on its requests, newest first: shown in a
    /// banner. Absent from servers without moderation.
    #[serde(default)]
    pub findings: Vec<PolicyFinding>,
    /// The agency's current public key for residents' responses (issue 16); `null`
    /// when it has none (its requests then show the contact details only).
    #[serde(default)]
    pub response_key: Option<AgencyKey>,
    /// Its published retention period in days (1 to 365), if set.
    #[serde(default)]
    pub retention_days: Option<u16>,
    /// Residents' responses received, kept as evidence and deleted at expiry.
    #[serde(default)]
    pub responses: ResponseCounts,
}

/// Statistics of one agency's published requests, computed by the server.
///
/// Totals, medians and the incident-type breakdown cover every request from
/// `first_request_at` up to `as_of`. Months are calendar months counted in UTC.
///
/// ```
/// use porchlight_domain::wire::AgencyStats;
/// let json = r#"{"as_of":"2026-11-28T09:00:00Z","first_request_at":"2026-10-02T16:20:00Z",
///   "last_request_at":"2026-11-27T08:00:00Z","total_requests":3,"open_requests":1,
///   "resolved_requests":2,
///   "requests_per_month":[{"month":"2026-10","requests":1},{"month":"2026-11","requests":2}],
///   "median_area_m2":802896.3,"median_time_frame_secs":7200,
///   "incident_types":[{"incident_type":"burglary","requests":2},{"incident_type":"theft","requests":1}]}"#;
/// let stats: AgencyStats = serde_json::from_str(json).unwrap();
/// let per_month: u64 = stats.requests_per_month.iter().map(|m| m.requests).sum();
/// assert_eq!(per_month, stats.total_requests);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyStats {
    /// When the figures were computed: the end of the period they cover.
    #[serde(with = "time::serde::rfc3339")]
    pub as_of: OffsetDateTime,
    /// The agency's first request: the start of the period (`None` without requests).
    #[serde(with = "time::serde::rfc3339::option")]
    pub first_request_at: Option<OffsetDateTime>,
    /// The agency's most recent request.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_request_at: Option<OffsetDateTime>,
    pub total_requests: u64,
    pub open_requests: u64,
    pub resolved_requests: u64,
    /// Requests published per calendar month (UTC) over the last 24 months, the
    /// current month included, oldest first; months without requests count 0.
    pub requests_per_month: Vec<MonthCount>,
    /// Median area of the requests, square metres (`None` without requests).
    pub median_area_m2: Option<f64>,
    /// Median length of the footage time frames, whole seconds.
    pub median_time_frame_secs: Option<i64>,
    /// How many requests named each incident type, in code order (a breakdown, not a
    /// ranking); types never used are left out.
    pub incident_types: Vec<IncidentTypeCount>,
    /// Review and policy findings: submitted, approved, rejected, findings and the
    /// median time to a decision (zeros from a server without review).
    #[serde(default)]
    pub moderation: ModerationStats,
}

/// Requests published in one calendar month (UTC).
///
/// ```
/// use porchlight_domain::wire::MonthCount;
/// let m: MonthCount = serde_json::from_str(r#"{"month":"2026-02","requests":0}"#).unwrap();
/// assert_eq!(m.month, "2026-02");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub requests: u64,
}

/// Requests that named one incident type.
///
/// ```
/// use porchlight_domain::wire::IncidentTypeCount;
/// let c: IncidentTypeCount = serde_json::from_str(r#"{"incident_type":"hit_and_run","requests":4}"#).unwrap();
/// assert_eq!(c.requests, 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentTypeCount {
    /// The [`IncidentType`](crate::IncidentType) code.
    pub incident_type: String,
    pub requests: u64,
}

/// `POST /api/v1/agencies` (admin only).
///
/// ```
/// use porchlight_domain::wire::{LatLng, NewAgency};
/// let a = NewAgency { slug: "demo-city-police".into(), name: "Demo City Police Department".into(),
///   jurisdiction: "Demo City".into(), region: "Oregon".into(),
///   center: LatLng { lat: 45.5, lng: -122.6 }, contact_email: None, contact_phone: None,
///   time_zone: "America/Los_Angeles".into() };
/// assert!(serde_json::to_string(&a).unwrap().contains("demo-city-police"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAgency {
    pub slug: String,
    pub name: String,
    pub jurisdiction: String,
    pub region: String,
    pub center: LatLng,
    #[serde(default)]
    pub contact_email: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// IANA time zone of the agency (its reports' months and hours); `UTC` when left
    /// out. The server checks it against the tz database (`time_zone_invalid`).
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
}

/// `UTC`: the zone of agencies created without one.
fn default_time_zone() -> String {
    "UTC".to_owned()
}

/// `POST /api/v1/agencies/{slug}/staff` (admin only): make an existing account staff.
///
/// ```
/// use porchlight_domain::wire::NewStaff;
/// let s: NewStaff = serde_json::from_str(r#"{"email":"officer@porchlight.test"}"#).unwrap();
/// assert_eq!(s.email, "officer@porchlight.test");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    pub email: String,
}

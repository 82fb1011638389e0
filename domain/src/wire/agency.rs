use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

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
/// `stats` is filled in by the agency-profile work (issue 7) and is free-form JSON
/// until then, so older servers stay compatible.
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
    /// On Porchlight since.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub total_requests: u64,
    pub open_requests: u64,
    pub resolved_requests: u64,
    pub requests_last_12_months: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<serde_json::Value>,
}

/// `POST /api/v1/agencies` (admin only).
///
/// ```
/// use porchlight_domain::wire::{LatLng, NewAgency};
/// let a = NewAgency { slug: "demo-city-police".into(), name: "Demo City Police Department".into(),
///   jurisdiction: "Demo City".into(), region: "Oregon".into(),
///   center: LatLng { lat: 45.5, lng: -122.6 }, contact_email: None, contact_phone: None };
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

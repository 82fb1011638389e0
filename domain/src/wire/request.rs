use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AgencyRef, GeoJsonPolygon};

/// The body of `POST /api/v1/requests`, exactly as typed or drawn, before any rule is
/// checked. Strings stay strings so that every mistake becomes a rule violation with
/// a field and a message instead of a parse failure. Unknown fields are refused.
///
/// ```
/// use porchlight_domain::wire::RequestDraftInput;
/// let json = r#"{ "incident_type": "burglary", "case_number": "26-118233",
///   "title": "Footage near 5th and Pine", "description": "Looking for footage of a person carrying a bicycle.",
///   "contact": { "email": "detective@city.example", "phone": "+1 503 555 0100" },
///   "time_frame": { "start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z" },
///   "area": { "type": "Polygon", "coordinates": [[[-122.68, 45.52], [-122.67, 45.52], [-122.67, 45.53], [-122.68, 45.52]]] } }"#;
/// let draft: RequestDraftInput = serde_json::from_str(json).unwrap();
/// assert_eq!(draft.case_number, "26-118233");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDraftInput {
    pub incident_type: String,
    pub case_number: String,
    pub title: String,
    pub description: String,
    pub contact: ContactInput,
    pub time_frame: TimeFrameInput,
    pub area: GeoJsonPolygon,
    /// The two statements the poster confirms; missing means not confirmed.
    #[serde(default)]
    pub attestations: AttestationsInput,
    /// The language the title and description are written in (BCP 47: `en` or `es`,
    /// [`RequestLanguage`](crate::RequestLanguage)); missing means not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The two statements every draft carries, each confirmed by the poster (the form's
/// required checkboxes, with the full text of [`Attestation::text`](crate::moderation::Attestation::text)).
///
/// ```
/// use porchlight_domain::wire::AttestationsInput;
/// let a: AttestationsInput = serde_json::from_str(r#"{"active_investigation":true}"#).unwrap();
/// assert!(a.active_investigation && !a.no_lawful_activity);
/// assert!(AttestationsInput::CONFIRMED.active_investigation && AttestationsInput::CONFIRMED.no_lawful_activity);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationsInput {
    /// It concerns an active investigation with the given case number.
    #[serde(default)]
    pub active_investigation: bool,
    /// It is not meant to gather information about lawful activity such as protests.
    #[serde(default)]
    pub no_lawful_activity: bool,
}

impl AttestationsInput {
    /// Both statements confirmed.
    pub const CONFIRMED: AttestationsInput =
        AttestationsInput { active_investigation: true, no_lawful_activity: true };
}

/// How residents can respond: at least one of email or phone.
///
/// ```
/// use porchlight_domain::wire::ContactInput;
/// let c: ContactInput = serde_json::from_str(r#"{"email":"detective@city.example"}"#).unwrap();
/// assert_eq!(c.phone, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The footage window as RFC 3339 strings (UTC on the wire from the app).
///
/// ```
/// use porchlight_domain::wire::TimeFrameInput;
/// let t = TimeFrameInput { start: "2026-11-27T21:00:00Z".into(), end: "2026-11-27T23:00:00Z".into() };
/// assert!(t.start < t.end);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeFrameInput {
    pub start: String,
    pub end: String,
}

/// Whether a request still wants footage.
///
/// ```
/// use porchlight_domain::wire::RequestStatus;
/// assert_eq!(serde_json::to_string(&RequestStatus::Resolved).unwrap(), "\"resolved\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    Resolved,
}

/// A published Request for Assistance: permanent, public, never edited.
///
/// ```
/// use porchlight_domain::wire::{PublishedRequest, RequestStatus};
/// let json = r#"{"id":7,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
///   "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
///   "description":"Looking for footage of a person carrying a bicycle.",
///   "contact":{"email":"detective@city.example"},
///   "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
///   "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
///   "area_m2":712000.5,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":null}"#;
/// let r: PublishedRequest = serde_json::from_str(json).unwrap();
/// assert_eq!(r.status, RequestStatus::Open);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedRequest {
    pub id: i64,
    pub agency: AgencyRef,
    pub incident_type: String,
    pub case_number: String,
    pub title: String,
    pub description: String,
    pub contact: ContactInput,
    pub time_frame: TimeFrameInput,
    pub area: GeoJsonPolygon,
    /// Geodesic area on the WGS84 ellipsoid, square metres.
    pub area_m2: f64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub status: RequestStatus,
    pub resolution: Option<Resolution>,
    /// Index of the request's entry in the public log, once the log exists.
    #[serde(default)]
    pub log_index: Option<u64>,
    /// The language of the title and description (BCP 47), when the agency set it;
    /// `null` for requests without one (all those posted before it could be set).
    #[serde(default)]
    pub language: Option<String>,
}

/// `GET /requests/{id}`: the request, and what only its own page shows, residents'
/// responses (issue 16). A type of its own so that lists (the map's feed, a profile's
/// history), which never carry these, do not decode them: the map page's build stays
/// as small as before. On the wire the fields sit beside the request's own.
///
/// ```
/// use porchlight_domain::wire::RequestDetail;
/// let json = r#"{"id":7,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
///   "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
///   "description":"Looking for footage.","contact":{"email":"detective@city.example"},
///   "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
///   "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
///   "area_m2":712000.5,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,
///   "responses_received":3,"accepts_responses":true}"#;
/// let r: RequestDetail = serde_json::from_str(json).unwrap();
/// assert_eq!((r.request.id, r.responses.responses_received, r.responses.accepts_responses), (7, 3, true));
/// let back = serde_json::to_value(&r).unwrap();
/// assert_eq!(back["case_number"], "26-118233");
/// assert_eq!(back["responses_received"], 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    #[serde(flatten)]
    pub request: PublishedRequest,
    #[serde(flatten)]
    pub responses: RequestResponses,
}

/// What [`RequestDetail`] adds to a request. A type of its own so that a reader can
/// decode the answer twice, as a [`PublishedRequest`] and as this, instead of through
/// serde's `flatten`, whose buffering cost the public pages' build 8 735 B of brotli wasm.
///
/// ```
/// use porchlight_domain::wire::RequestResponses;
/// let r: RequestResponses = serde_json::from_str(r#"{"id":7,"responses_received":2}"#).unwrap();
/// assert_eq!((r.responses_received, r.accepts_responses), (2, false));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestResponses {
    /// How many residents shared footage in answer (never who; withdrawn responses
    /// not counted). Not part of the request's public log entry. Absent means 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub responses_received: u64,
    /// Whether residents can answer with footage now: the request is open and
    /// published and its agency has a current key. Not part of the log entry.
    /// Absent means false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub accepts_responses: bool,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The one-time, append-only resolution of a request.
///
/// ```
/// use porchlight_domain::wire::Resolution;
/// let r: Resolution = serde_json::from_str(r#"{"note":"Suspect identified.","resolved_at":"2026-11-28T10:00:00Z"}"#).unwrap();
/// assert_eq!(r.note.as_deref(), Some("Suspect identified."));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    pub note: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub resolved_at: OffsetDateTime,
    #[serde(default)]
    pub log_index: Option<u64>,
}

/// `POST /api/v1/requests/{id}/resolution`.
///
/// ```
/// use porchlight_domain::wire::ResolutionInput;
/// let r: ResolutionInput = serde_json::from_str("{}").unwrap();
/// assert_eq!(r.note, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionInput {
    #[serde(default)]
    pub note: Option<String>,
}

/// One page of requests, newest first. `next` is an opaque cursor for `before=`.
/// `hidden_by_preference` is true (and `items` empty) for a signed-in resident who
/// opted out of seeing requests.
///
/// ```
/// use porchlight_domain::wire::RequestPage;
/// let p: RequestPage = serde_json::from_str(r#"{"items":[],"next":null,"hidden_by_preference":true}"#).unwrap();
/// assert!(p.items.is_empty() && p.hidden_by_preference);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestPage {
    pub items: Vec<PublishedRequest>,
    pub next: Option<String>,
    #[serde(default)]
    pub hidden_by_preference: bool,
}

//! The canonical log entries of a published request and of a resolution, rebuilt from
//! the API's JSON (see the module docs of [`crate::public_log`] for the format).

use std::fmt;

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::canonical_json::{CanonicalJsonError, canonical_json};
use crate::wire::{AgencyKey, ModerationLogItem, PublishedRequest, Resolution};

/// Version of the entry format, inside every entry.
const ENTRY_VERSION: u64 = 1;

/// A request or resolution that cannot become an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// A time that RFC 3339 cannot write (a year beyond 9999).
    Time,
    /// A value RFC 8785 cannot write exactly.
    Json(CanonicalJsonError),
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryError::Time => f.write_str("a time cannot be written in RFC 3339"),
            EntryError::Json(e) => write!(f, "cannot canonicalise the entry: {e}"),
        }
    }
}

impl std::error::Error for EntryError {}

fn utc(t: OffsetDateTime) -> Result<String, EntryError> {
    t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).map_err(|_| EntryError::Time)
}

fn canonical(value: &Value) -> Result<String, EntryError> {
    canonical_json(value).map_err(EntryError::Json)
}

/// The entry of a published request: everything public about it except what changes
/// legitimately later (status, resolution) and the agency's display name.
///
/// ```
/// use porchlight_domain::{public_log::request_entry, wire::PublishedRequest};
/// let request: PublishedRequest = serde_json::from_str(r#"{"id":7,
///   "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
///   "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
///   "description":"Looking for footage of a person carrying a bicycle.","contact":{"email":"detective@city.example"},
///   "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
///   "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
///   "area_m2":712000.5,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":0}"#).unwrap();
/// assert_eq!(request_entry(&request).unwrap(), concat!(
///   r#"{"agency":"demo-city-police","area":{"coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]],"type":"Polygon"},"#,
///   r#""area_m2":712000.5,"case_number":"26-118233","contact":{"email":"detective@city.example","phone":null},"#,
///   r#""created_at":"2026-11-28T08:00:00Z","description":"Looking for footage of a person carrying a bicycle.","id":7,"#,
///   r#""incident_type":"burglary","kind":"request","time_frame":{"end":"2026-11-27T23:00:00Z","start":"2026-11-27T21:00:00Z"},"#,
///   r#""title":"Footage near 5th and Pine","v":1}"#));
/// ```
///
/// The language of the text, when set, is in the entry as `"language"`. A request
/// without one has no such member at all (not `null`), so that every entry written
/// before the language existed is rebuilt byte for byte and the logs already
/// published still verify:
///
/// ```
/// # use porchlight_domain::{public_log::request_entry, wire::PublishedRequest};
/// # let mut request: PublishedRequest = serde_json::from_str(r#"{"id":7,
/// #   "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
/// #   "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
/// #   "description":"Looking for footage of a person carrying a bicycle.","contact":{"email":"detective@city.example"},
/// #   "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
/// #   "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
/// #   "area_m2":712000.5,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":0}"#).unwrap();
/// assert!(!request_entry(&request).unwrap().contains("language"));
/// request.language = Some("es".into());
/// assert!(request_entry(&request).unwrap().contains(r#""kind":"request","language":"es","time_frame""#));
/// ```
pub fn request_entry(request: &PublishedRequest) -> Result<String, EntryError> {
    let mut entry = json!({
        "v": ENTRY_VERSION,
        "kind": "request",
        "id": request.id,
        "agency": request.agency.slug,
        "incident_type": request.incident_type,
        "case_number": request.case_number,
        "title": request.title,
        "description": request.description,
        "contact": { "email": request.contact.email, "phone": request.contact.phone },
        "time_frame": { "start": request.time_frame.start, "end": request.time_frame.end },
        "area": { "type": "Polygon", "coordinates": request.area.coordinates },
        "area_m2": request.area_m2,
        "created_at": utc(request.created_at)?,
    });
    // Only when set: an absent language leaves the entry exactly as it always was.
    if let (Some(language), Value::Object(members)) = (&request.language, &mut entry) {
        members.insert("language".to_owned(), Value::String(language.clone()));
    }
    canonical(&entry)
}

/// The entry of the resolution of request `request_id`.
///
/// ```
/// use porchlight_domain::{public_log::resolution_entry, wire::Resolution};
/// let r: Resolution = serde_json::from_str(r#"{"note":"Suspect identified.","resolved_at":"2026-11-28T10:00:00Z","log_index":3}"#).unwrap();
/// assert_eq!(resolution_entry(7, &r).unwrap(),
///   r#"{"kind":"resolution","note":"Suspect identified.","request_id":7,"resolved_at":"2026-11-28T10:00:00Z","v":1}"#);
/// ```
pub fn resolution_entry(request_id: i64, resolution: &Resolution) -> Result<String, EntryError> {
    canonical(&json!({
        "v": ENTRY_VERSION,
        "kind": "resolution",
        "request_id": request_id,
        "note": resolution.note,
        "resolved_at": utc(resolution.resolved_at)?,
    }))
}

/// The entry of a moderator's decision: everything its public moderation-log item
/// shows, and nothing else (a rejected submission's area, size, time frame and incident
/// type, never its text or contact).
///
/// ```
/// use porchlight_domain::{public_log::moderation_entry, wire::ModerationLogItem};
/// let item: ModerationLogItem = serde_json::from_str(r#"{"id":3,"action":"reject",
///   "decided_by":"moderator","decided_at":"2026-11-28T10:00:00Z",
///   "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
///   "subject_id":12,"reasons":["lawful_activity"],"note":"Asks about a march.","report_count":null,
///   "rejected":{"incident_type":"vandalism","time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
///     "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
///     "area_m2":712000.5,"submitted_at":"2026-11-28T08:00:00Z"},"log_index":9}"#).unwrap();
/// assert_eq!(moderation_entry(&item).unwrap(), concat!(
///   r#"{"action":"reject","agency":"demo-city-police","decided_at":"2026-11-28T10:00:00Z","id":3,"#,
///   r#""kind":"moderation","note":"Asks about a march.","reasons":["lawful_activity"],"rejected":{"#,
///   r#""area":{"coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]],"type":"Polygon"},"#,
///   r#""area_m2":712000.5,"incident_type":"vandalism","submitted_at":"2026-11-28T08:00:00Z","#,
///   r#""time_frame":{"end":"2026-11-27T23:00:00Z","start":"2026-11-27T21:00:00Z"}},"#,
///   r#""report_count":null,"subject_id":12,"v":1}"#));
/// ```
pub fn moderation_entry(item: &ModerationLogItem) -> Result<String, EntryError> {
    let rejected = match &item.rejected {
        Some(r) => json!({
            "incident_type": r.incident_type,
            "time_frame": { "start": r.time_frame.start, "end": r.time_frame.end },
            "area": { "type": "Polygon", "coordinates": r.area.coordinates },
            "area_m2": r.area_m2,
            "submitted_at": utc(r.submitted_at)?,
        }),
        None => Value::Null,
    };
    let reasons: Vec<&str> = item.reasons.iter().map(|r| r.code()).collect();
    canonical(&json!({
        "v": ENTRY_VERSION,
        "kind": "moderation",
        "id": item.id,
        "action": item.action.as_str(),
        "agency": item.agency.slug,
        "subject_id": item.subject_id,
        "reasons": reasons,
        "note": item.note,
        "report_count": item.report_count,
        "rejected": rejected,
        "decided_at": utc(item.decided_at)?,
    }))
}

/// What happened to an agency's response key: the two kinds of `agency_key` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyKeyAction {
    /// The key became the agency's current key (at its `created_at`).
    Added,
    /// A newer key replaced it (at its `retired_at`).
    Retired,
}

impl AgencyKeyAction {
    /// The entry's `action`.
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKeyAction::Added => "added",
            AgencyKeyAction::Retired => "retired",
        }
    }
}

/// The entry of a key an agency added or retired for residents' responses, rebuilt
/// from `GET /api/v1/agencies/{slug}/keys`: anyone can see which key residents'
/// footage is encrypted to, and that the operator did not swap in one of its own.
/// `None` for a retirement of a key that is not retired.
///
/// ```
/// use porchlight_domain::public_log::{agency_key_entry, AgencyKeyAction};
/// use porchlight_domain::wire::AgencyKey;
/// let key: AgencyKey = serde_json::from_str(r#"{"fingerprint":"0123456789abcdef0123456789abcdef",
///   "public_key":"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
///   "created_at":"2026-12-06T10:00:00Z","retired_at":"2026-12-07T09:30:00Z","log_index":12}"#).unwrap();
/// assert_eq!(agency_key_entry("demo-city-police", &key, AgencyKeyAction::Added).unwrap().unwrap(), concat!(
///   r#"{"action":"added","agency":"demo-city-police","at":"2026-12-06T10:00:00Z","#,
///   r#""fingerprint":"0123456789abcdef0123456789abcdef","kind":"agency_key","#,
///   r#""public_key":"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p","v":1}"#));
/// assert!(agency_key_entry("demo-city-police", &key, AgencyKeyAction::Retired).unwrap().unwrap()
///   .starts_with(r#"{"action":"retired","agency":"demo-city-police","at":"2026-12-07T09:30:00Z""#));
/// ```
pub fn agency_key_entry(
    agency_slug: &str,
    key: &AgencyKey,
    action: AgencyKeyAction,
) -> Result<Option<String>, EntryError> {
    let at = match action {
        AgencyKeyAction::Added => key.created_at,
        AgencyKeyAction::Retired => match key.retired_at {
            Some(at) => at,
            None => return Ok(None),
        },
    };
    canonical(&json!({
        "v": ENTRY_VERSION,
        "kind": "agency_key",
        "action": action.as_str(),
        "agency": agency_slug,
        "fingerprint": key.fingerprint,
        "public_key": key.public_key,
        "at": utc(at)?,
    }))
    .map(Some)
}

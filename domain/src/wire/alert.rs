use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AgencyRef, GeoJsonPolygon};
use crate::language::RequestLanguage;

/// `POST /alerts/subscriptions`: an address and what it wants to hear about, an area
/// drawn on the map *or* an agency (by slug), optionally only some incident types, and
/// the language its emails are written in (`en` or `es`; English when left out).
///
/// ```
/// use porchlight_domain::wire::AlertSubscriptionInput;
/// let json = r#"{"email":"neighbour@example.org","agency":"portland-police"}"#;
/// let input: AlertSubscriptionInput = serde_json::from_str(json).unwrap();
/// assert!(input.area.is_none() && input.incident_types.is_empty());
/// assert!(input.language.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertSubscriptionInput {
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<GeoJsonPolygon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Incident type codes; empty for every type.
    #[serde(default)]
    pub incident_types: Vec<String>,
    /// The emails' language, a tag of [`RequestLanguage`]; `None`: English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The answer to a subscription: a confirmation email is on its way (whether or not
/// the address was already subscribed, so that no one learns who is).
///
/// ```
/// use porchlight_domain::wire::AlertSubscriptionAccepted;
/// let a = AlertSubscriptionAccepted::default();
/// assert_eq!(serde_json::to_value(&a).unwrap()["status"], "confirmation_sent");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSubscriptionAccepted {
    pub status: String,
}

impl Default for AlertSubscriptionAccepted {
    fn default() -> Self {
        AlertSubscriptionAccepted { status: "confirmation_sent".into() }
    }
}

/// One subscription as its holder (whoever has its manage link) sees it.
///
/// ```
/// use porchlight_domain::wire::AlertSubscription;
/// let json = r#"{"email":"n@example.org","area":null,"area_m2":null,
///   "agency":{"slug":"pp","name":"Portland Police"},"incident_types":[],
///   "confirmed":true,"disabled":false,"created_at":"2026-12-06T10:00:00Z",
///   "feed_url":"/api/v1/feeds/areas/abc.atom","manage_url":"/alerts/manage/def"}"#;
/// let s: AlertSubscription = serde_json::from_str(json).unwrap();
/// assert!(s.confirmed);
/// // Stored before subscriptions had a language: English.
/// assert_eq!(s.language, porchlight_domain::RequestLanguage::En);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSubscription {
    pub email: String,
    pub area: Option<GeoJsonPolygon>,
    pub area_m2: Option<f64>,
    pub agency: Option<AgencyRef>,
    pub incident_types: Vec<String>,
    /// The language its emails are written in.
    #[serde(default = "english")]
    pub language: RequestLanguage,
    /// Whether the address confirmed (alerts are sent only then).
    pub confirmed: bool,
    /// Whether alerts stopped after the address refused mail too often.
    pub disabled: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The subscription's Atom feed (path under the server's origin).
    pub feed_url: String,
    /// The app's page for this subscription (path under the server's origin).
    pub manage_url: String,
}

fn english() -> RequestLanguage {
    RequestLanguage::En
}

use serde::{Deserialize, Serialize};

use super::ReviewPolicy;

/// What the app needs from the server before it draws a map (`GET /api/v1/config`).
///
/// ```
/// use porchlight_domain::wire::{ClientConfig, MapView, ReviewPolicy};
/// let config = ClientConfig {
///     tile_url: Some("https://tiles.example/{z}/{x}/{y}.png".into()),
///     tile_attribution: "© OpenStreetMap contributors".into(),
///     default_view: MapView { lat: 45.5152, lng: -122.6784, zoom: 13.0 },
///     review: ReviewPolicy::Required,
/// };
/// let json = serde_json::to_string(&config).unwrap();
/// assert!(json.contains("\"default_view\"") && json.contains("\"review\":\"required\""));
/// // A server from before review existed sends no `review`: it published at once.
/// let old: ClientConfig = serde_json::from_str(r#"{"tile_url":null,"tile_attribution":"",
///   "default_view":{"lat":0.0,"lng":0.0,"zoom":2.0}}"#).unwrap();
/// assert_eq!(old.review, ReviewPolicy::Off);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientConfig {
    /// A Leaflet tile URL template; `None` means "draw no base map" (tests, offline).
    pub tile_url: Option<String>,
    /// Attribution HTML-free text shown in the map corner.
    pub tile_attribution: String,
    /// Where the map starts when the URL names no view.
    pub default_view: MapView,
    /// Whether a new request waits for a moderator's review (`--review`). Absent from
    /// servers that predate review, which published at once.
    #[serde(default = "published_at_once")]
    pub review: ReviewPolicy,
}

/// The upload limits of residents' responses, sent in `GET /api/v1/config` beside
/// [`ClientConfig`]'s fields. A type of its own, read from the same answer by the
/// share flow only, so that the map page's build, which reads every other field
/// there, does not decode these.
///
/// ```
/// use porchlight_domain::wire::ResponseLimits;
/// let json = r#"{"tile_url":null,"tile_attribution":"","default_view":{"lat":0.0,"lng":0.0,"zoom":2.0},
///   "review":"off","max_response_file_bytes":2147483648,"max_response_bytes":4294967296}"#;
/// let limits: ResponseLimits = serde_json::from_str(json).unwrap();
/// assert_eq!(limits.max_response_file_bytes, 2 << 30);
/// // 0 from servers without responses.
/// let none: ResponseLimits = serde_json::from_str("{}").unwrap();
/// assert_eq!(none, ResponseLimits::default());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseLimits {
    /// The largest file a resident may share, ciphertext bytes
    /// (`--max-response-file-bytes`); 0 from servers without responses.
    #[serde(default)]
    pub max_response_file_bytes: u64,
    /// The largest response (all its files), ciphertext bytes (`--max-response-bytes`).
    #[serde(default)]
    pub max_response_bytes: u64,
}

fn published_at_once() -> ReviewPolicy {
    ReviewPolicy::Off
}

/// A map centre and zoom level.
///
/// ```
/// use porchlight_domain::wire::MapView;
/// let view = MapView { lat: 45.5152, lng: -122.6784, zoom: 13.0 };
/// assert_eq!(view.zoom, 13.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    pub lat: f64,
    pub lng: f64,
    pub zoom: f64,
}

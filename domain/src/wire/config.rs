use serde::{Deserialize, Serialize};

/// What the app needs from the server before it draws a map (`GET /api/v1/config`).
///
/// ```
/// use porchlight_domain::wire::{ClientConfig, MapView};
/// let config = ClientConfig {
///     tile_url: Some("https://tiles.example/{z}/{x}/{y}.png".into()),
///     tile_attribution: "© OpenStreetMap contributors".into(),
///     default_view: MapView { lat: 45.5152, lng: -122.6784, zoom: 13.0 },
/// };
/// let json = serde_json::to_string(&config).unwrap();
/// assert!(json.contains("\"default_view\""));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientConfig {
    /// A Leaflet tile URL template; `None` means "draw no base map" (tests, offline).
    pub tile_url: Option<String>,
    /// Attribution HTML-free text shown in the map corner.
    pub tile_attribution: String,
    /// Where the map starts when the URL names no view.
    pub default_view: MapView,
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

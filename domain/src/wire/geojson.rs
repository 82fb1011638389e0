use serde::{Deserialize, Serialize};

/// A GeoJSON `Polygon` geometry (RFC 7946): `coordinates` is a list of linear rings,
/// each a list of `[longitude, latitude]` positions. Porchlight areas use exactly one
/// (exterior) ring; the rules in this crate refuse holes.
///
/// ```
/// use porchlight_domain::wire::GeoJsonPolygon;
/// let json = r#"{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]}"#;
/// let polygon: GeoJsonPolygon = serde_json::from_str(json).unwrap();
/// assert_eq!(polygon.coordinates[0][1], [-122.67, 45.52]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// No `deny_unknown_fields`: RFC 7946 §6.1 allows foreign members such as `bbox`.
#[serde(tag = "type", rename = "Polygon")]
pub struct GeoJsonPolygon {
    /// Linear rings of `[lng, lat]` positions.
    pub coordinates: Vec<Vec<[f64; 2]>>,
}

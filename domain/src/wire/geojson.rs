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
///
/// Any other geometry type is refused when deserialising:
///
/// ```
/// use porchlight_domain::wire::GeoJsonPolygon;
/// let point = r#"{"type":"Point","coordinates":[[[-122.68,45.52]]]}"#;
/// let err = serde_json::from_str::<GeoJsonPolygon>(point).unwrap_err();
/// assert!(err.to_string().contains("Polygon"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "Polygon", try_from = "TypedGeometry")]
pub struct GeoJsonPolygon {
    /// Linear rings of `[lng, lat]` positions.
    pub coordinates: Vec<Vec<[f64; 2]>>,
}

/// The shape read off the wire before the geometry type is checked: serde's internally
/// tagged structs do not check the tag's value on their own. No `deny_unknown_fields`:
/// RFC 7946 §6.1 allows foreign members such as `bbox`.
#[derive(Deserialize)]
struct TypedGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<Vec<[f64; 2]>>,
}

impl TryFrom<TypedGeometry> for GeoJsonPolygon {
    type Error = String;

    fn try_from(geometry: TypedGeometry) -> Result<Self, Self::Error> {
        if geometry.kind == "Polygon" {
            Ok(GeoJsonPolygon { coordinates: geometry.coordinates })
        } else {
            Err(format!("expected a GeoJSON Polygon, found type `{}`", geometry.kind))
        }
    }
}

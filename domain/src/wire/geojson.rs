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
/// A position may carry an altitude, as RFC 7946 allows; areas are flat, so it is
/// dropped. Any other length is refused:
///
/// ```
/// use porchlight_domain::wire::GeoJsonPolygon;
/// let json = r#"{"type":"Polygon","coordinates":[[[-122.68,45.52,12.5],[-122.67,45.52,13],[-122.67,45.53,9],[-122.68,45.52,12.5]]]}"#;
/// let polygon: GeoJsonPolygon = serde_json::from_str(json).unwrap();
/// assert_eq!(polygon.coordinates[0][2], [-122.67, 45.53]);
/// let short = r#"{"type":"Polygon","coordinates":[[[-122.68],[-122.67,45.52],[-122.67,45.53],[-122.68]]]}"#;
/// let err = serde_json::from_str::<GeoJsonPolygon>(short).unwrap_err();
/// assert!(err.to_string().contains("[longitude, latitude]"), "{err}");
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
    /// Positions of two or three numbers (RFC 7946 §3.1.1).
    coordinates: Vec<Vec<Vec<f64>>>,
}

impl TryFrom<TypedGeometry> for GeoJsonPolygon {
    type Error = String;

    fn try_from(geometry: TypedGeometry) -> Result<Self, Self::Error> {
        if geometry.kind != "Polygon" {
            return Err(format!("expected a GeoJSON Polygon, found type `{}`", geometry.kind));
        }
        let coordinates = geometry
            .coordinates
            .into_iter()
            .map(|ring| ring.into_iter().map(flat_position).collect::<Result<Vec<_>, _>>())
            .collect::<Result<_, _>>()?;
        Ok(GeoJsonPolygon { coordinates })
    }
}

/// `[lng, lat]` of a position, without its altitude if it has one.
fn flat_position(position: Vec<f64>) -> Result<[f64; 2], String> {
    match position[..] {
        [lng, lat] | [lng, lat, _] => Ok([lng, lat]),
        _ => Err(format!(
            "a position has {} numbers; GeoJSON positions are [longitude, latitude], \
             optionally with an altitude",
            position.len()
        )),
    }
}

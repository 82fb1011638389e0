use serde::{Deserialize, Serialize, Serializer};

use super::geodesic::signed_area_m2;
use super::ring::{bounding_box, canonical, crosses_antimeridian, in_range, normalise};
use super::self_intersection::self_intersects;
use crate::draft_error::{DraftError, DraftErrors};
use crate::limits::{MAX_AREA_M2, MAX_VERTICES, MIN_AREA_M2, MIN_VERTICES};
use crate::wire::GeoJsonPolygon;

/// A valid request area: one simple ring of 3 to 200 distinct `[lng, lat]` vertices, not
/// crossing the antimeridian, whose geodesic area on the WGS84 ellipsoid is between
/// 0.025 and 0.5 square miles inclusive. Only [`RequestArea::from_geojson`] (or
/// deserialising a GeoJSON polygon) makes one.
///
/// ```
/// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
/// // A block of downtown Portland, Oregon, drawn clockwise.
/// let polygon = GeoJsonPolygon { coordinates: vec![vec![
///     [-122.6800, 45.5150], [-122.6800, 45.5200], [-122.6700, 45.5200],
///     [-122.6700, 45.5150], [-122.6800, 45.5150],
/// ]] };
/// let area = RequestArea::from_geojson(&polygon).unwrap();
/// assert!((area.area_m2() - 434_197.18).abs() < 0.01);
/// // Stored counter-clockwise (as RFC 7946 recommends) from the south-west corner.
/// assert_eq!(area.ring()[0], [-122.6800, 45.5150]);
/// assert_eq!(area.ring()[1], [-122.6700, 45.5150]);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "GeoJsonPolygon")]
pub struct RequestArea {
    /// Distinct vertices, canonical: counter-clockwise from the lowest vertex, not closed.
    ring: Vec<[f64; 2]>,
    area_m2: f64,
}

impl RequestArea {
    /// Checks every area rule on a GeoJSON polygon, collecting all violations.
    ///
    /// Once the positions are out of range, too few or too many, or the ring crosses
    /// the antimeridian or itself, the area is not measured: its number would mean nothing
    /// (and a ring of thousands of vertices is not worth a quadratic check).
    ///
    /// ```
    /// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
    /// // A bowtie over Pioneer Courthouse Square: its outline crosses itself.
    /// let bowtie = GeoJsonPolygon { coordinates: vec![vec![
    ///     [-122.680, 45.518], [-122.670, 45.522], [-122.670, 45.518], [-122.680, 45.522],
    /// ]] };
    /// let errors = RequestArea::from_geojson(&bowtie).unwrap_err();
    /// assert_eq!(errors[0].code(), "area_self_intersects");
    /// ```
    pub fn from_geojson(polygon: &GeoJsonPolygon) -> Result<RequestArea, Vec<DraftError>> {
        let mut errors = Vec::new();
        let exterior = match polygon.coordinates.first() {
            Some(ring) if !ring.is_empty() => ring,
            _ => return Err(vec![DraftError::AreaInvalid]),
        };
        if polygon.coordinates.len() > 1 {
            errors.push(DraftError::AreaHasHoles { holes: polygon.coordinates.len() - 1 });
        }
        if let Some(&position) = exterior.iter().find(|&&p| !in_range(p)) {
            errors.push(DraftError::AreaCoordinateOutOfRange { position });
            return Err(errors);
        }
        let ring = normalise(exterior);
        if ring.len() < MIN_VERTICES {
            errors.push(DraftError::AreaTooFewVertices { vertices: ring.len() });
            return Err(errors);
        }
        let too_many = ring.len() > MAX_VERTICES;
        if too_many {
            errors.push(DraftError::AreaTooManyVertices { vertices: ring.len() });
        }
        let crosses = crosses_antimeridian(&ring);
        if crosses {
            errors.push(DraftError::AreaCrossesAntimeridian);
        }
        // The next checks are quadratic in the vertex count, and mean nothing for a
        // ring drawn across the ±180° seam of the map.
        if too_many || crosses {
            return Err(errors);
        }
        if self_intersects(&ring) {
            errors.push(DraftError::AreaSelfIntersects);
            return Err(errors);
        }
        let ring = canonical(&ring);
        let area_m2 = signed_area_m2(&ring).abs();
        if area_m2 < MIN_AREA_M2 {
            errors.push(DraftError::AreaTooSmall { area_m2 });
        } else if area_m2 > MAX_AREA_M2 {
            errors.push(DraftError::AreaTooLarge { area_m2 });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RequestArea { ring, area_m2 })
    }

    /// The first violated area rule, if any (geo's `Validation::check_validation` style).
    ///
    /// ```
    /// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
    /// let empty = GeoJsonPolygon { coordinates: vec![] };
    /// assert_eq!(RequestArea::check(&empty).unwrap_err().code(), "area_invalid");
    /// ```
    pub fn check(polygon: &GeoJsonPolygon) -> Result<(), DraftError> {
        match Self::from_geojson(polygon) {
            Ok(_) => Ok(()),
            Err(mut errors) => Err(errors.swap_remove(0)),
        }
    }

    /// Every violated area rule (empty when the polygon is a valid area).
    ///
    /// ```
    /// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
    /// let line = GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.52], [-122.67, 45.52]]] };
    /// assert_eq!(RequestArea::errors(&line)[0].code(), "area_too_few_vertices");
    /// ```
    pub fn errors(polygon: &GeoJsonPolygon) -> Vec<DraftError> {
        Self::from_geojson(polygon).err().unwrap_or_default()
    }

    /// Geodesic area on the WGS84 ellipsoid, square metres.
    ///
    /// ```
    /// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
    /// let p = GeoJsonPolygon { coordinates: vec![vec![[0.0, 0.0], [0.01, 0.0], [0.01, 0.01], [0.0, 0.01]]] };
    /// // About 1.113 km × 1.106 km at the equator.
    /// assert!((RequestArea::from_geojson(&p).unwrap().area_m2() - 1_230_907.20).abs() < 0.01);
    /// ```
    pub fn area_m2(&self) -> f64 {
        self.area_m2
    }

    /// `[west, south, east, north]` in degrees, as GeoJSON's `bbox` and the feed's `bbox=`.
    ///
    /// ```
    /// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
    /// let p = GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.68, 45.52]]] };
    /// assert_eq!(RequestArea::from_geojson(&p).unwrap().bounding_box(), [-122.68, 45.515, -122.67, 45.52]);
    /// ```
    pub fn bounding_box(&self) -> [f64; 4] {
        bounding_box(&self.ring)
    }

    /// The distinct vertices as `[lng, lat]`, counter-clockwise from the lowest one
    /// (smallest longitude, then latitude), without the closing one.
    ///
    /// ```
    /// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
    /// let p = GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.68, 45.515]]] };
    /// assert_eq!(RequestArea::from_geojson(&p).unwrap().ring().len(), 3);
    /// ```
    pub fn ring(&self) -> &[[f64; 2]] {
        &self.ring
    }

    /// The area as a GeoJSON polygon: one closed, counter-clockwise ring, starting at
    /// the lowest vertex.
    ///
    /// ```
    /// use porchlight_domain::{wire::GeoJsonPolygon, RequestArea};
    /// let p = GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.68, 45.52]]] };
    /// let out = RequestArea::from_geojson(&p).unwrap().to_geojson();
    /// assert_eq!(out.coordinates[0].len(), 5);
    /// assert_eq!(out.coordinates[0][0], out.coordinates[0][4]);
    /// ```
    pub fn to_geojson(&self) -> GeoJsonPolygon {
        let mut closed = self.ring.clone();
        closed.push(self.ring[0]);
        GeoJsonPolygon { coordinates: vec![closed] }
    }
}

impl TryFrom<GeoJsonPolygon> for RequestArea {
    type Error = DraftErrors;

    /// [`RequestArea::from_geojson`], for `#[serde(try_from)]`.
    fn try_from(polygon: GeoJsonPolygon) -> Result<Self, DraftErrors> {
        RequestArea::from_geojson(&polygon).map_err(DraftErrors::from)
    }
}

impl Serialize for RequestArea {
    /// As a GeoJSON polygon, [`RequestArea::to_geojson`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_geojson().serialize(serializer)
    }
}

use geo::{Coord, Intersects, LineString, Polygon};
use serde::{Deserialize, Serialize, Serializer};

use super::{AlertError, MAX_ALERT_AREA_M2};
use crate::area::RequestArea;
use crate::area::geodesic::signed_area_m2;
use crate::area::ring::{bounding_box, canonical, crosses_antimeridian, in_range, normalise};
use crate::area::self_intersection::self_intersects;
use crate::draft_error::DraftError;
use crate::limits::{MAX_VERTICES, MIN_VERTICES};
use crate::wire::GeoJsonPolygon;

/// The area an alert watches: one simple ring of 3 to 200 distinct `[lng, lat]`
/// vertices whose geodesic area (WGS84) is at most [`MAX_ALERT_AREA_M2`] (50 sq mi).
/// It may cross the ±180° meridian: such a ring is kept *unwrapped*, its western
/// longitudes moved by +360° so that it is one planar polygon east of 180°.
///
/// ```
/// use porchlight_domain::{alert::AlertArea, wire::GeoJsonPolygon};
/// // Most of inner south-east Portland, Oregon: about 7 sq mi.
/// let polygon = GeoJsonPolygon { coordinates: vec![vec![
///     [-122.67, 45.48], [-122.60, 45.48], [-122.60, 45.52], [-122.67, 45.52], [-122.67, 45.48],
/// ]] };
/// let area = AlertArea::from_geojson(&polygon).unwrap();
/// assert!((area.area_m2() / 2_589_988.110336 - 9.4).abs() < 0.1);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "GeoJsonPolygon")]
pub struct AlertArea {
    /// Canonical (counter-clockwise from the lowest vertex), unwrapped, not closed.
    ring: Vec<[f64; 2]>,
    area_m2: f64,
}

/// Moves the western half of a ring that crosses the ±180° meridian by +360°.
fn unwrap(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
    ring.iter().map(|&[lng, lat]| if lng < 0.0 { [lng + 360.0, lat] } else { [lng, lat] }).collect()
}

fn polygon(ring: &[[f64; 2]], shift: f64) -> Polygon<f64> {
    let coords: Vec<Coord> = ring.iter().map(|&[x, y]| Coord { x: x + shift, y }).collect();
    Polygon::new(LineString::new(coords), Vec::new())
}

impl AlertArea {
    /// Checks every alert-area rule on a GeoJSON polygon, collecting all violations.
    ///
    /// ```
    /// use porchlight_domain::{alert::AlertArea, wire::GeoJsonPolygon};
    /// // Across the 180° meridian, over Taveuni, Fiji: allowed for alerts.
    /// let fiji = GeoJsonPolygon { coordinates: vec![vec![
    ///     [179.97, -16.8], [-179.97, -16.8], [-179.97, -16.75], [179.97, -16.75],
    /// ]] };
    /// let area = AlertArea::from_geojson(&fiji).unwrap();
    /// assert!(area.bounding_box()[2] > 180.0);
    /// // Too large: a box of 1° by 1°.
    /// let big = GeoJsonPolygon { coordinates: vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]] };
    /// assert_eq!(AlertArea::from_geojson(&big).unwrap_err()[0].code(), "alert_area_too_large");
    /// ```
    pub fn from_geojson(polygon: &GeoJsonPolygon) -> Result<AlertArea, Vec<AlertError>> {
        let area = |e| AlertError::Area(e);
        let mut errors = Vec::new();
        let exterior = match polygon.coordinates.first() {
            Some(ring) if !ring.is_empty() => ring,
            _ => return Err(vec![area(DraftError::AreaInvalid)]),
        };
        if polygon.coordinates.len() > 1 {
            errors.push(area(DraftError::AreaHasHoles { holes: polygon.coordinates.len() - 1 }));
        }
        if let Some(&position) = exterior.iter().find(|&&p| !in_range(p)) {
            errors.push(area(DraftError::AreaCoordinateOutOfRange { position }));
            return Err(errors);
        }
        let mut ring = normalise(exterior);
        if ring.len() < MIN_VERTICES {
            errors.push(area(DraftError::AreaTooFewVertices { vertices: ring.len() }));
            return Err(errors);
        }
        if ring.len() > MAX_VERTICES {
            errors.push(area(DraftError::AreaTooManyVertices { vertices: ring.len() }));
            return Err(errors);
        }
        if crosses_antimeridian(&ring) {
            ring = unwrap(&ring);
            // A ring that still jumps is one that wraps around a pole or more than
            // half the globe: no area of 50 sq mi.
            if crosses_antimeridian(&ring) {
                errors.push(AlertError::AreaTooLarge { area_m2: f64::INFINITY });
                return Err(errors);
            }
        }
        if self_intersects(&ring) {
            errors.push(area(DraftError::AreaSelfIntersects));
            return Err(errors);
        }
        let ring = canonical(&ring);
        let area_m2 = signed_area_m2(&ring).abs();
        if area_m2 > MAX_ALERT_AREA_M2 {
            errors.push(AlertError::AreaTooLarge { area_m2 });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AlertArea { ring, area_m2 })
    }

    /// Geodesic area on the WGS84 ellipsoid, square metres.
    pub fn area_m2(&self) -> f64 {
        self.area_m2
    }

    /// `[west, south, east, north]` of the unwrapped ring: `east` is above 180 when the
    /// area crosses the ±180° meridian.
    pub fn bounding_box(&self) -> [f64; 4] {
        bounding_box(&self.ring)
    }

    /// The boxes of [`AlertArea::bounding_box`] within [-180, 180]: one, or two for an
    /// area across the ±180° meridian (its eastern and its western part).
    ///
    /// ```
    /// use porchlight_domain::{alert::AlertArea, wire::GeoJsonPolygon};
    /// let fiji = GeoJsonPolygon { coordinates: vec![vec![
    ///     [179.97, -16.8], [-179.97, -16.8], [-179.97, -16.75], [179.97, -16.75],
    /// ]] };
    /// let boxes = AlertArea::from_geojson(&fiji).unwrap().map_boxes();
    /// assert_eq!(boxes.len(), 2);
    /// assert_eq!(boxes[0], [179.97, -16.8, 180.0, -16.75]);
    /// assert_eq!(boxes[1][0], -180.0);
    /// ```
    pub fn map_boxes(&self) -> Vec<[f64; 4]> {
        let [w, s, e, n] = self.bounding_box();
        if e <= 180.0 {
            vec![[w, s, e, n]]
        } else {
            vec![[w, s, 180.0, n], [-180.0, s, e - 360.0, n]]
        }
    }

    /// Whether a request's area shares at least one point with this area: overlaps it,
    /// lies in it, holds it, or touches its outline.
    ///
    /// ```
    /// use porchlight_domain::{alert::AlertArea, wire::GeoJsonPolygon, RequestArea};
    /// let watched = AlertArea::from_geojson(&GeoJsonPolygon { coordinates: vec![vec![
    ///     [-122.69, 45.51], [-122.66, 45.51], [-122.66, 45.53], [-122.69, 45.53],
    /// ]] }).unwrap();
    /// let block = RequestArea::from_geojson(&GeoJsonPolygon { coordinates: vec![vec![
    ///     [-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.68, 45.52],
    /// ]] }).unwrap();
    /// assert!(watched.meets(&block));
    /// ```
    pub fn meets(&self, request: &RequestArea) -> bool {
        let watched = polygon(&self.ring, 0.0);
        if watched.intersects(&polygon(request.ring(), 0.0)) {
            return true;
        }
        // An unwrapped area also meets requests west of the meridian, moved by +360°.
        self.bounding_box()[2] > 180.0 && watched.intersects(&polygon(request.ring(), 360.0))
    }

    /// The area as a GeoJSON polygon (closed, counter-clockwise, longitudes back within
    /// [-180, 180]).
    pub fn to_geojson(&self) -> GeoJsonPolygon {
        let wrap = |[lng, lat]: [f64; 2]| if lng > 180.0 { [lng - 360.0, lat] } else { [lng, lat] };
        let mut closed: Vec<[f64; 2]> = self.ring.iter().copied().map(wrap).collect();
        closed.push(closed[0]);
        GeoJsonPolygon { coordinates: vec![closed] }
    }
}

impl TryFrom<GeoJsonPolygon> for AlertArea {
    type Error = String;

    fn try_from(polygon: GeoJsonPolygon) -> Result<Self, String> {
        AlertArea::from_geojson(&polygon).map_err(|errors| errors[0].to_string())
    }
}

impl Serialize for AlertArea {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_geojson().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(ring: &[[f64; 2]]) -> AlertArea {
        AlertArea::from_geojson(&GeoJsonPolygon { coordinates: vec![ring.to_vec()] }).unwrap()
    }

    fn request(ring: &[[f64; 2]]) -> RequestArea {
        RequestArea::from_geojson(&GeoJsonPolygon { coordinates: vec![ring.to_vec()] }).unwrap()
    }

    fn square(west: f64, south: f64, side: f64) -> Vec<[f64; 2]> {
        vec![[west, south], [west + side, south], [west + side, south + side], [west, south + side]]
    }

    #[test]
    fn touching_containing_and_missing_areas() {
        let watched = alert(&square(-122.70, 45.50, 0.05));
        // Shares the watched area's eastern edge only.
        assert!(watched.meets(&request(&square(-122.65, 45.51, 0.008))));
        // Shares one corner only.
        assert!(watched.meets(&request(&square(-122.65, 45.55, 0.008))));
        // Inside.
        assert!(watched.meets(&request(&square(-122.68, 45.52, 0.008))));
        // Overlapping the edge.
        assert!(watched.meets(&request(&square(-122.654, 45.52, 0.008))));
        // A hair east of the edge: no.
        assert!(!watched.meets(&request(&square(-122.649_999, 45.52, 0.008))));
        // A request holding a tiny watched area.
        let tiny = alert(&square(-122.676, 45.516, 0.0005));
        assert!(tiny.meets(&request(&square(-122.68, 45.512, 0.008))));
        // Far away.
        assert!(!watched.meets(&request(&square(-73.99, 40.75, 0.008))));
    }

    #[test]
    fn an_area_across_the_antimeridian_meets_requests_on_both_sides() {
        let watched =
            alert(&[[179.97, -16.8], [-179.97, -16.8], [-179.97, -16.75], [179.97, -16.75]]);
        assert_eq!(watched.bounding_box(), [179.97, -16.8, 180.03, -16.75]);
        // East of 180° (positive longitudes) and west of it (negative ones).
        assert!(watched.meets(&request(&square(179.98, -16.79, 0.008))));
        assert!(watched.meets(&request(&square(-179.99, -16.79, 0.008))));
        // Beyond its western and its eastern edge.
        assert!(!watched.meets(&request(&square(179.95, -16.79, 0.008))));
        assert!(!watched.meets(&request(&square(-179.96, -16.79, 0.008))));
        // The same longitudes, another latitude.
        assert!(!watched.meets(&request(&square(-179.99, -16.70, 0.008))));
        // The GeoJSON written back is within [-180, 180].
        let out = watched.to_geojson();
        assert!(out.coordinates[0].iter().all(|p| (-180.0..=180.0).contains(&p[0])));
    }

    #[test]
    fn size_limits_and_ring_rules() {
        // No lower limit: a few square metres are fine.
        assert!(alert(&square(-122.68, 45.52, 0.00002)).area_m2() < 10.0);
        // 50 sq mi and a little more: a square of 0.1° at the equator is ~47.5 sq mi.
        assert!(
            AlertArea::from_geojson(&GeoJsonPolygon { coordinates: vec![square(0.0, 0.0, 0.1)] })
                .is_ok()
        );
        let big =
            AlertArea::from_geojson(&GeoJsonPolygon { coordinates: vec![square(0.0, 0.0, 0.103)] });
        assert_eq!(big.unwrap_err()[0].code(), "alert_area_too_large");
        let bowtie = vec![[0.0, 0.0], [0.01, 0.01], [0.01, 0.0], [0.0, 0.01]];
        let e = AlertArea::from_geojson(&GeoJsonPolygon { coordinates: vec![bowtie] });
        assert_eq!(e.unwrap_err()[0].code(), "area_self_intersects");
        let line = vec![[0.0, 0.0], [0.01, 0.01]];
        let e = AlertArea::from_geojson(&GeoJsonPolygon { coordinates: vec![line] });
        assert_eq!(e.unwrap_err()[0].code(), "area_too_few_vertices");
    }
}

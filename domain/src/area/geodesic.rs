//! Karney's geodesic area on the WGS84 ellipsoid, through geo's `GeodesicArea`.

use geo::{Coord, GeodesicArea, LineString, Polygon};

use super::ring::{canonical, normalise};

/// Signed area of a ring of `[lng, lat]` positions, m²: positive when the ring runs
/// counter-clockwise. Callers pass the [`canonical`] ring so that the result does not
/// depend on the starting vertex or winding (in the last bits it otherwise would). Valid for rings smaller than half the Earth, which every ring that
/// passes the other rules is.
pub(crate) fn signed_area_m2(ring: &[[f64; 2]]) -> f64 {
    let coords: Vec<Coord> = ring.iter().map(|&[x, y]| Coord { x, y }).collect();
    // geo's `_unsigned` variant would return the Earth minus the polygon for a clockwise
    // ring; the signed variant's absolute value is right for either winding.
    Polygon::new(LineString::new(coords), Vec::new()).geodesic_area_signed()
}

/// The geodesic area (WGS84, Karney 2013) enclosed by a ring of `[lng, lat]` positions,
/// in square metres, whatever its winding and whether or not it repeats its first
/// position at the end. Meant for live feedback while drawing; it does not check the
/// ring (use [`RequestArea::from_geojson`](crate::RequestArea::from_geojson) for that).
///
/// ```
/// use porchlight_domain::geodesic_area_m2;
/// // The O2 in London, as in geo's documentation: 78 596 m².
/// let o2 = [
///     [0.00388383, 51.501574], [0.00538587, 51.502278], [0.00553607, 51.503299],
///     [0.00467777, 51.504181], [0.00327229, 51.504435], [0.00187754, 51.504168],
///     [0.00087976, 51.503380], [0.00107288, 51.502324], [0.00185608, 51.501770],
/// ];
/// assert_eq!(geodesic_area_m2(&o2).round(), 78_596.0);
/// let mut clockwise = o2;
/// clockwise.reverse();
/// assert_eq!(geodesic_area_m2(&clockwise).round(), 78_596.0);
/// ```
pub fn geodesic_area_m2(ring: &[[f64; 2]]) -> f64 {
    signed_area_m2(&canonical(&normalise(ring))).abs()
}

//! Shapes as rings of `[lng, lat]` positions: a rectangle from two corners and a
//! geodesic circle (on the WGS84 ellipsoid) as a polygon.

use geo::{Destination, Distance, Geodesic, Point};

/// Vertices of a drawn or typed circle: enough that the polygon's area is within
/// 0.2 % of the true circle's.
pub const CIRCLE_VERTICES: usize = 64;

/// The rectangle with opposite corners `a` and `b` (axis-aligned in longitude and
/// latitude), counter-clockwise from the south-west corner.
pub fn rectangle_ring(a: [f64; 2], b: [f64; 2]) -> Vec<[f64; 2]> {
    let (west, east) = (a[0].min(b[0]), a[0].max(b[0]));
    let (south, north) = (a[1].min(b[1]), a[1].max(b[1]));
    vec![[west, south], [east, south], [east, north], [west, north]]
}

/// A circle of `radius_m` metres (geodesic distance) around `centre`, as a polygon of
/// [`CIRCLE_VERTICES`] vertices lying on the circle, counter-clockwise.
pub fn circle_ring(centre: [f64; 2], radius_m: f64) -> Vec<[f64; 2]> {
    let origin = Point::new(centre[0], centre[1]);
    (0..CIRCLE_VERTICES)
        .map(|i| {
            // Bearings run clockwise from north; going down from 360° walks the circle
            // counter-clockwise, as GeoJSON prefers.
            let bearing = 360.0 - 360.0 * i as f64 / CIRCLE_VERTICES as f64;
            let p = Geodesic.destination(origin, bearing % 360.0, radius_m);
            [p.x(), p.y()]
        })
        .collect()
}

/// Geodesic distance between two positions, metres.
pub fn distance_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    Geodesic.distance(Point::new(a[0], a[1]), Point::new(b[0], b[1]))
}

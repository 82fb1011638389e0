//! Ring normalisation: the ring as a list of distinct consecutive vertices.

use geo::Coord;
use geo::kernels::{Kernel, Orientation, RobustKernel};

/// Drops consecutive duplicate positions and the closing position, so that a drawn
/// ring with a double click or an explicit GeoJSON closing point counts its corners once.
pub(crate) fn normalise(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
    for &p in ring {
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    // The ring wraps around: its last vertex is adjacent to its first.
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// The ring in a canonical order: counter-clockwise, starting at its lowest vertex
/// (smallest longitude, then latitude). Every rotation and either winding of a ring give
/// the same canonical ring, so its area is the same to the last bit.
pub(crate) fn canonical(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let n = ring.len();
    if n < 3 {
        return ring.to_vec();
    }
    let key = |p: &[f64; 2]| (p[0], p[1]);
    let lowest = (0..n)
        .min_by(|&a, &b| {
            let (ka, kb) = (key(&ring[a]), key(&ring[b]));
            ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        })
        .unwrap_or(0);
    let mut out: Vec<[f64; 2]> = ring[lowest..].iter().chain(&ring[..lowest]).copied().collect();
    // The lowest vertex is on the convex hull, so the turn there is the ring's winding,
    // decided exactly; flipping only the order keeps the rotation canonical.
    if orient(out[n - 1], out[0], out[1]) == Orientation::Clockwise {
        out[1..].reverse();
    }
    out
}

fn orient(p: [f64; 2], q: [f64; 2], r: [f64; 2]) -> Orientation {
    RobustKernel::orient2d(
        Coord { x: p[0], y: p[1] },
        Coord { x: q[0], y: q[1] },
        Coord { x: r[0], y: r[1] },
    )
}

/// Whether a position is a finite longitude/latitude pair in range.
pub(crate) fn in_range([lng, lat]: [f64; 2]) -> bool {
    // Comparisons are false for NaN, so NaN is out of range too.
    (-180.0..=180.0).contains(&lng) && (-90.0..=90.0).contains(&lat)
}

/// Whether an edge jumps more than 180° of longitude: on the globe the short way between
/// its ends crosses the ±180° meridian, and the ring is not what a planar map shows.
pub(crate) fn crosses_antimeridian(ring: &[[f64; 2]]) -> bool {
    let n = ring.len();
    (0..n).any(|i| (ring[(i + 1) % n][0] - ring[i][0]).abs() > 180.0)
}

/// `[west, south, east, north]` of a ring's vertices, in the ring's own longitudes
/// (beyond 180 for an unwrapped ring across the ±180° meridian).
pub(crate) fn bounding_box(ring: &[[f64; 2]]) -> [f64; 4] {
    let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for &[lng, lat] in ring {
        bbox[0] = bbox[0].min(lng);
        bbox[1] = bbox[1].min(lat);
        bbox[2] = bbox[2].max(lng);
        bbox[3] = bbox[3].max(lat);
    }
    bbox
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_and_repeated_positions_are_dropped() {
        let ring = [[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]];
        assert_eq!(normalise(&ring), vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]);
    }

    #[test]
    fn a_single_repeated_position_stays_one_vertex() {
        assert_eq!(normalise(&[[2.0, 3.0]; 4]), vec![[2.0, 3.0]]);
        assert!(normalise(&[]).is_empty());
    }

    #[test]
    fn canonical_ring_is_the_same_for_every_rotation_and_winding() {
        let ring = [[1.0, 0.0], [2.0, 1.0], [1.0, 2.0], [0.0, 1.0]];
        let expected = vec![[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [1.0, 2.0]];
        for start in 0..ring.len() {
            let mut rotated = ring.to_vec();
            rotated.rotate_left(start);
            assert_eq!(canonical(&rotated), expected);
            rotated.reverse();
            assert_eq!(canonical(&rotated), expected);
        }
    }

    #[test]
    fn range_refuses_nan_and_infinity() {
        assert!(in_range([180.0, -90.0]));
        assert!(!in_range([f64::NAN, 0.0]));
        assert!(!in_range([0.0, f64::INFINITY]));
        assert!(!in_range([180.000001, 0.0]));
        assert!(!in_range([0.0, -90.5]));
    }
}

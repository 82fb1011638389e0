//! Ring normalisation: the ring as a list of distinct consecutive vertices.

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
    fn range_refuses_nan_and_infinity() {
        assert!(in_range([180.0, -90.0]));
        assert!(!in_range([f64::NAN, 0.0]));
        assert!(!in_range([0.0, f64::INFINITY]));
        assert!(!in_range([180.000001, 0.0]));
        assert!(!in_range([0.0, -90.5]));
    }
}

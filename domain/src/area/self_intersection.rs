//! Whether a ring crosses or touches itself, with exact orientation tests.

use geo::Coord;
use geo::kernels::{Kernel, Orientation, RobustKernel};

fn c([x, y]: [f64; 2]) -> Coord {
    Coord { x, y }
}

fn orient(p: [f64; 2], q: [f64; 2], r: [f64; 2]) -> Orientation {
    RobustKernel::orient2d(c(p), c(q), c(r))
}

/// `r` lies within the bounding box of `p`–`q` (only meaningful when the three are collinear).
fn within_box(p: [f64; 2], q: [f64; 2], r: [f64; 2]) -> bool {
    p[0].min(q[0]) <= r[0]
        && r[0] <= p[0].max(q[0])
        && p[1].min(q[1]) <= r[1]
        && r[1] <= p[1].max(q[1])
}

/// Whether closed segments `p1–p2` and `q1–q2` share at least one point.
fn segments_meet(p1: [f64; 2], p2: [f64; 2], q1: [f64; 2], q2: [f64; 2]) -> bool {
    use Orientation::Collinear;
    let o1 = orient(p1, p2, q1);
    let o2 = orient(p1, p2, q2);
    let o3 = orient(q1, q2, p1);
    let o4 = orient(q1, q2, p2);
    if o1 != Collinear && o2 != Collinear && o3 != Collinear && o4 != Collinear {
        return o1 != o2 && o3 != o4;
    }
    (o1 == Collinear && within_box(p1, p2, q1))
        || (o2 == Collinear && within_box(p1, p2, q2))
        || (o3 == Collinear && within_box(q1, q2, p1))
        || (o4 == Collinear && within_box(q1, q2, p2))
}

/// Whether two edges `a–b` and `b–c` that share `b` overlap beyond `b`: the ring folds
/// back on itself.
fn folds_back(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> bool {
    orient(a, b, c) == Orientation::Collinear
        && (a[0] - b[0]) * (c[0] - b[0]) + (a[1] - b[1]) * (c[1] - b[1]) > 0.0
}

/// Whether the ring (distinct consecutive vertices, not closed) is not simple: two
/// non-adjacent edges meet, or adjacent edges overlap. Planar in longitude/latitude:
/// over the ≤ 2 km edges of an allowed area a geodesic strays from the straight
/// longitude/latitude line by well under a metre even at 85°, so only rings that nearly
/// touch themselves could be judged differently on the ellipsoid.
pub(crate) fn self_intersects(ring: &[[f64; 2]]) -> bool {
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let edge = |i: usize| (ring[i], ring[(i + 1) % n]);
    // Bounding boxes first: most pairs are far apart, and this keeps 200 vertices fast.
    let boxes: Vec<[f64; 4]> = (0..n)
        .map(|i| {
            let (a, b) = edge(i);
            [a[0].min(b[0]), a[1].min(b[1]), a[0].max(b[0]), a[1].max(b[1])]
        })
        .collect();
    for i in 0..n {
        let (a, b) = edge(i);
        // Edge i and i+1 share vertex i+1.
        if folds_back(a, b, ring[(i + 2) % n]) {
            return true;
        }
        // Non-adjacent edges: j from i+2, and the last edge is adjacent to edge 0.
        let end = if i == 0 { n - 1 } else { n };
        for j in (i + 2)..end {
            let bi = &boxes[i];
            let bj = &boxes[j];
            if bi[2] < bj[0] || bj[2] < bi[0] || bi[3] < bj[1] || bj[3] < bi[1] {
                continue;
            }
            let (p, q) = edge(j);
            if segments_meet(a, b, p, q) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_is_simple_bowtie_is_not() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        assert!(!self_intersects(&square));
        let bowtie = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]];
        assert!(self_intersects(&bowtie));
    }

    #[test]
    fn touching_vertex_counts_as_intersection() {
        // Vertex (1, 0) is visited twice: two lobes joined at one point.
        let figure_eight =
            [[0.0, 0.0], [1.0, 0.0], [2.0, -1.0], [2.0, 1.0], [1.0, 0.0], [0.0, 1.0]];
        assert!(self_intersects(&figure_eight));
        // A vertex lying on a non-adjacent edge.
        let pinched = [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [1.0, 0.0], [0.0, 2.0]];
        assert!(self_intersects(&pinched));
    }

    #[test]
    fn folding_back_counts_as_intersection() {
        assert!(self_intersects(&[[0.0, 0.0], [2.0, 0.0], [1.0, 0.0]]));
        // A spike that goes out and comes back along the same line.
        assert!(self_intersects(&[[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [2.0, 1.0], [0.0, 2.0]]));
    }

    #[test]
    fn concave_ring_is_simple() {
        let arrow = [[0.0, 0.0], [2.0, 1.0], [0.0, 2.0], [1.0, 1.0]];
        assert!(!self_intersects(&arrow));
    }
}

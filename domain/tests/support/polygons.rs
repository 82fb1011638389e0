//! Test polygons: star-shaped rings around a centre, scaled to a wanted geodesic area.

#![allow(dead_code)]

use porchlight_domain::geodesic_area_m2;
use porchlight_domain::wire::GeoJsonPolygon;

/// Metres per degree of latitude, roughly; the rings only need to be simple, and their
/// exact area is always measured, never assumed.
const M_PER_DEG: f64 = 111_132.0;

/// `n` vertices counter-clockwise around `centre` (`[lng, lat]`), at `radius_m` metres
/// varied by `wobble` (0 = regular polygon, < 1 keeps it star-shaped hence simple).
pub fn star(centre: [f64; 2], n: usize, radius_m: f64, wobble: f64) -> Vec<[f64; 2]> {
    let cos_lat = centre[1].to_radians().cos();
    (0..n)
        .map(|i| {
            let t = std::f64::consts::TAU * i as f64 / n as f64;
            let r = radius_m * (1.0 + wobble * (3.0 * t).sin());
            [centre[0] + r * t.cos() / (M_PER_DEG * cos_lat), centre[1] + r * t.sin() / M_PER_DEG]
        })
        .collect()
}

/// Bisects on the radius until the star's geodesic area is `target_m2` (to about
/// 1e-6 m²) and returns that ring.
pub fn star_with_area(centre: [f64; 2], n: usize, wobble: f64, target_m2: f64) -> Vec<[f64; 2]> {
    let area = |r: f64| geodesic_area_m2(&star(centre, n, r, wobble));
    let (mut lo, mut hi) = (0.0, 100.0);
    while area(hi) < target_m2 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid == lo || mid == hi {
            break;
        }
        if area(mid) < target_m2 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let (a_lo, a_hi) = (area(lo), area(hi));
    let r = if (a_lo - target_m2).abs() < (a_hi - target_m2).abs() { lo } else { hi };
    star(centre, n, r, wobble)
}

/// A GeoJSON polygon of one ring, closed as RFC 7946 requires.
pub fn closed(ring: &[[f64; 2]]) -> GeoJsonPolygon {
    let mut coords = ring.to_vec();
    coords.push(ring[0]);
    GeoJsonPolygon { coordinates: vec![coords] }
}

/// The ring run the other way round, from the same first vertex.
pub fn reversed(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut out = ring.to_vec();
    out[1..].reverse();
    out
}

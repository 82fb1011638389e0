//! Made-up request areas and times for the demo data (`--demo`) and the benchmark seed
//! (`porchlight-server seed`): both post them through the real rules afterwards.

use porchlight_domain::wire::{GeoJsonPolygon, LatLng};
use rand::rngs::StdRng;
use rand::Rng;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Metres in a degree of latitude (a small area's flat approximation is enough here).
const METRES_PER_DEGREE: f64 = 111_320.0;

/// How far a [`rough_polygon`] strays from a regular one.
#[derive(Debug, Clone, Copy)]
pub struct Roughness {
    /// Each vertex's angle moves by up to this fraction of the angle between vertices.
    pub angle: f64,
    /// Each vertex's distance from the centre is scaled by up to 1 ± this.
    pub radius: f64,
}

/// An `n`-gon of about `area_m2` around `center`, counter-clockwise, each vertex moved
/// at random within `roughness`; coordinates rounded to 6 decimals (about 0.1 m).
pub fn rough_polygon(
    rng: &mut StdRng,
    center: LatLng,
    area_m2: f64,
    n: usize,
    roughness: Roughness,
) -> GeoJsonPolygon {
    let step = std::f64::consts::TAU / n as f64;
    // A regular n-gon of circumradius r has area n/2 · r² · sin(2π/n).
    let radius = (2.0 * area_m2 / (n as f64 * step.sin())).sqrt();
    let start = rng.gen_range(0.0..step);
    let mut ring: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let angle =
                start + i as f64 * step + rng.gen_range(-1.0..=1.0) * roughness.angle * step;
            let r = radius * (1.0 + rng.gen_range(-1.0..=1.0) * roughness.radius);
            let lat = center.lat + r * angle.sin() / METRES_PER_DEGREE;
            let lng =
                center.lng + r * angle.cos() / (METRES_PER_DEGREE * center.lat.to_radians().cos());
            [round6(lng), round6(lat)]
        })
        .collect();
    ring.push(ring[0]);
    GeoJsonPolygon {
        coordinates: vec![ring],
    }
}

/// `t` as an RFC 3339 string in whole seconds, as a form would send it.
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

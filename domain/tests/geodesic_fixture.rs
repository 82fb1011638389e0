//! The crate against GeographicLib's own areas (fixtures/geodesic_areas.json, made by
//! tools/gen_area_fixture.py): within 0.01 m² and the same verdict on every polygon.

use porchlight_domain::wire::GeoJsonPolygon;
use porchlight_domain::{MAX_AREA_M2, MIN_AREA_M2, RequestArea, geodesic_area_m2};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    min_area_m2: f64,
    max_area_m2: f64,
    polygons: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    area_m2: f64,
    verdict: String,
    coordinates: Vec<[f64; 2]>,
}

fn fixture() -> Fixture {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/geodesic_areas.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn areas_and_verdicts_match_geographiclib() {
    let fixture = fixture();
    assert_eq!(fixture.min_area_m2, MIN_AREA_M2);
    assert_eq!(fixture.max_area_m2, MAX_AREA_M2);
    assert!(fixture.polygons.len() >= 200);
    let mut worst = 0.0_f64;
    for case in &fixture.polygons {
        let area = geodesic_area_m2(&case.coordinates);
        let diff = (area - case.area_m2).abs();
        worst = worst.max(diff);
        assert!(diff <= 0.01, "{}: {area} m² vs GeographicLib {} m²", case.name, case.area_m2);

        let polygon = GeoJsonPolygon { coordinates: vec![case.coordinates.clone()] };
        match RequestArea::from_geojson(&polygon) {
            Ok(accepted) => {
                assert_eq!(case.verdict, "accept", "{}", case.name);
                assert_eq!(accepted.area_m2(), area, "{}", case.name);
            }
            Err(errors) => {
                let codes: Vec<_> = errors.iter().map(|e| e.code()).collect();
                assert_eq!(codes, [case.verdict.as_str()], "{}", case.name);
            }
        }
    }
    eprintln!("largest difference from GeographicLib: {worst:e} m²");
}

#[test]
fn the_fixture_covers_what_it_claims() {
    let polygons = fixture().polygons;
    let vertices = |c: &Case| {
        let n = c.coordinates.len();
        if c.coordinates[0] == c.coordinates[n - 1] { n - 1 } else { n }
    };
    assert!(polygons.iter().any(|c| vertices(c) == 3));
    assert!(polygons.iter().any(|c| vertices(c) == 200));
    assert!(polygons.iter().all(|c| (3..=200).contains(&vertices(c))));
    let lats = || polygons.iter().flat_map(|c| c.coordinates.iter().map(|p| p[1]));
    assert!(lats().fold(f64::INFINITY, f64::min) < -84.9);
    assert!(lats().fold(f64::NEG_INFINITY, f64::max) > 84.9);
    for limit in [MIN_AREA_M2, MAX_AREA_M2] {
        let near = |lo: f64, hi: f64| {
            polygons.iter().filter(|c| (lo..hi).contains(&(c.area_m2 - limit))).count()
        };
        assert!(near(-0.01, 0.0) >= 3, "just below {limit}");
        assert!(near(0.0, 0.01) >= 3, "just above {limit}");
        assert!(near(-5.5, 5.5) >= 40, "within a few m² of {limit}");
    }
    // Both windings: the signed shoelace sum in degrees tells them apart.
    let signed = |c: &Case| {
        let p = &c.coordinates;
        (0..p.len())
            .map(|i| {
                let (a, b) = (p[i], p[(i + 1) % p.len()]);
                a[0] * b[1] - b[0] * a[1]
            })
            .sum::<f64>()
    };
    assert!(polygons.iter().filter(|c| signed(c) > 0.0).count() >= 100);
    assert!(polygons.iter().filter(|c| signed(c) < 0.0).count() >= 100);
}

/// Chamberlain & Duquette's spherical ring area (what turf.js and many maps use), on the
/// authalic sphere.
fn spherical_area_m2(ring: &[[f64; 2]]) -> f64 {
    const R: f64 = 6_371_007.180_918_5;
    let n = ring.len();
    let sum: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            (b[0] - a[0]).to_radians() * (2.0 + a[1].to_radians().sin() + b[1].to_radians().sin())
        })
        .sum();
    (sum * R * R / 2.0).abs()
}

#[test]
fn the_fixture_would_catch_a_spherical_area() {
    // The reference is only worth having if a plausible wrong implementation fails it.
    let polygons = fixture().polygons;
    let wrong_verdicts = polygons
        .iter()
        .filter(|c| {
            let area = spherical_area_m2(&c.coordinates);
            let verdict = if area < MIN_AREA_M2 {
                "area_too_small"
            } else if area > MAX_AREA_M2 {
                "area_too_large"
            } else {
                "accept"
            };
            verdict != c.verdict
        })
        .count();
    let worst = polygons
        .iter()
        .map(|c| (spherical_area_m2(&c.coordinates) - c.area_m2).abs() / c.area_m2)
        .fold(0.0, f64::max);
    eprintln!("spherical area: {wrong_verdicts} wrong verdicts, worst relative error {worst:.4}");
    assert!(wrong_verdicts >= 20, "only {wrong_verdicts} wrong verdicts");
    assert!(worst > 0.005, "spherical error at most {worst}");
}

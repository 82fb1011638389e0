//! Property tests: where a ring starts and which way it runs never changes its area
//! (beyond 1e-6 m²) or the verdict.

#[path = "support/polygons.rs"]
mod polygons;

use polygons::star;
use porchlight_domain::wire::GeoJsonPolygon;
use porchlight_domain::{DraftError, RequestArea, geodesic_area_m2};
use proptest::prelude::*;

fn verdict(ring: &[[f64; 2]], closed: bool) -> Vec<&'static str> {
    let mut coords = ring.to_vec();
    if closed {
        coords.push(ring[0]);
    }
    RequestArea::errors(&GeoJsonPolygon { coordinates: vec![coords] })
        .iter()
        .map(DraftError::code)
        .collect()
}

fn rotated_and_reversed(ring: &[[f64; 2]], start: usize, reverse: bool) -> Vec<[f64; 2]> {
    let mut out = ring.to_vec();
    out.rotate_left(start % ring.len());
    if reverse {
        out.reverse();
    }
    out
}

/// Star-shaped (simple) rings from 0.1 to 4 times the limits, anywhere but the poles.
fn simple_ring() -> impl Strategy<Value = Vec<[f64; 2]>> {
    (-175.0..175.0f64, -85.0..85.0f64, 3..=200usize, 60.0..1_600.0f64, 0.0..0.6f64)
        .prop_map(|(lng, lat, n, radius, wobble)| star([lng, lat], n, radius, wobble))
}

/// Arbitrary rings in a 2 km box: most cross themselves.
fn any_ring() -> impl Strategy<Value = Vec<[f64; 2]>> {
    prop::collection::vec((-0.013..0.013f64, -0.009..0.009f64), 3..12)
        .prop_map(|points| points.into_iter().map(|(x, y)| [-122.6784 + x, 45.5152 + y]).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn start_vertex_and_winding_do_not_change_the_area(
        ring in simple_ring(), start in 0..200usize, reverse: bool, closed: bool,
    ) {
        let other = rotated_and_reversed(&ring, start, reverse);
        let (a, b) = (geodesic_area_m2(&ring), geodesic_area_m2(&other));
        prop_assert!((a - b).abs() <= 1e-6, "{a} vs {b}");
        prop_assert_eq!(verdict(&ring, true), verdict(&other, closed));
    }

    #[test]
    fn start_vertex_and_winding_do_not_change_the_verdict_of_any_ring(
        ring in any_ring(), start in 0..12usize, reverse: bool,
    ) {
        let other = rotated_and_reversed(&ring, start, reverse);
        prop_assert_eq!(verdict(&ring, false), verdict(&other, true));
    }

    #[test]
    fn accepted_areas_survive_the_wire(ring in simple_ring()) {
        let polygon = GeoJsonPolygon { coordinates: vec![ring] };
        if let Ok(area) = RequestArea::from_geojson(&polygon) {
            let json = serde_json::to_string(&area).unwrap();
            let back: RequestArea = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, area);
        }
    }
}

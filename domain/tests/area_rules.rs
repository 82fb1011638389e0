//! Table tests for every area rule, at its boundaries.

#[path = "support/polygons.rs"]
mod polygons;

use polygons::{closed, reversed, star, star_with_area};
use porchlight_domain::wire::GeoJsonPolygon;
use porchlight_domain::{
    DraftError, MAX_AREA_M2, MAX_VERTICES, MIN_AREA_M2, RequestArea, SQUARE_MILE_M2,
    geodesic_area_m2,
};

const PORTLAND: [f64; 2] = [-122.6784, 45.5152];

fn codes(polygon: &GeoJsonPolygon) -> Vec<&'static str> {
    RequestArea::errors(polygon).iter().map(DraftError::code).collect()
}

#[test]
fn area_limits_hold_to_the_square_metre_at_every_latitude() {
    let latitudes = [-85.0, -60.0, -33.9, 0.0, 1.3, 45.5152, 60.0, 71.0, 85.0];
    for (i, &lat) in latitudes.iter().enumerate() {
        let centre = [-122.6784 + 30.0 * i as f64, lat];
        let n = [4, 7, 16, 64, 200][i % 5];
        let cases = [
            (MIN_AREA_M2 - 1.0, Some("area_too_small")),
            (MIN_AREA_M2 + 1.0, None),
            (MAX_AREA_M2 - 1.0, None),
            (MAX_AREA_M2 + 1.0, Some("area_too_large")),
        ];
        for (target, expected) in cases {
            let ring = star_with_area(centre, n, 0.2, target);
            let area = geodesic_area_m2(&ring);
            assert!((area - target).abs() < 0.01, "lat {lat}: built {area}, wanted {target}");
            for ring in [ring.clone(), reversed(&ring)] {
                let result = RequestArea::from_geojson(&closed(&ring));
                match expected {
                    None => {
                        let accepted = result.unwrap_or_else(|e| panic!("lat {lat} n {n}: {e:?}"));
                        assert!(
                            (accepted.area_m2() - area).abs() < 1e-6,
                            "lat {lat} n {n}: {} vs {area}",
                            accepted.area_m2()
                        );
                    }
                    Some(code) => {
                        let errors = result.unwrap_err();
                        assert_eq!(errors.len(), 1, "lat {lat}: {errors:?}");
                        assert_eq!(errors[0].code(), code, "lat {lat}");
                    }
                }
            }
        }
    }
}

#[test]
fn limits_are_inclusive() {
    // Just inside each limit by a hundredth of a square metre.
    for target in [MIN_AREA_M2 + 0.01, MAX_AREA_M2 - 0.01] {
        let ring = star_with_area(PORTLAND, 12, 0.0, target);
        assert!(RequestArea::from_geojson(&closed(&ring)).is_ok(), "{target}");
    }
    assert_eq!(MAX_AREA_M2, 0.5 * SQUARE_MILE_M2);
    assert!((MIN_AREA_M2 - 0.025 * SQUARE_MILE_M2).abs() < 1e-9);
}

#[test]
fn messages_speak_square_miles() {
    let ring = star_with_area(PORTLAND, 8, 0.0, 0.62 * SQUARE_MILE_M2);
    let errors = RequestArea::from_geojson(&closed(&ring)).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "The area is 0.62 sq mi; requests may cover at most 0.5 sq mi."
    );

    let ring = star_with_area(PORTLAND, 8, 0.0, MAX_AREA_M2 + 3.0);
    let errors = RequestArea::from_geojson(&closed(&ring)).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "The area is slightly more than 0.5 sq mi (by 3 m²); requests may cover at most 0.5 sq mi."
    );

    let ring = star_with_area(PORTLAND, 8, 0.0, MIN_AREA_M2 - 1.4);
    let errors = RequestArea::from_geojson(&closed(&ring)).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "The area is slightly less than 0.025 sq mi (by 1 m²); requests must cover at least 0.025 sq mi."
    );

    let ring = star_with_area(PORTLAND, 8, 0.0, 0.01 * SQUARE_MILE_M2);
    let errors = RequestArea::from_geojson(&closed(&ring)).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "The area is 0.010 sq mi; requests must cover at least 0.025 sq mi."
    );
}

#[test]
fn both_windings_are_accepted_and_stored_counter_clockwise() {
    let ccw = star(PORTLAND, 6, 400.0, 0.3);
    let cw = reversed(&ccw);
    let a = RequestArea::from_geojson(&closed(&ccw)).unwrap();
    let b = RequestArea::from_geojson(&closed(&cw)).unwrap();
    // Canonical: the same ring, counter-clockwise, from the westernmost vertex.
    assert_eq!(a, b);
    let start = ccw.iter().position(|p| p == &a.ring()[0]).unwrap();
    let mut rotated = ccw.clone();
    rotated.rotate_left(start);
    assert_eq!(a.ring(), rotated.as_slice());
    assert!(a.ring().iter().all(|p| p[0] >= a.ring()[0][0]));
    // geo's unsigned area of a clockwise ring would be the Earth minus the polygon.
    assert!(a.area_m2() < MAX_AREA_M2);
}

#[test]
fn open_and_closed_rings_are_the_same_area() {
    let ring = star(PORTLAND, 5, 400.0, 0.0);
    let open = GeoJsonPolygon { coordinates: vec![ring.clone()] };
    assert_eq!(
        RequestArea::from_geojson(&open).unwrap(),
        RequestArea::from_geojson(&closed(&ring)).unwrap()
    );
}

#[test]
fn vertex_counts_at_the_boundaries() {
    // 2 distinct vertices, even when closed or repeated.
    let two = GeoJsonPolygon {
        coordinates: vec![vec![
            [-122.68, 45.51],
            [-122.67, 45.52],
            [-122.67, 45.52],
            [-122.68, 45.51],
        ]],
    };
    assert_eq!(codes(&two), ["area_too_few_vertices"]);
    assert!(RequestArea::errors(&two)[0].to_string().contains("2 distinct corners"));
    let one = GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.51]]] };
    assert_eq!(codes(&one), ["area_too_few_vertices"]);

    let three = star(PORTLAND, 3, 700.0, 0.0);
    assert!(codes(&closed(&three)).is_empty());

    let max = star(PORTLAND, MAX_VERTICES, 500.0, 0.2);
    assert!(codes(&closed(&max)).is_empty());
    let too_many = star(PORTLAND, MAX_VERTICES + 1, 500.0, 0.2);
    assert_eq!(codes(&closed(&too_many)), ["area_too_many_vertices"]);

    // 201 positions of which 2 repeat: 200 distinct vertices, accepted.
    let mut repeated = max.clone();
    repeated.insert(10, repeated[10]);
    assert_eq!(repeated.len(), MAX_VERTICES + 1);
    assert!(codes(&closed(&repeated)).is_empty());
}

#[test]
fn crossing_outlines_are_refused() {
    // A bowtie of about 0.2 sq mi: its area would otherwise pass.
    let bowtie = GeoJsonPolygon {
        coordinates: vec![vec![
            [-122.690, 45.510],
            [-122.670, 45.520],
            [-122.670, 45.510],
            [-122.690, 45.520],
            [-122.690, 45.510],
        ]],
    };
    assert_eq!(codes(&bowtie), ["area_self_intersects"]);
    // A ring touching itself at one vertex.
    let eight = GeoJsonPolygon {
        coordinates: vec![vec![
            [-122.690, 45.510],
            [-122.680, 45.515],
            [-122.670, 45.510],
            [-122.670, 45.520],
            [-122.680, 45.515],
            [-122.690, 45.520],
        ]],
    };
    assert_eq!(codes(&eight), ["area_self_intersects"]);
}

#[test]
fn holes_are_refused_but_the_outline_is_still_checked() {
    let outer = star(PORTLAND, 8, 500.0, 0.0);
    let inner = reversed(&star(PORTLAND, 4, 100.0, 0.0));
    let mut polygon = closed(&outer);
    polygon.coordinates.push(closed(&inner).coordinates.remove(0));
    assert_eq!(codes(&polygon), ["area_has_holes"]);

    let mut big = closed(&star(PORTLAND, 8, 2_000.0, 0.0));
    big.coordinates.push(closed(&inner).coordinates.remove(0));
    assert_eq!(codes(&big), ["area_has_holes", "area_too_large"]);
}

#[test]
fn the_antimeridian_is_refused() {
    // Fiji: 0.2 sq mi straddling 180°.
    let across = GeoJsonPolygon {
        coordinates: vec![vec![
            [179.996, -16.80],
            [-179.996, -16.80],
            [-179.996, -16.795],
            [179.996, -16.795],
            [179.996, -16.80],
        ]],
    };
    assert_eq!(codes(&across), ["area_crosses_antimeridian"]);
    // Touching 180° from one side is fine.
    let touching = GeoJsonPolygon {
        coordinates: vec![vec![
            [179.992, -16.80],
            [180.0, -16.80],
            [180.0, -16.795],
            [179.992, -16.795],
        ]],
    };
    assert_eq!(codes(&touching), Vec::<&str>::new());
}

#[test]
fn coordinates_out_of_range_are_refused() {
    let base = star(PORTLAND, 5, 500.0, 0.0);
    for bad in [
        [181.0, 45.5],
        [-180.5, 45.5],
        [-122.0, 90.01],
        [-122.0, -91.0],
        [f64::NAN, 45.5],
        [-122.0, f64::INFINITY],
    ] {
        let mut ring = base.clone();
        ring[2] = bad;
        let errors = RequestArea::errors(&closed(&ring));
        assert_eq!(errors.len(), 1, "{bad:?}");
        assert_eq!(errors[0].code(), "area_coordinate_out_of_range", "{bad:?}");
    }
    // Latitude and longitude swapped, as from a Leaflet LatLng sent unconverted.
    let swapped: Vec<[f64; 2]> = base.iter().map(|&[lng, lat]| [lat, lng]).collect();
    assert_eq!(codes(&closed(&swapped)), ["area_coordinate_out_of_range"]);
}

#[test]
fn empty_polygons_are_invalid() {
    assert_eq!(codes(&GeoJsonPolygon { coordinates: vec![] }), ["area_invalid"]);
    assert_eq!(codes(&GeoJsonPolygon { coordinates: vec![vec![]] }), ["area_invalid"]);
}

#[test]
fn bounding_box_is_west_south_east_north() {
    let ring = star(PORTLAND, 4, 500.0, 0.0);
    let area = RequestArea::from_geojson(&closed(&ring)).unwrap();
    let [w, s, e, n] = area.bounding_box();
    assert!(w < PORTLAND[0] && PORTLAND[0] < e && s < PORTLAND[1] && PORTLAND[1] < n);
    assert_eq!(w, ring.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min));
    assert_eq!(n, ring.iter().map(|p| p[1]).fold(f64::NEG_INFINITY, f64::max));
}

#[test]
fn serde_refuses_invalid_areas_and_round_trips_valid_ones() {
    let bad = r#"{"type":"Polygon","coordinates":[[[-122.69,45.51],[-122.67,45.52],[-122.67,45.51],[-122.69,45.52],[-122.69,45.51]]]}"#;
    let err = serde_json::from_str::<RequestArea>(bad).unwrap_err();
    assert!(err.to_string().contains("area_self_intersects"), "{err}");

    let area =
        RequestArea::from_geojson(&closed(&reversed(&star(PORTLAND, 6, 400.0, 0.1)))).unwrap();
    let json = serde_json::to_string(&area).unwrap();
    assert!(json.starts_with(r#"{"type":"Polygon","coordinates":[[["#), "{json}");
    assert_eq!(serde_json::from_str::<RequestArea>(&json).unwrap(), area);
}

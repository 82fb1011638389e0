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

/// Any JSON-representable draft, mostly nonsense: strings from a few plausible and
/// hostile shapes, coordinates anywhere (including NaN and infinities).
fn any_draft() -> impl Strategy<Value = porchlight_domain::wire::RequestDraftInput> {
    use porchlight_domain::wire::{
        AttestationsInput, ContactInput, RequestDraftInput, TimeFrameInput,
    };
    let text = || prop_oneof![".{0,50}", "[a-z_]{0,16}", "[ -~]{0,300}", Just(String::new())];
    let timestamp = || {
        prop_oneof![
            "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9](\\.[0-9]{1,9})?(Z|[+-][01][0-9]:[0-5][0-9])",
            ".{0,30}",
        ]
    };
    let coordinate = prop_oneof![-200.0..200.0f64, Just(f64::NAN), Just(f64::INFINITY), Just(-0.0)];
    let ring = prop::collection::vec([coordinate.clone(), coordinate], 0..8);
    (
        (text(), text(), text(), text()),
        (prop::option::of(text()), prop::option::of(text())),
        (timestamp(), timestamp()),
        prop::collection::vec(ring, 0..3),
    )
        .prop_map(
            |(
                (incident_type, case_number, title, description),
                (email, phone),
                (start, end),
                coordinates,
            )| {
                RequestDraftInput {
                    incident_type,
                    case_number,
                    title,
                    description,
                    contact: ContactInput { email, phone },
                    time_frame: TimeFrameInput { start, end },
                    area: GeoJsonPolygon { coordinates },
                    attestations: AttestationsInput::CONFIRMED,
                    language: None,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn validation_never_panics_and_errors_are_complete(input in any_draft(), existing in 0..4u32) {
        let now = time::macros::datetime!(2026-11-28 08:00 UTC);
        match porchlight_domain::RequestDraft::validate(&input, now, existing) {
            Ok(draft) => {
                // A valid draft's normalised wire form is valid too, and the same draft.
                let again = porchlight_domain::RequestDraft::validate(&draft.to_input(), now, existing);
                prop_assert_eq!(again, Ok(draft));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(!e.to_string().is_empty() && !e.code().is_empty() && !e.field().is_empty());
                }
            }
        }
    }
}

/// Drafts that follow every rule, varied within the limits.
fn valid_draft() -> impl Strategy<Value = porchlight_domain::wire::RequestDraftInput> {
    use porchlight_domain::IncidentType;
    use porchlight_domain::wire::{
        AttestationsInput, ContactInput, RequestDraftInput, TimeFrameInput,
    };
    use time::format_description::well_known::Rfc3339;
    let now = time::macros::datetime!(2026-11-28 08:00 UTC);
    (
        (
            0..IncidentType::ALL.len(),
            "[A-Z0-9][A-Z0-9#/. -]{0,38}[A-Z0-9]",
            "[A-Z][a-z ]{3,118}[a-z]",
            "[A-Za-z][A-Za-z0-9 ,.\n]{18,400}[a-z.]",
        ),
        prop_oneof![
            ("[a-z]{1,10}@[a-z]{1,10}\\.[a-z]{2,5}", Just(None)).prop_map(|(e, p)| (Some(e), p)),
            "\\+?[0-9]{3} [0-9]{3}[ -][0-9]{1,9}".prop_map(|p| (None, Some(p))),
        ],
        (0..(179 * 24 * 3600i64), (15 * 60..=12 * 3600i64)),
        (-175.0..175.0f64, -85.0..85.0f64, 3..=200usize, 150.0..800.0f64, 0.0..0.3f64),
    )
        .prop_map(
            move |(
                (kind, case_number, title, description),
                (email, phone),
                (ago, length),
                (lng, lat, n, r, w),
            )| {
                let end = now - time::Duration::seconds(ago);
                let start = end - time::Duration::seconds(length);
                RequestDraftInput {
                    incident_type: IncidentType::ALL[kind].as_str().to_owned(),
                    case_number,
                    title,
                    description,
                    contact: ContactInput { email, phone },
                    time_frame: TimeFrameInput {
                        start: start.format(&Rfc3339).unwrap(),
                        end: end.format(&Rfc3339).unwrap(),
                    },
                    area: GeoJsonPolygon { coordinates: vec![star([lng, lat], n, r, w)] },
                    attestations: AttestationsInput::CONFIRMED,
                    language: None,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn valid_drafts_pass_and_survive_the_wire(input in valid_draft()) {
        let now = time::macros::datetime!(2026-11-28 08:00 UTC);
        let draft = porchlight_domain::RequestDraft::validate(&input, now, 1);
        let draft = match draft {
            Ok(draft) => draft,
            // Only the area may miss its limits: the radius range spans them.
            Err(errors) => {
                prop_assert!(errors.iter().all(|e| matches!(e.code(), "area_too_small" | "area_too_large")), "{errors:?}");
                return Ok(());
            }
        };
        let json = serde_json::to_string(&draft).unwrap();
        let back: porchlight_domain::wire::RequestDraftInput = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(porchlight_domain::RequestDraft::validate(&back, now, 1), Ok(draft));
    }
}

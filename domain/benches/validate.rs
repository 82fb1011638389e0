//! Validation time of a whole draft for areas of 4, 64 and 200 vertices
//! (`cargo bench -p porchlight-domain`). Goal: ≤ 50 µs at 64 vertices.

#[path = "../tests/support/polygons.rs"]
mod polygons;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use porchlight_domain::wire::{
    AttestationsInput, ContactInput, GeoJsonPolygon, RequestDraftInput, TimeFrameInput,
};
use porchlight_domain::{RequestArea, RequestDraft, geodesic_area_m2};
use time::macros::datetime;

fn draft(vertices: usize) -> RequestDraftInput {
    // About 0.3 sq mi around downtown Portland, with a wobbly (concave) outline.
    let mut ring = polygons::star([-122.6784, 45.5152], vertices, 500.0, 0.25);
    ring.push(ring[0]);
    RequestDraftInput {
        incident_type: "burglary".into(),
        case_number: "26-118233".into(),
        title: "Footage near 5th and Pine".into(),
        description: "Looking for footage of a person carrying a red bicycle.".into(),
        contact: ContactInput {
            email: Some("detective@city.example".into()),
            phone: Some("+1 503 555 0100".into()),
        },
        time_frame: TimeFrameInput {
            start: "2026-11-27T21:00:00Z".into(),
            end: "2026-11-27T23:00:00Z".into(),
        },
        area: GeoJsonPolygon { coordinates: vec![ring] },
        attestations: AttestationsInput::CONFIRMED,
        language: None,
    }
}

fn bench(c: &mut Criterion) {
    let now = datetime!(2026-11-28 08:00 UTC);
    let mut group = c.benchmark_group("validate");
    for vertices in [4, 64, 200] {
        let input = draft(vertices);
        assert!(RequestDraft::validate(&input, now, 0).is_ok());
        group.bench_with_input(BenchmarkId::new("draft", vertices), &input, |b, input| {
            b.iter(|| RequestDraft::validate(black_box(input), black_box(now), 0))
        });
        group.bench_with_input(BenchmarkId::new("area", vertices), &input.area, |b, area| {
            b.iter(|| RequestArea::from_geojson(black_box(area)))
        });
        // The Karney area alone, to see what the other checks cost.
        let ring = &input.area.coordinates[0];
        group.bench_with_input(BenchmarkId::new("geodesic_area", vertices), ring, |b, ring| {
            b.iter(|| geodesic_area_m2(black_box(ring)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

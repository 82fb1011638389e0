//! Browser benchmarks (issue 9) of single components, run by `scripts/bench-browser.sh`
//! in headless Chromium, never by the normal test run (they need `--features bench`).
//! Each prints `BENCH <name> <value> <unit>` lines that the script puts beside the goals.
//! They run the test build of the crate (the `wasm-release` profile, but not wasm-opt),
//! not the shipped bytes: the map and the feed are measured on the shipped build by
//! `e2e/tests/bench_map.rs`, and the script runs only the validation from here.
//! - the feed: the most rows in the DOM while scrolling through 10 000 requests
//!   (`tests/web_feed.rs` asserts the rows and the reach in the component suite);
//! - the rules: validating a draft with a 64-vertex area in wasm.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

#[path = "support/web.rs"]
mod support;

use leptos::prelude::*;
use porchlight_app::components::{VirtualFeed, MAX_RENDERED_ROWS};
use porchlight_domain::wire::{
    AttestationsInput, ContactInput, GeoJsonPolygon, PublishedRequest, RequestDraftInput, TimeFrameInput,
};
use porchlight_domain::RequestDraft;
use support::document;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// Resolves at the next animation frame: by then the browser has rendered.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn report(name: &str, value: f64, unit: &str) {
    web_sys::console::log_1(&JsValue::from_str(&format!("BENCH {name} {value:.1} {unit}")));
}

fn request(i: usize) -> PublishedRequest {
    serde_json::from_value(serde_json::json!({
        "id": i as i64 + 1, "agency": {"slug": "bench-metro-police", "name": "Bench Metro Police Bureau"},
        "incident_type": "theft", "case_number": format!("B-{i}"), "title": format!("Package theft near Main St #{i}"),
        "description": "Looking for doorbell footage of a person taking parcels from porches.",
        "contact": {"email": "records@bench.example"},
        "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]},
        "area_m2": 300000.0, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn feed_scrolling_10_000_items() {
    let container = fresh_container();
    let scroller = document().create_element("div").unwrap();
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(".bench-scroller { height: 800px; width: 400px; overflow-y: auto; }"));
    container.append_child(&style).unwrap();
    scroller.set_class_name("bench-scroller");
    container.append_child(&scroller).unwrap();
    let items = RwSignal::new((0..10_000).map(request).collect::<Vec<_>>());
    let start = now_ms();
    let _handle = leptos::mount::mount_to(scroller.clone().unchecked_into(), move || {
        view! { <VirtualFeed items=items label="Requests"/> }
    });
    leptos::task::tick().await;
    next_frame().await;
    report("feed_first_render_10000", now_ms() - start, "ms");

    let rows = |root: &web_sys::Element| root.query_selector_all("li[data-testid='feed-item']").unwrap().length();
    let mut most = rows(&scroller);
    let mut slowest: f64 = 0.0;
    let mut steps = 0;
    let mut last_seen = String::new();
    loop {
        let before = scroller.scroll_top();
        let t = now_ms();
        scroller.set_scroll_top(before + 600);
        next_frame().await;
        leptos::task::tick().await;
        slowest = slowest.max(now_ms() - t);
        most = most.max(rows(&scroller));
        steps += 1;
        if scroller.scroll_top() == before || steps > 5_000 {
            break;
        }
        let rendered = scroller.query_selector_all("li[data-testid='feed-item']").unwrap();
        if let Some(last) = rendered.item(rendered.length().saturating_sub(1)) {
            let last: web_sys::Element = last.unchecked_into();
            last_seen = last.get_attribute("aria-posinset").unwrap_or_default();
        }
    }
    report("feed_max_dom_rows_10000", most as f64, "rows");
    report("feed_scroll_step_worst", slowest, "ms");
    web_sys::console::log_1(&format!("feed: {steps} scroll steps, last row reached {last_seen}").into());
    assert!(most as usize <= MAX_RENDERED_ROWS, "{most} rows in the DOM");
    assert_eq!(last_seen, "10000", "scrolling reaches the last request");
}

#[wasm_bindgen_test]
fn validate_64_vertex_area() {
    // A circle of 0.3 sq mi around Pioneer Courthouse Square, as the form makes it.
    let (lat, lng): (f64, f64) = (45.5189, -122.6793);
    let radius_m = (0.3 * porchlight_domain::SQUARE_MILE_M2 / std::f64::consts::PI).sqrt();
    let mut ring: Vec<[f64; 2]> = (0..64)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / 64.0;
            [lng + radius_m * a.cos() / (111_320.0 * lat.to_radians().cos()), lat + radius_m * a.sin() / 111_320.0]
        })
        .collect();
    ring.push(ring[0]);
    let input = RequestDraftInput {
        incident_type: "burglary".into(),
        case_number: "26-118233".into(),
        title: "Footage near 5th and Pine".into(),
        description: "Looking for footage of a person carrying a red bicycle.".into(),
        contact: ContactInput { email: Some("detective@city.example".into()), phone: None },
        time_frame: TimeFrameInput { start: "2026-11-27T21:00:00Z".into(), end: "2026-11-27T23:00:00Z".into() },
        area: GeoJsonPolygon { coordinates: vec![ring] },
        attestations: AttestationsInput::CONFIRMED,
        language: None,
    };
    let now = time::macros::datetime!(2026-11-28 08:00 UTC);
    assert!(RequestDraft::validate(&input, now, 0).is_ok());
    // 40 batches of 100: the fastest batch is the figure (what the code costs when the
    // machine lets it run; other jobs only ever add time), the median is printed too.
    let (batches, runs) = (40, 100);
    let mut per_call_us: Vec<f64> = (0..batches)
        .map(|_| {
            let start = now_ms();
            for _ in 0..runs {
                let verdict = RequestDraft::validate(std::hint::black_box(&input), now, 0);
                std::hint::black_box(verdict.is_ok());
            }
            (now_ms() - start) * 1000.0 / runs as f64
        })
        .collect();
    per_call_us.sort_by(f64::total_cmp);
    report("validate_64_vertex_draft", per_call_us[0], "us");
    report("validate_64_vertex_draft_median", per_call_us[batches / 2], "us");
}

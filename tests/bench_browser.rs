//! Browser benchmarks (issue 9), run by `scripts/bench-browser.sh` in headless Chromium,
//! never by the normal test run (they need `--features bench`). Each prints
//! `BENCH <name> <value> <unit>` lines that the script puts beside the goals.
//! - the map: time to first render and to redraw after a pan with 1 000 / 10 000 /
//!   100 000 request areas drawn one by one (Canvas), and with the grid cells the page
//!   draws instead once a view holds more than `MAX_MAP_AREAS`;
//! - the feed: the most rows in the DOM while scrolling through 10 000 requests, and
//!   the slowest scroll step (tests/web_feed.rs asserts the rows and the reach);
//! - the rules: validating a draft with a 64-vertex area in wasm.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

#[path = "support/web.rs"]
mod support;

use leaflet::Map;
use leptos::prelude::*;
use porchlight_app::components::{VirtualFeed, MAX_RENDERED_ROWS};
use porchlight_app::map::{MapArea, MapView};
use porchlight_domain::wire::{
    AttestationsInput, ContactInput, GeoJsonPolygon, GridCell, LatLng, MapView as View, PublishedRequest,
    RequestDraftInput, TimeFrameInput,
};
use porchlight_domain::RequestDraft;
use support::document;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn report(name: &str, value: f64, unit: &str) {
    web_sys::console::log_1(&JsValue::from_str(&format!("BENCH {name} {value:.1} {unit}")));
}

/// A deterministic pseudo-random sequence (no clock, no crate).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A hexagon of about 0.1 sq mi around (lat, lng).
fn hexagon(lat: f64, lng: f64) -> GeoJsonPolygon {
    let r = 0.0025;
    let mut ring: Vec<[f64; 2]> = (0..6)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / 6.0;
            [lng + r * a.cos() / lat.to_radians().cos(), lat + r * a.sin()]
        })
        .collect();
    ring.push(ring[0]);
    GeoJsonPolygon { coordinates: vec![ring] }
}

/// `n` areas spread over the view of a 1280×800 map at zoom 12 around Portland.
fn areas(n: usize) -> Vec<MapArea> {
    let mut rng = Lcg(n as u64);
    (0..n)
        .map(|i| MapArea {
            id: i as i64 + 1,
            title: format!("Request {i}"),
            resolved: i % 3 == 0,
            area: hexagon(45.43 + rng.next() * 0.17, -122.90 + rng.next() * 0.44),
            published: true,
        })
        .collect()
}

/// The cells `GET /requests/grid` returns for that view at zoom 12 (64 px cells):
/// at most one per cell, whatever the number of requests.
fn cells(n: usize) -> Vec<GridCell> {
    let cell = 360.0 / 4096.0 / 4.0;
    let mut counts = std::collections::BTreeMap::<(i64, i64), u64>::new();
    for a in areas(n) {
        let [lng, lat] = a.area.coordinates[0][0];
        *counts.entry((((lng + 180.0) / cell) as i64, ((lat + 90.0) / cell) as i64)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((gx, gy), count)| {
            let (w, s) = (gx as f64 * cell - 180.0, gy as f64 * cell - 90.0);
            GridCell {
                bbox: [w, s, w + cell, s + cell],
                center: LatLng { lat: s + cell / 2.0, lng: w + cell / 2.0 },
                count,
                open: count / 2,
            }
        })
        .collect()
}

fn big_map_container() -> web_sys::HtmlElement {
    let container = fresh_container();
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(".bench-map .map-view { width: 1280px; height: 800px; }"));
    container.append_child(&style).unwrap();
    container.set_class_name("bench-map");
    container
}

/// Mounts a map drawing `shapes`, then pans it; reports both times.
async fn map_case(label: &str, draw_areas: Vec<MapArea>, draw_cells: Vec<GridCell>) {
    inject_leaflet();
    let container = big_map_container();
    let map_ref = StoredValue::new_local(None::<Map>);
    let areas = RwSignal::new(Vec::<MapArea>::new());
    let cells = RwSignal::new(Vec::<GridCell>::new());
    let _handle = leptos::mount::mount_to(container.clone().unchecked_into(), move || {
        view! {
            <MapView initial=View { lat: 45.515, lng: -122.68, zoom: 12.0 } areas=areas cells=cells map_ref=map_ref/>
        }
    });
    leptos::task::tick().await;
    wait_for(&container, ".leaflet-container").await;
    next_frame().await;

    let start = now_ms();
    areas.set(draw_areas);
    cells.set(draw_cells);
    leptos::task::tick().await;
    next_frame().await;
    report(&format!("map_first_render_{label}"), now_ms() - start, "ms");

    let map = map_ref.get_value().expect("the map is mounted");
    let mut worst: f64 = 0.0;
    for dx in [300.0, -300.0, 0.0] {
        let offset = js_sys::Array::of2(&JsValue::from_f64(dx), &JsValue::from_f64(150.0));
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"animate".into(), &JsValue::FALSE).unwrap();
        let pan_by: js_sys::Function = js_sys::Reflect::get(&map, &"panBy".into()).unwrap().unchecked_into();
        let start = now_ms();
        pan_by.call2(&map, &offset, &options).unwrap();
        next_frame().await;
        worst = worst.max(now_ms() - start);
    }
    report(&format!("map_pan_redraw_{label}"), worst, "ms");
}

#[wasm_bindgen_test]
async fn map_1_000_areas() {
    map_case("areas_1000", areas(1_000), Vec::new()).await;
}

#[wasm_bindgen_test]
async fn map_10_000_areas() {
    map_case("areas_10000", areas(10_000), Vec::new()).await;
}

#[wasm_bindgen_test]
async fn map_100_000_areas() {
    map_case("areas_100000", areas(100_000), Vec::new()).await;
}

#[wasm_bindgen_test]
async fn map_grid_cells_for_1_000_10_000_100_000() {
    for n in [1_000, 10_000, 100_000] {
        let cells = cells(n);
        report(&format!("map_grid_cells_{n}"), cells.len() as f64, "shapes");
        map_case(&format!("grid_{n}"), Vec::new(), cells).await;
    }
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
    // What this scroll must reach and the most rows it may render are asserted by the
    // component suite (tests/web_feed.rs), which CI runs; this prints the figures.
    web_sys::console::log_1(
        &format!(
            "feed: {steps} scroll steps, last row reached {last_seen}, at most {most} of {MAX_RENDERED_ROWS} rows"
        )
        .into(),
    );
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

//! The map page's two ways of drawing the requests in view, against a fake API that
//! answers `GET /requests/grid` as api/openapi.yaml says: more than 300 requests in
//! view → one numbered circle per grid cell (and a note saying why); 300 or fewer →
//! every request's area; a grid answer that fails or cannot be read → the areas, as
//! if there were few. Each switch is tested both ways, on the same mounted page.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use std::collections::BTreeSet;

use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Two requests in view of the default map (Portland, zoom 13).
const TWO_REQUESTS: &str = r#"{"items":[
 {"id":7,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
  "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
  "description":"Bicycle.","contact":{"email":"detective@city.example"},
  "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
  "area":{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]},
  "area_m2":400000.0,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null},
 {"id":8,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
  "incident_type":"theft","case_number":"26-000042","title":"Package taken on Oak St",
  "description":"A parcel.","contact":{"phone":"+1 503 555 0100"},
  "time_frame":{"start":"2026-11-20T02:00:00Z","end":"2026-11-20T03:00:00Z"},
  "area":{"type":"Polygon","coordinates":[[[-122.66,45.52],[-122.65,45.52],[-122.65,45.53],[-122.66,45.52]]]},
  "area_m2":400000.0,"created_at":"2026-11-21T08:00:00Z","status":"resolved",
  "resolution":{"note":null,"resolved_at":"2026-11-25T08:00:00Z"}}
],"next":null,"hidden_by_preference":false}"#;

/// A cell's edge at zoom 13: 360° / 2¹³ / 4.
const CELL_DEG: f64 = 0.010986328125;

/// 301 requests in three cells (the middle one all resolved).
fn grid_301() -> String {
    grid_json(CELL_DEG, &[([45.515, -122.68], 150, 150), ([45.52, -122.67], 100, 0), ([45.51, -122.69], 51, 20)])
}

/// Exactly 300 requests, in two cells.
fn grid_300() -> String {
    grid_json(CELL_DEG, &[([45.515, -122.68], 299, 200), ([45.52, -122.67], 1, 1)])
}

const GRID_FAILED: &str = r#"{"error":{"code":"unavailable","message":"The database is busy, try again."},"errors":[{"code":"unavailable","message":"The database is busy, try again."}]}"#;

/// The fake API with `grid` as the answer to `GET /requests/grid`.
fn routes(grid: (u16, &str)) -> [(&str, u16, &str); 4] {
    [
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid?", grid.0, grid.1),
        ("/api/v1/requests?", 200, TWO_REQUESTS),
    ]
}

/// Keeps every Leaflet map created from now on in `window.__maps` (Leaflet's own
/// `addInitHook`), so a test can walk the layers of a map a page made.
fn record_maps() {
    let window = web_sys::window().unwrap();
    if js_sys::Reflect::has(&window, &"__maps".into()).unwrap() {
        return;
    }
    js_sys::Reflect::set(&window, &"__maps".into(), &js_sys::Array::new()).unwrap();
    js_sys::eval("L.Map.addInitHook(function () { window.__maps.push(this); })").unwrap();
}

/// The Leaflet map drawn inside `root`.
fn map_in(root: &web_sys::Element) -> JsValue {
    let maps: js_sys::Array =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__maps".into()).unwrap().unchecked_into();
    maps.iter()
        .find(|map| {
            let container: web_sys::Node = js_sys::Reflect::get(map, &"_container".into()).unwrap().unchecked_into();
            root.contains(Some(&container))
        })
        .expect("a Leaflet map in the page")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

/// What the map shows, from its layers.
#[derive(Debug, Default, PartialEq)]
struct Drawn {
    /// Request ids of the polygons drawn.
    areas: BTreeSet<i64>,
    /// `(count label, [lat, lng], colour, radius px)` of each circle, sorted.
    cells: Vec<(String, [f64; 2], String, f64)>,
}

fn drawn(root: &web_sys::Element) -> Drawn {
    let map = map_in(root);
    let layers = std::rc::Rc::new(std::cell::RefCell::new(Drawn::default()));
    let sink = layers.clone();
    let visit = wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |layer: JsValue| {
        let options = get(&layer, "options");
        if let Some(id) = get(&options, "requestId").as_f64() {
            sink.borrow_mut().areas.insert(id as i64);
        } else if get(&layer, "_radius").as_f64().is_some() {
            let tooltip = get(&layer, "_tooltip");
            let label = if tooltip.is_undefined() || tooltip.is_null() {
                String::new()
            } else {
                get(&tooltip, "_content").as_string().unwrap_or_default()
            };
            let at = get(&layer, "_latlng");
            sink.borrow_mut().cells.push((
                label,
                [get(&at, "lat").as_f64().unwrap(), get(&at, "lng").as_f64().unwrap()],
                get(&options, "color").as_string().unwrap_or_default(),
                get(&options, "radius").as_f64().unwrap_or_default(),
            ));
        }
    });
    let each: js_sys::Function = get(&map, "eachLayer").unchecked_into();
    each.call1(&map, visit.as_ref()).unwrap();
    let mut shown = layers.take();
    shown.cells.sort_by(|a, b| a.0.cmp(&b.0));
    shown
}

/// The count labels Leaflet put on the page (permanent tooltips), sorted.
fn count_labels(root: &web_sys::Element) -> Vec<String> {
    let mut labels: Vec<String> = all(root, ".leaflet-tooltip.cell-count").iter().map(text).collect();
    labels.sort();
    labels
}

fn grid_note(root: &web_sys::Element) -> Option<String> {
    root.query_selector("[data-testid='map-grid-note']").unwrap().map(|note| text(&note))
}

const NOTE: &str = "Too many requests to draw here: each circle shows how many are in its part of the map. \
                    Zoom in, or select a circle, to see their areas.";

/// The three circles of [`grid_301`]: labelled with their counts, orange while any
/// request in them is open, grey when all are resolved, larger for more requests.
fn cells_301() -> Vec<(String, [f64; 2], String, f64)> {
    vec![
        ("100".to_owned(), [45.52, -122.67], "#4b5563".to_owned(), 18.0),
        ("150".to_owned(), [45.515, -122.68], "#c2410c".to_owned(), 10.0 + 4.0 * 150f64.log10()),
        ("51".to_owned(), [45.51, -122.69], "#c2410c".to_owned(), 10.0 + 4.0 * 51f64.log10()),
    ]
}

/// Waits (up to 3 s: Leaflet fades a closed tooltip out over 200 ms) until the map shows
/// the cells of [`grid_301`], then asserts all of it.
async fn expect_cells(root: &web_sys::Element, when: &str) {
    for _ in 0..60 {
        if drawn(root).areas.is_empty() && count_labels(root).len() == 3 && grid_note(root).is_some() {
            break;
        }
        sleep(50).await;
    }
    assert_cells(root, when);
}

/// Waits as [`expect_cells`] does until the map shows the two areas, then asserts it.
async fn expect_areas(root: &web_sys::Element, when: &str) {
    for _ in 0..60 {
        let shown = drawn(root);
        if shown.areas.len() == 2
            && shown.cells.is_empty()
            && count_labels(root).is_empty()
            && grid_note(root).is_none()
        {
            break;
        }
        sleep(50).await;
    }
    assert_areas(root, when);
}

fn assert_cells(root: &web_sys::Element, when: &str) {
    let shown = drawn(root);
    assert!(shown.areas.is_empty(), "{when}: areas drawn beside the cells: {:?}", shown.areas);
    assert_eq!(shown.cells.len(), 3, "{when}: {shown:?}");
    for (got, want) in shown.cells.iter().zip(cells_301()) {
        assert_eq!((&got.0, got.1, &got.2), (&want.0, want.1, &want.2), "{when}");
        assert!((got.3 - want.3).abs() < 1e-9, "{when}: radius {} for {}", got.3, want.0);
    }
    assert_eq!(count_labels(root), ["100", "150", "51"], "{when}");
    assert_eq!(grid_note(root).as_deref(), Some(NOTE), "{when}");
}

fn assert_areas(root: &web_sys::Element, when: &str) {
    let shown = drawn(root);
    assert_eq!(shown.areas, BTreeSet::from([7, 8]), "{when}");
    assert!(shown.cells.is_empty(), "{when}: circles drawn beside the areas: {:?}", shown.cells);
    assert!(count_labels(root).is_empty(), "{when}: counts left on the map: {:?}", count_labels(root));
    assert_eq!(grid_note(root), None, "{when}");
}

/// Chooses a status in the feed's filter: the page reloads the feed and the grid.
async fn choose_status(root: &web_sys::Element, value: &str) {
    let before = requested_urls().iter().filter(|u| u.starts_with("/api/v1/requests/grid?")).count();
    let select: web_sys::HtmlSelectElement = root.query_selector("#status-filter").unwrap().unwrap().unchecked_into();
    select.set_value(value);
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    wait_until("the grid was asked again", || {
        requested_urls().iter().filter(|u| u.starts_with("/api/v1/requests/grid?")).count() > before
    })
    .await;
    leptos::task::tick().await;
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

async fn mount_map_page(grid: (u16, &str)) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    inject_leaflet();
    record_maps();
    fake_api(&routes(grid));
    go_to("/");
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let feed = wait_for(&container, "ul[data-testid='feed']").await;
    assert_eq!(all(&feed, "li[data-testid='feed-item']").len(), 2, "the feed lists the requests either way");
    (container, Box::new(handle))
}

#[wasm_bindgen_test]
async fn more_than_300_in_view_draws_cells_and_300_draws_areas_both_ways() {
    let grid = grid_301();
    let (container, _handle) = mount_map_page((200, &grid)).await;
    expect_cells(&container, "301 in view").await;
    // The grid is asked for the same requests as the feed, at the map's zoom.
    let asked = requested_urls().into_iter().find(|u| u.starts_with("/api/v1/requests/grid?")).unwrap();
    assert!(asked.contains("bbox=-122.") && asked.contains("zoom=13") && asked.contains("status=all"), "{asked}");
    let feed_asked = requested_urls().into_iter().find(|u| u.starts_with("/api/v1/requests?")).unwrap();
    let since = |url: &str| url.split('&').find(|p| p.starts_with("since=")).map(str::to_owned);
    assert_eq!(since(&asked), since(&feed_asked));

    // 300: each area is drawn, the circles and the note go.
    let grid = grid_300();
    set_routes(&routes((200, &grid)));
    choose_status(&container, "open").await;
    expect_areas(&container, "300 in view").await;
    assert!(requested_urls().iter().any(|u| u.starts_with("/api/v1/requests/grid?") && u.contains("status=open")));

    // 301 again: back to the cells.
    let grid = grid_301();
    set_routes(&routes((200, &grid)));
    choose_status(&container, "all").await;
    expect_cells(&container, "301 in view again").await;
    go_to("/");
}

#[wasm_bindgen_test]
async fn a_failed_grid_answer_draws_the_areas_from_either_state() {
    // Failing from the start: the areas show.
    let (container, _handle) = mount_map_page((503, GRID_FAILED)).await;
    expect_areas(&container, "the grid failed at once").await;

    // The grid answers 301: cells.
    let grid = grid_301();
    set_routes(&routes((200, &grid)));
    choose_status(&container, "open").await;
    expect_cells(&container, "301 after a failure").await;

    // Failing while the cells are shown: they go, the areas come back.
    set_routes(&routes((503, GRID_FAILED)));
    choose_status(&container, "resolved").await;
    expect_areas(&container, "the grid failed after cells").await;

    // An answer that is not a grid at all (200, but the feed's shape) counts as failed.
    set_routes(&routes((200, &grid)));
    choose_status(&container, "all").await;
    expect_cells(&container, "301 once more").await;
    set_routes(&routes((200, TWO_REQUESTS)));
    choose_status(&container, "open").await;
    expect_areas(&container, "the grid answer did not parse").await;
    go_to("/");
}

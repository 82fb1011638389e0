//! Whole pages against a fake API behind `window.fetch` (no network): the map page's
//! feed, filters, opt-out and error states; the request page's 404; the app's 404.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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

/// `GET /requests/grid` for [`TWO_REQUESTS`] at zoom 13: few enough to draw each area
/// (tests/web_map_grid.rs tests the cells).
fn two_in_the_grid() -> String {
    grid_json(0.010986328125, &[([45.52, -122.675], 1, 1), ([45.525, -122.655], 1, 0)])
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn location_search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

#[wasm_bindgen_test]
async fn map_page_lists_requests_in_view_and_refetches_on_filter_change() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid?", 200, &two_in_the_grid()),
        ("/api/v1/requests", 200, TWO_REQUESTS),
    ]);
    go_to("/");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);

    let feed = wait_for(&container, "ul[data-testid='feed']").await;
    let items = all(&feed, "li[data-testid='feed-item']");
    assert_eq!(items.len(), 2);
    assert!(text(&items[0]).contains("Footage near 5th and Pine") && text(&items[0]).contains("Open"));
    assert!(text(&items[1]).contains("Package taken on Oak St") && text(&items[1]).contains("Resolved"));
    // Default filters: every status, the last 30 days.
    let first = requested_urls().into_iter().find(|u| u.starts_with("/api/v1/requests?")).unwrap();
    assert!(first.contains("status=all"), "{first}");
    assert!(first.contains("since="), "{first}");
    // The legend explains both styles in words.
    let legend = text(&container.query_selector(".map-legend").unwrap().unwrap());
    assert!(legend.contains("Open") && legend.contains("Resolved"), "{legend}");

    // Choose "Open": the URL keeps the filter and the feed asks again.
    let select: web_sys::HtmlSelectElement =
        container.query_selector("#status-filter").unwrap().unwrap().unchecked_into();
    select.set_value("open");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    wait_until("the URL has status=open", || location_search().contains("status=open")).await;
    wait_until("the feed refetched with status=open", || {
        requested_urls().iter().any(|u| u.starts_with("/api/v1/requests?") && u.contains("status=open"))
    })
    .await;
    // The view went into the URL too, so the link reproduces it.
    let search = location_search();
    assert!(search.contains("lat=45.5") && search.contains("lng=-122.6") && search.contains("z=13"), "{search}");
    go_to("/");
}

#[wasm_bindgen_test]
async fn map_page_reads_view_and_filters_from_the_url() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        (
            "/api/v1/requests/grid?",
            200,
            r#"{"cell_deg":0.02197265625,"total":0,"cells":[],"hidden_by_preference":false}"#,
        ),
        ("/api/v1/requests", 200, r#"{"items":[],"next":null,"hidden_by_preference":false}"#),
    ]);
    go_to("/?lat=40.7128&lng=-74.006&z=12&status=resolved&period=all");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let empty = wait_for(&container, "[data-testid='feed-empty']").await;
    assert_eq!(text(&empty), "No requests in this area for this period.");
    let url = requested_urls().into_iter().find(|u| u.starts_with("/api/v1/requests?")).unwrap();
    // New York's bbox, resolved only, no lower date bound.
    assert!(url.contains("bbox=-74."), "{url}");
    assert!(url.contains("status=resolved"), "{url}");
    assert!(!url.contains("since="), "{url}");
    // The feed's Atom link follows the view the feed loaded.
    let numbers = |s: &str| -> Vec<f64> { s.split(',').map(|n| n.parse().unwrap()).collect() };
    let asked = url.replace("%2C", ",");
    let asked = numbers(asked.split("bbox=").nth(1).unwrap().split('&').next().unwrap());
    let link = container.query_selector("#feed-atom").unwrap().expect("the feed's Atom link");
    let href = link.get_attribute("href").unwrap();
    let (path, bbox) = href.split_once("?bbox=").unwrap_or_else(|| panic!("{href}"));
    assert_eq!(path, "/api/v1/feeds/requests.atom");
    let linked = numbers(bbox);
    assert_eq!(linked.len(), 4, "{href}");
    assert!(asked.iter().zip(&linked).all(|(a, b)| (a - b).abs() < 1e-5), "{asked:?} vs {href}");
    assert_eq!(link.get_attribute("type").as_deref(), Some("application/atom+xml"));
    let select: web_sys::HtmlSelectElement =
        container.query_selector("#period-filter").unwrap().unwrap().unchecked_into();
    assert_eq!(select.value(), "all");
    go_to("/");
}

#[wasm_bindgen_test]
async fn opted_out_resident_sees_the_notice_and_no_requests() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        (
            "/api/v1/me",
            200,
            r#"{"id":3,"email":"resident@porchlight.test","display_name":"Riley","role":"resident","agency":null,"hide_requests":true}"#,
        ),
        (
            "/api/v1/requests/grid?",
            200,
            r#"{"cell_deg":0.010986328125,"total":0,"cells":[],"hidden_by_preference":true}"#,
        ),
        ("/api/v1/requests", 200, r#"{"items":[],"next":null,"hidden_by_preference":true}"#),
    ]);
    go_to("/");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    wait_for(&container, "[data-testid='opt-out-notice']").await;
    // On the map and in the feed.
    wait_until("both notices", || all(&container, "[data-testid='opt-out-notice']").len() == 2).await;
    assert!(container.query_selector("[data-testid='feed-item']").unwrap().is_none());
    assert!(container.query_selector("[data-testid='feed-empty']").unwrap().is_none());
    assert!(text(&container).contains("Signed in as Riley"));
    go_to("/");
}

#[wasm_bindgen_test]
async fn feed_error_offers_a_retry_that_asks_again() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid?", 200, &two_in_the_grid()),
        (
            "/api/v1/requests",
            503,
            r#"{"error":{"code":"unavailable","message":"The database is busy, try again."},"errors":[{"code":"unavailable","message":"The database is busy, try again."}]}"#,
        ),
    ]);
    go_to("/");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let alert = wait_for(&container, ".feed-pane [role='alert']").await;
    assert!(text(&alert).contains("The database is busy, try again."), "{}", text(&alert));
    let calls = || requested_urls().iter().filter(|u| u.starts_with("/api/v1/requests?")).count();
    let before = calls();
    let retry: web_sys::HtmlElement = alert.query_selector("button").unwrap().unwrap().unchecked_into();
    assert_eq!(text(&retry), "Try again");
    retry.click();
    wait_until("a second fetch", || calls() == before + 1).await;
    go_to("/");
}

#[wasm_bindgen_test]
async fn request_page_loads_the_request_and_fits_its_area() {
    inject_leaflet();
    let one: serde_json::Value = serde_json::from_str(TWO_REQUESTS).unwrap();
    let request = one["items"][0].to_string();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        (
            "/api/v1/requests/7/moderation",
            200,
            r#"{"request_id":7,"reviewed_at":null,"report_count":0,"reported_by_me":false,"findings":[]}"#,
        ),
        ("/api/v1/requests/7", 200, &request),
    ]);
    go_to("/requests/7");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let details = wait_for(&container, "[data-testid='request-details']").await;
    assert_eq!(text(&details.query_selector("h1").unwrap().unwrap()), "Footage near 5th and Pine");
    let map = wait_for(&details, ".request-map .leaflet-container").await;
    // Fitted to the area once the map had a size, not zoomed to the maximum.
    sleep(300).await;
    assert!(map.query_selector(".leaflet-control-zoom-in").unwrap().is_some());
    assert!(
        map.query_selector(".leaflet-control-zoom-in.leaflet-disabled").unwrap().is_none(),
        "the small map is at its maximum zoom: it was fitted while 0×0"
    );
    go_to("/");
}

#[wasm_bindgen_test]
async fn unknown_request_is_a_404_page() {
    inject_leaflet();
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 401, SIGNED_OUT)]);
    go_to("/requests/999");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let missing = wait_for(&container, "[data-testid='request-not-found']").await;
    assert!(text(&missing).contains("Request not found"));
    assert!(requested_urls().contains(&"/api/v1/requests/999".to_owned()));
    go_to("/");
}

#[wasm_bindgen_test]
async fn unknown_path_is_the_not_found_page() {
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 401, SIGNED_OUT)]);
    go_to("/no/such/page");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let page = wait_for(&container, "[data-testid='not-found']").await;
    assert!(text(&page).contains("Page not found"));
    go_to("/");
}

//! The app shell in headless Chromium: header, navigation, the map page's Leaflet map,
//! and that unmounting removes the map.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn shell_shows_nav_and_map_then_removes_leaflet_on_unmount() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests", 200, r#"{"items":[],"next":null,"hidden_by_preference":false}"#),
    ]);
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some("/")).unwrap();

    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    // Header and navigation.
    let nav = wait_for(&container, "header nav[aria-label='Main']").await;
    let links: Vec<String> = all(&nav, "a").iter().map(text).collect();
    assert!(links.contains(&"Map".to_owned()), "nav links: {links:?}");
    assert!(links.contains(&"Agencies".to_owned()), "nav links: {links:?}");
    assert!(text(&container).contains("Porchlight"));
    assert!(container.query_selector("a.skip-link[href='#main']").unwrap().is_some());
    assert!(container.query_selector("main#main").unwrap().is_some());

    // The map page's Leaflet map, at the server's default view, with no tile layer.
    let map = wait_for(&container, ".map-view.leaflet-container").await;
    assert!(map.query_selector(".leaflet-map-pane").unwrap().is_some());
    assert!(js_sys::Reflect::has(&map, &"_leaflet_id".into()).unwrap(), "Leaflet owns the container");
    assert!(map.query_selector(".leaflet-tile-pane img").unwrap().is_none(), "no tiles with tile_url null");
    // The feed asked for the requests in view.
    wait_for(&container, "[data-testid='feed-empty']").await;
    let urls = requested_urls();
    let feed_url = urls.iter().find(|u| u.starts_with("/api/v1/requests?bbox=")).expect("a feed request");
    // The bbox is the real view around Portland (not a point: Leaflet measured the
    // container after it got its size).
    let bbox: Vec<f64> = feed_url["/api/v1/requests?bbox=".len()..]
        .split('&')
        .next()
        .unwrap()
        .split("%2C")
        .flat_map(|s| s.split(','))
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(bbox.len(), 4, "{feed_url}");
    assert!(bbox[0] < -122.6784 && -122.6784 < bbox[2], "{feed_url}");
    assert!(bbox[1] < 45.5152 && 45.5152 < bbox[3], "{feed_url}");
    assert!(bbox[2] - bbox[0] > 0.01 && bbox[3] - bbox[1] > 0.01, "a real area: {feed_url}");

    drop(handle);
    leptos::task::tick().await;

    // map.remove() ran: Leaflet let go of the container and took its panes away.
    assert!(!js_sys::Reflect::has(&map, &"_leaflet_id".into()).unwrap(), "map.remove() was not called");
    assert!(map.query_selector(".leaflet-map-pane").unwrap().is_none());
    assert!(document().query_selector(".leaflet-container").unwrap().is_none());
    assert_eq!(container.child_element_count(), 0);
}

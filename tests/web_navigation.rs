//! Client-side navigation: focus moves to the new page's heading and the nav marks the
//! current page. In a file of its own: a Router mounted by an earlier test in the same
//! page can keep its window click listener (its owner outlives the unmount) and swallow
//! link clicks.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

#[wasm_bindgen_test]
async fn navigation_moves_focus_to_the_new_page_heading() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests", 200, r#"{"items":[],"next":null,"hidden_by_preference":false}"#),
        ("/api/v1/agencies", 200, "[]"),
    ]);
    go_to("/");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let link = wait_for(&container, "nav a[href='/agencies']").await;
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_until("the agencies page", || web_sys::window().unwrap().location().pathname().unwrap() == "/agencies").await;
    wait_until("focus on its heading", || {
        document().active_element().is_some_and(|e| e.tag_name() == "H1" && text(&e) == "Agencies")
    })
    .await;
    // The nav marks the current page.
    let current = container.query_selector("nav a[aria-current='page']").unwrap().expect("a current link");
    assert_eq!(text(&current), "Agencies");
    go_to("/");
}

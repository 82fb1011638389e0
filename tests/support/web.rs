//! Helpers shared by the browser tests: Leaflet injection, a fake API behind
//! `window.fetch`, and waiting for the DOM.
#![allow(dead_code)]

use porchlight_app::i18n::{self, Lang};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

/// Leaflet's UMD build, run as an inline script so `window.L` exists at once (the test
/// runner's page loads only the test's own JS).
const LEAFLET_JS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/node_modules/leaflet/dist/leaflet.js"));
const LEAFLET_CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/node_modules/leaflet/dist/leaflet.css"));

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Defines `window.L` (once) and gives maps a real size.
pub fn inject_leaflet() {
    let window = web_sys::window().unwrap();
    if js_sys::Reflect::get(&window, &"L".into()).unwrap().is_undefined() {
        let doc = document();
        let script = doc.create_element("script").unwrap();
        script.set_text_content(Some(LEAFLET_JS));
        doc.head().unwrap().append_child(&script).unwrap();
        let style = doc.create_element("style").unwrap();
        style.set_text_content(Some(&format!("{LEAFLET_CSS}\n.map-view {{ height: 400px; width: 600px; }}")));
        doc.head().unwrap().append_child(&style).unwrap();
    }
    assert!(!js_sys::Reflect::get(&window, &"L".into()).unwrap().is_undefined(), "Leaflet did not load");
}

/// Replaces `window.fetch` with a fake API answering from `routes`: a list of
/// `(path prefix, status, JSON body)`, first match wins (the prefix may include the query
/// string); anything else is a JSON 404.
/// Every requested URL is recorded in `window.__requests`.
pub fn fake_api(routes: &[(&str, u16, &str)]) {
    let table = js_sys::Array::new();
    for (prefix, status, body) in routes {
        table.push(&js_sys::Array::of3(&(*prefix).into(), &JsValue::from(*status), &(*body).into()));
    }
    let fetch = js_sys::Function::new_with_args(
        "input, init",
        r#"
        return (async () => {
            const url = new URL(typeof input === 'string' ? input : input.url, location.href);
            window.__requests.push(url.pathname + url.search);
            const method = typeof input === 'string' ? ((init && init.method) || 'GET') : input.method;
            const body = typeof input === 'string' ? ((init && init.body) || '') : await input.clone().text();
            window.__calls.push(method + ' ' + url.pathname + (body ? ' ' + body : ''));
            for (const [prefix, status, text] of window.__routes) {
                if ((url.pathname + url.search).startsWith(prefix)) {
                    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } });
                }
            }
            return new Response('{"error":{"code":"not_found","message":"Not found."},"errors":[{"code":"not_found","message":"Not found."}]}',
                { status: 404, headers: { 'Content-Type': 'application/json' } });
        })();
        "#,
    );
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"__routes".into(), &table).unwrap();
    js_sys::Reflect::set(&window, &"__requests".into(), &js_sys::Array::new()).unwrap();
    js_sys::Reflect::set(&window, &"__calls".into(), &js_sys::Array::new()).unwrap();
    js_sys::Reflect::set(&window, &"fetch".into(), &fetch).unwrap();
}

/// The URLs the app fetched since [`fake_api`].
pub fn requested_urls() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let list: js_sys::Array = js_sys::Reflect::get(&window, &"__requests".into()).unwrap().unchecked_into();
    list.iter().filter_map(|v| v.as_string()).collect()
}

/// Changes the fake API's answers without forgetting what was requested.
pub fn set_routes(routes: &[(&str, u16, &str)]) {
    let table = js_sys::Array::new();
    for (prefix, status, body) in routes {
        table.push(&js_sys::Array::of3(&(*prefix).into(), &JsValue::from(*status), &(*body).into()));
    }
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__routes".into(), &table).unwrap();
}

/// Every call since [`fake_api`] as `"METHOD /path body"` (body only when sent).
pub fn calls() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let list: js_sys::Array = js_sys::Reflect::get(&window, &"__calls".into()).unwrap().unchecked_into();
    list.iter().filter_map(|v| v.as_string()).collect()
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Polls `condition` every 50 ms for up to 3 s; panics naming `what` if it never holds.
pub async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..60 {
        if condition() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting until {what}");
}

/// Resolves at the next animation frame: by then the browser has run what was
/// scheduled for it (Leaflet's Canvas redraw, a `scroll` event) and laid the page out.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Polls for `selector` inside `root` for up to 3 s.
pub async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..60 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        sleep(50).await;
    }
    panic!("no element matches {selector:?}; the page shows: {}", text(root));
}

/// The app's text files, as the loader fetches them: (language, JSON).
const TEXT_FILES: &[(Lang, &str)] = &[
    (Lang::En, include_str!("../../locales/en/map.json")),
    (Lang::En, include_str!("../../locales/en/pages.json")),
    (Lang::Es, include_str!("../../locales/es/map.json")),
    (Lang::Es, include_str!("../../locales/es/pages.json")),
];

/// The text of `lang`, every file merged, as the loader hands it to the app
/// (`window.porchlightText`).
pub fn text_of(lang: Lang) -> js_sys::Object {
    let merged = js_sys::Object::new();
    for (_, json) in TEXT_FILES.iter().filter(|(l, _)| *l == lang) {
        js_sys::Object::assign(&merged, &js_sys::JSON::parse(json).expect("a text file is JSON").unchecked_into());
    }
    merged
}

/// Shows the app in `lang`, as it starts after the loader chose it (`<html lang>` too).
pub fn show_language(lang: Lang) {
    i18n::set_text(lang, text_of(lang));
}

/// Shows English, the test browser's language, with no remembered choice.
pub fn english() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item(i18n::STORAGE_KEY).unwrap();
    show_language(Lang::En);
}

/// A fresh, attached element to mount into, with the app in English ([`english`]).
pub fn fresh_container() -> HtmlElement {
    english();
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Visible text with whitespace (including the narrow no-break spaces ICU puts before
/// AM/PM) collapsed to single spaces.
pub fn text(element: &Element) -> String {
    normalise(&element.text_content().unwrap_or_default())
}

pub fn normalise(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{202f}').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Every element matching `selector` under `root`.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

/// The answer of `GET /requests/grid` (api/openapi.yaml's `RequestGrid`): `cells` as
/// `(centre [lat, lng], count, open)`, each a square of `cell_deg` around its centre;
/// `total` is their counts' sum. Checked against the domain's wire type, so a test
/// cannot pass on an answer the app would fail to read.
pub fn grid_json(cell_deg: f64, cells: &[([f64; 2], u64, u64)]) -> String {
    let half = cell_deg / 2.0;
    let cells: Vec<serde_json::Value> = cells
        .iter()
        .map(|([lat, lng], count, open)| {
            serde_json::json!({
                "bbox": [lng - half, lat - half, lng + half, lat + half],
                "center": {"lat": lat, "lng": lng},
                "count": count,
                "open": open,
            })
        })
        .collect();
    let total: u64 =
        serde_json::Value::Array(cells.clone()).as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).sum();
    let body = serde_json::json!({"cell_deg": cell_deg, "total": total, "cells": cells, "hidden_by_preference": false})
        .to_string();
    let parsed: porchlight_domain::wire::RequestGrid = serde_json::from_str(&body).expect("a RequestGrid");
    assert_eq!(parsed.total, total);
    body
}

pub const CONFIG_NO_TILES: &str =
    r#"{"tile_url":null,"tile_attribution":"","default_view":{"lat":45.5152,"lng":-122.6784,"zoom":13}}"#;
pub const SIGNED_OUT: &str = r#"{"error":{"code":"unauthorized","message":"Sign in first."},"errors":[{"code":"unauthorized","message":"Sign in first."}]}"#;

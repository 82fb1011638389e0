//! The app's languages (docs/i18n.md) in headless Chromium: the header's menu switches
//! the map page to Spanish (text, dates, numbers, `<html lang>`, the title); plurals,
//! numbers and the domain's error codes read in the language in use. Which language
//! the page starts in, and that only its text is fetched: the loader's tests
//! (tests/web_loader_routes.rs).
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_app::api::{problem_text, ApiError};
use porchlight_app::i18n::{number, tn, Lang};
use porchlight_domain::wire::{ApiErrorBody, ErrorDetail};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ONE_REQUEST: &str = r#"{"items":[{"id":7,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
    "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
    "description":"Looking for footage of a person carrying a bicycle.",
    "contact":{"email":"detective@city.example","phone":"+1 503 555 0100"},
    "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:15:00Z"},
    "area":{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.522],[-122.68,45.515]]]},
    "area_m2":802896.3,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":null}],
    "next":null,"hidden_by_preference":false}"#;

fn html_lang() -> String {
    document().document_element().unwrap().get_attribute("lang").unwrap_or_default()
}

/// Stands in for the loader's `window.porchlightSwitch` (which remembers the choice and
/// loads the page again): records the languages asked for in `window.__switched`.
fn fake_switch() {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"__switched".into(), &js_sys::Array::new()).unwrap();
    let switch = js_sys::Function::new_with_args("lang", "window.__switched.push(lang);");
    js_sys::Reflect::set(&window, &"porchlightSwitch".into(), &switch).unwrap();
}

fn switched() -> Vec<String> {
    let list: js_sys::Array = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__switched".into()).unwrap().into();
    list.iter().filter_map(|v| v.as_string()).collect()
}

/// The map page with one open request, in `lang` (as the loader starts it).
async fn map_page(lang: Lang) -> (web_sys::HtmlElement, impl Sized) {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid", 200, &grid_json(0.01, &[])),
        ("/api/v1/requests", 200, ONE_REQUEST),
    ]);
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some("/")).unwrap();
    let container = fresh_container();
    show_language(lang);
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::MapApp);
    leptos::task::tick().await;
    (container, handle)
}

#[wasm_bindgen_test]
async fn the_header_menu_switches_the_map_page_to_spanish() {
    fake_switch();
    let (container, handle) = map_page(Lang::En).await;
    wait_for(&container, "[data-testid='feed-item']").await;
    assert_eq!(html_lang(), "en");
    let heading = text(&container.query_selector("#feed-heading").unwrap().unwrap());
    assert_eq!(heading, "Requests in this area");
    assert_eq!(document().title(), "Requests for footage near you · Porchlight");

    // The switch: a button named in Spanish's own words, marked as Spanish.
    let switch = container.query_selector("header button#language-select").unwrap().expect("a language switch");
    assert_eq!(text(&switch), "Español");
    assert_eq!(switch.get_attribute("lang").as_deref(), Some("es"), "its name is marked as Spanish");

    // It asks the loader to switch (which remembers the choice and loads the page
    // again, starting in Spanish: as here).
    switch.unchecked_ref::<web_sys::HtmlElement>().click();
    assert_eq!(switched(), ["es"]);
    drop(handle);
    let (container, handle) = map_page(Lang::Es).await;
    let item = wait_for(&container, "[data-testid='feed-item']").await;
    assert_eq!(html_lang(), "es");
    let heading = text(&container.query_selector("#feed-heading").unwrap().unwrap());
    assert_eq!(heading, "Solicitudes en esta zona");
    assert_eq!(document().title(), "Solicitudes de video cerca de usted · Porchlight");
    let nav: Vec<String> = all(&container, "header nav a").iter().map(text).collect();
    assert_eq!(nav, ["Mapa", "Agencias", "Moderación", "Iniciar sesión"]);
    assert_eq!(
        container.query_selector("header nav").unwrap().unwrap().get_attribute("aria-label").as_deref(),
        Some("Principal")
    );
    assert_eq!(text(&container.query_selector("a.skip-link").unwrap().unwrap()), "Saltar al contenido");
    let shown = text(&item);
    for expected in [
        "Abierta",
        "Robo en vivienda o local",
        "Video solicitado:",
        // Dates and numbers in the Spanish of the US (es-US): Intl's own words.
        "Publicada el sáb, 28 de nov de 2026",
        "vie, 27 de nov de 2026, 9:00 p.m. – 11:15 p.m. UTC (2 h 15 min)",
        "0.31 mi² (0.80 km²)",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing from {shown:?}");
    }
    let legend: Vec<String> = all(&container, ".map-legend .legend-item").iter().map(text).collect();
    assert_eq!(legend, ["Abiertas (línea continua)", "Resueltas (línea discontinua)"]);
    let switch = container.query_selector("header button#language-select").unwrap().unwrap();
    assert_eq!(text(&switch), "English");
    assert_eq!(switch.get_attribute("lang").as_deref(), Some("en"));

    // And back.
    switch.unchecked_ref::<web_sys::HtmlElement>().click();
    assert_eq!(switched(), ["es", "en"]);
    drop(handle);
    english();
}

#[wasm_bindgen_test]
fn plurals_and_numbers_follow_the_language() {
    english();
    assert_eq!(tn("count.requests", 1.0, &[]), "1 request");
    assert_eq!(tn("count.requests", 1234.0, &[]), "1,234 requests");
    assert_eq!(number(0.5), "0.5");

    show_language(Lang::Es);
    assert_eq!(tn("count.requests", 1.0, &[]), "1 solicitud");
    assert_eq!(tn("count.requests", 301.0, &[]), "301 solicitudes");
    // es-US writes numbers as residents here do: 1,234.5.
    assert_eq!(number(1234.5), "1,234.5");
    english();
}

#[wasm_bindgen_test]
fn the_domains_error_codes_read_in_the_readers_language() {
    let server = |code: &str, message: &str| ApiError::Server {
        status: 404,
        body: ApiErrorBody::single(ErrorDetail::new(code, message)),
    };
    english();
    assert_eq!(server("not_found", "Request 7 was not found.").text(), "What you asked for was not found.");
    // A code the app has no text for yet: a general text naming it (the server's
    // English message is for API clients).
    assert_eq!(server("brand_new_code", "Something new.").text(), "Something went wrong (brand_new_code).");
    // A code of the domain crate (the request form's), from pages.json.
    assert_eq!(
        problem_text(&ErrorDetail::new("contact_missing", "Give an email address or a phone number.")),
        "Give an email address or a phone number."
    );
    assert_eq!(ApiError::Network("offline".into()).text(), "Could not reach the server. Check your connection.");

    show_language(Lang::Es);
    assert_eq!(server("not_found", "Request 7 was not found.").text(), "No se encontró lo que buscaba.");
    assert_eq!(problem_text(&ErrorDetail::new("brand_new_code", "Something new.")), "Algo salió mal (brand_new_code).");
    assert_eq!(
        problem_text(&ErrorDetail::new("contact_missing", "Give an email address or a phone number.")),
        "Indique un correo electrónico o un número de teléfono."
    );
    assert_eq!(ApiError::Status { status: 502 }.text(), "El servidor respondió con un error (502).");
    english();
}

//! The app's languages (docs/i18n.md) in headless Chromium: the map page switches to
//! Spanish from the header's menu (text, dates, numbers, `<html lang>`, the title) and
//! remembers it; it starts in a remembered language; plurals, numbers and the domain's
//! error codes read in the language in use.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_app::api::{problem_text, ApiError};
use porchlight_app::i18n::{self, number, tn, Lang};
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

fn stored_choice() -> Option<String> {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item(i18n::STORAGE_KEY).unwrap()
}

/// The map page with one open request, in whatever language it starts in.
async fn map_page() -> (web_sys::HtmlElement, impl Sized) {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid", 200, &grid_json(0.01, &[])),
        ("/api/v1/requests", 200, ONE_REQUEST),
    ]);
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some("/")).unwrap();
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::MapApp);
    leptos::task::tick().await;
    (container, handle)
}

fn choose(select: &web_sys::Element, code: &str) {
    let select: &web_sys::HtmlSelectElement = select.unchecked_ref();
    select.set_value(code);
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn the_map_page_switches_to_spanish_from_the_header_and_remembers_it() {
    let (container, handle) = map_page().await;
    wait_for(&container, "[data-testid='feed-item']").await;
    assert_eq!(html_lang(), "en");
    let heading = text(&container.query_selector("#feed-heading").unwrap().unwrap());
    assert_eq!(heading, "Requests in this area");
    assert_eq!(document().title(), "Requests for footage near you · Porchlight");

    // The menu: labelled, each language in its own words, English chosen.
    let select = container.query_selector("header select#language-select").unwrap().expect("a language menu");
    let label = container.query_selector("label[for='language-select']").unwrap().expect("its label");
    assert_eq!(text(&label), "Language");
    let options: Vec<String> = all(&select, "option").iter().map(text).collect();
    assert_eq!(options, ["English", "Español"]);
    assert_eq!(select.unchecked_ref::<web_sys::HtmlSelectElement>().value(), "en");

    choose(&select, "es");
    wait_until("the page is in Spanish", || {
        container.query_selector("#feed-heading").unwrap().is_some_and(|h| text(&h) == "Solicitudes en esta zona")
    })
    .await;
    assert_eq!(html_lang(), "es");
    assert_eq!(stored_choice().as_deref(), Some("es"), "the choice is remembered");
    assert_eq!(document().title(), "Solicitudes de video cerca de usted · Porchlight");
    let nav: Vec<String> = all(&container, "header nav a").iter().map(text).collect();
    assert_eq!(nav, ["Mapa", "Agencias", "Moderación", "Iniciar sesión"]);
    assert_eq!(
        container.query_selector("header nav").unwrap().unwrap().get_attribute("aria-label").as_deref(),
        Some("Principal")
    );
    let item = wait_for(&container, "[data-testid='feed-item']").await;
    let shown = text(&item);
    for expected in [
        "Abierta",
        "Robo en vivienda o local",
        "Video solicitado:",
        // Dates and numbers in the Spanish of the US (es-US): Intl's own words.
        "Publicada el sáb, 28 nov 2026",
        "0.31 mi² (0.80 km²)",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing from {shown:?}");
    }
    let legend = text(&container.query_selector(".map-legend").unwrap().unwrap());
    assert_eq!(legend, "Abiertas (línea continua) Resueltas (línea discontinua)");
    let select = container.query_selector("#language-select").unwrap().unwrap();
    assert_eq!(select.unchecked_ref::<web_sys::HtmlSelectElement>().value(), "es");
    // Focus stays on the menu, though the header was rendered anew.
    wait_until("focus is back on the menu", || {
        document().active_element().is_some_and(|e| e.id() == "language-select")
    })
    .await;

    // And back.
    choose(&select, "en");
    wait_until("the page is in English again", || {
        container.query_selector("#feed-heading").unwrap().is_some_and(|h| text(&h) == "Requests in this area")
    })
    .await;
    assert_eq!(html_lang(), "en");
    assert_eq!(stored_choice().as_deref(), Some("en"));
    drop(handle);
    english();
}

#[wasm_bindgen_test]
async fn a_remembered_spanish_starts_the_page_in_spanish() {
    english();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid", 200, &grid_json(0.01, &[])),
        ("/api/v1/requests", 200, r#"{"items":[],"next":null,"hidden_by_preference":false}"#),
    ]);
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some("/")).unwrap();
    let container: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    storage.set_item(i18n::STORAGE_KEY, "es").unwrap();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::MapApp);
    leptos::task::tick().await;

    let empty = wait_for(&container, "[data-testid='feed-empty']").await;
    assert_eq!(text(&empty), "No hay solicitudes en esta zona para este período.");
    assert_eq!(html_lang(), "es");
    assert_eq!(text(&container.query_selector("a.skip-link").unwrap().unwrap()), "Saltar al contenido");
    drop(handle);
    english();
}

#[wasm_bindgen_test]
fn plurals_and_numbers_follow_the_language() {
    english();
    assert!(tn("map.grid_note", 1.0, &[]).starts_with("1 request is too many"));
    assert!(tn("map.grid_note", 1234.0, &[]).starts_with("1,234 requests are too many"));
    assert_eq!(number(0.5), "0.5");

    assert!(i18n::apply(Lang::Es, i18n::ALL_PARTS));
    assert!(tn("map.grid_note", 1.0, &[]).starts_with("Hay 1 solicitud,"));
    assert!(tn("map.grid_note", 301.0, &[]).starts_with("Hay 301 solicitudes,"));
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
    // A code the app has no text for yet: the server's English message.
    assert_eq!(server("brand_new_code", "Something new.").text(), "Something new.");
    assert_eq!(ApiError::Network("offline".into()).text(), "Could not reach the server. Check your connection.");

    assert!(i18n::apply(Lang::Es, i18n::ALL_PARTS));
    assert_eq!(server("not_found", "Request 7 was not found.").text(), "No se encontró lo que buscaba.");
    assert_eq!(problem_text(&ErrorDetail::new("brand_new_code", "Something new.")), "Algo salió mal (brand_new_code).");
    assert_eq!(ApiError::Status { status: 502 }.text(), "El servidor respondió con un error (502).");
    english();
}

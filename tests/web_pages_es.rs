//! The request page and an agency profile in Spanish (issue 19), and the request's own
//! language: its title and description marked with `lang` when the agency set it, in
//! the request page, the feed and the profile's history, whatever the reader's language.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use leptos::prelude::*;
use porchlight_app::components::{FeedItem, HistoryItem};
use porchlight_app::format::Zone;
use porchlight_app::i18n::Lang;
use porchlight_domain::wire::PublishedRequest;
use serde_json::{json, Value};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A request written in Spanish by its agency (`language` as given).
fn request_json(id: i64, language: Option<&str>) -> Value {
    json!({"id": id, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "burglary", "case_number": "26-118233", "title": "Video cerca de la calle 5 y Pine",
        "description": "Buscamos video de una persona que llevaba una bicicleta roja.",
        "contact": {"email": "detective@city.example", "phone": "+1 503 555 0100"},
        "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:15:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.522], [-122.68, 45.522], [-122.68, 45.515]]]},
        "area_m2": 802896.3, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null,
        "log_index": null, "language": language})
}

fn request(id: i64, language: Option<&str>) -> PublishedRequest {
    serde_json::from_value(request_json(id, language)).unwrap()
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn html_lang() -> String {
    support::document().document_element().unwrap().get_attribute("lang").unwrap_or_default()
}

/// A container for the whole app, started in Spanish (as after the loader chose it).
fn spanish_app_container() -> web_sys::HtmlElement {
    let container = fresh_container();
    show_language(Lang::Es);
    container
}

fn assert_no_english(shown: &str, words: &[&str]) {
    for word in words {
        assert!(!shown.contains(word), "English {word:?} left in {shown:?}");
    }
}

#[wasm_bindgen_test]
async fn the_request_page_reads_in_spanish_and_marks_the_requests_language() {
    inject_leaflet();
    let moderation = r#"{"request_id":7,"reviewed_at":"2026-11-28T09:00:00Z","report_count":2,"reported_by_me":false,"findings":[]}"#;
    let body = request_json(7, Some("es")).to_string();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/7/moderation", 200, moderation),
        ("/api/v1/requests/7", 200, &body),
    ]);
    go_to("/requests/7");
    let container = spanish_app_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    let details = wait_for(&container, "[data-testid='request-details']").await;
    assert_eq!(html_lang(), "es");
    // The agency's own text as written, marked as Spanish.
    let title = details.query_selector("h1 [data-testid='request-title']").unwrap().expect("the title");
    assert_eq!(text(&title), "Video cerca de la calle 5 y Pine");
    assert_eq!(title.get_attribute("lang").as_deref(), Some("es"));
    let description = details.query_selector(".request-description").unwrap().unwrap();
    assert_eq!(description.get_attribute("lang").as_deref(), Some("es"));
    assert_eq!(support::document().title(), "Video cerca de la calle 5 y Pine · Porchlight");

    let review = wait_for(&container, "[data-testid='review-status']").await;
    assert!(text(&review).starts_with("Revisada por los moderadores de Porchlight el "), "{}", text(&review));
    let reports = text(&container.query_selector("[data-testid='report-count']").unwrap().unwrap());
    assert_eq!(reports, "Reportada por 2 residentes");
    let badge = wait_for(&container, "[data-testid='log-badge'].log-unavailable").await;
    assert_eq!(text(&badge), "No se pudo verificar el registro público: No se encontró lo que buscaba.");

    let shown = text(&details);
    for expected in [
        "Abierta",
        "Agencia",
        "Robo en vivienda o local",
        "Número de caso",
        "26-118233",
        "Video solicitado",
        "Publicada",
        "0.31 mi² (0.80 km²)",
        "Cómo responder",
        "Si su cámara grabó esta zona durante ese período, comuníquese directamente con la agencia:",
        "Compartir sus videos es decisión suya.",
        "Las solicitudes no se pueden modificar ni eliminar.",
        "¿Esta solicitud no cumple las reglas de Porchlight? Inicie sesión para reportarla.",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing from {shown:?}");
    }
    assert_no_english(&shown, &["Agency", "Case number", "How to respond", "Posted", "Footage", "sq mi", "Sign in"]);
    let map = container.query_selector(".request-map [aria-label='Área de la solicitud']").unwrap();
    assert!(map.is_some(), "the map's label is Spanish");
    drop(handle);
    english();
}

#[wasm_bindgen_test]
async fn the_feed_and_the_history_mark_a_spanish_request_for_an_english_reader() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), || {
        view! {
            <ul>
                <FeedItem request=request(1, Some("es")) zone=Zone::named("en-US", "America/Los_Angeles")/>
                <FeedItem request=request(2, None) zone=Zone::named("en-US", "America/Los_Angeles")/>
            </ul>
            <ol>
                <HistoryItem request=request(3, Some("es"))/>
                <HistoryItem request=request(4, None)/>
            </ol>
        }
    });
    leptos::task::tick().await;
    assert_eq!(html_lang(), "en");
    let lang_of = |selector: &str| {
        let links = all(&container, selector);
        links.iter().map(|a| a.get_attribute("lang")).collect::<Vec<_>>()
    };
    // Set: marked; not set: no `lang`, so it inherits the page's (no guess is made).
    assert_eq!(lang_of("[data-testid='feed-item'] h3 a"), [Some("es".to_owned()), None]);
    assert_eq!(lang_of("[data-testid='history-item'] a.history-title"), [Some("es".to_owned()), None]);
    // The app's own text around it stays English.
    let history = text(&container.query_selector("[data-testid='history-item']").unwrap().unwrap());
    assert!(history.contains("Case 26-118233") && history.contains("Permanent record"), "{history}");
}

fn profile_json() -> String {
    let months: Vec<Value> =
        (1..=12).map(|m| json!({"month": format!("2026-{m:02}"), "requests": if m == 11 { 2 } else { 0 }})).collect();
    json!({
        "slug": "demo-city-police", "name": "Demo City Police Department", "jurisdiction": "Demo City", "region": "Oregon",
        "center": {"lat": 45.5152, "lng": -122.6784}, "contact_email": "records@police.demo-city.example",
        "contact_phone": "+1 503 555 0100", "created_at": "2025-01-05T00:00:00Z",
        "total_requests": 1234, "open_requests": 1233, "resolved_requests": 1, "requests_last_12_months": 2,
        "stats": {
            "as_of": "2026-11-28T09:00:00Z", "first_request_at": "2026-01-03T10:00:00Z", "last_request_at": "2026-11-20T10:00:00Z",
            "total_requests": 1234, "open_requests": 1233, "resolved_requests": 1, "requests_per_month": months,
            "median_area_m2": 802896.3, "median_time_frame_secs": 8100,
            "incident_types": [{"incident_type": "theft", "requests": 1229}, {"incident_type": "burglary", "requests": 5}]
        }
    })
    .to_string()
}

#[wasm_bindgen_test]
async fn an_agency_profile_reads_in_spanish() {
    inject_leaflet();
    let profile = profile_json();
    let history = json!({"items": [request_json(9, Some("es")), request_json(8, None)], "next": null, "hidden_by_preference": false}).to_string();
    let grid = json!({"cell_deg": 0.02197265625, "total": 2, "hidden_by_preference": false, "cells": []}).to_string();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid", 200, &grid),
        ("/api/v1/agencies/demo-city-police/requests.geojson", 200, r#"{"type":"FeatureCollection","features":[]}"#),
        ("/api/v1/agencies/demo-city-police/requests", 200, &history),
        ("/api/v1/agencies/demo-city-police", 200, &profile),
    ]);
    go_to("/agencies/demo-city-police");
    let container = spanish_app_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    let stats = text(&wait_for(&container, "[data-testid='agency-stats']").await);
    assert_eq!(html_lang(), "es");
    assert_eq!(support::document().title(), "Demo City Police Department · Porchlight");
    for expected in [
        "Estadísticas",
        "Abiertas",
        "Resueltas",
        "Área mediana",
        "0.31 mi² (0.80 km²)",
        "Período mediano",
        "2 h 15 min",
        "Solicitudes por mes",
        "Los meses se cuentan en hora UTC.",
        "Tipos de incidente",
        "Son conteos, no una clasificación.",
        "Ver las cifras",
    ] {
        assert!(stats.contains(expected), "{expected:?} missing from {stats:?}");
    }
    assert_no_english(&stats, &["Statistics", "Median", "Requests per month", "Months are", "Show the numbers"]);
    let total = container.query_selector("[data-testid='stat-total']").unwrap().unwrap();
    assert_eq!(text(&total), "1,234");
    // The form's order and the reader's number format.
    let types: Vec<String> = all(&container, "[data-testid='type-breakdown'] li").iter().map(text).collect();
    assert_eq!(types, ["Robo en vivienda o local 5", "Hurto 1,229"]);
    // Months by Intl in Spanish (never "Nov 2026").
    let rows: Vec<String> = all(&container, "[data-testid='month-table'] tbody th").iter().map(text).collect();
    assert!(rows[10].starts_with("nov") && rows[10].ends_with("2026"), "{rows:?}");
    assert!(rows[11].starts_with("dic") && rows[11].ends_with("2026"), "{rows:?}");
    let desc = text(&container.query_selector("[data-testid='month-chart'] figcaption").unwrap().unwrap());
    assert!(desc.starts_with("2 solicitudes de ene") && desc.contains("como máximo 2 en un mes"), "{desc}");

    let page = text(&container);
    for expected in [
        "Correo electrónico: records@police.demo-city.example",
        "En Porchlight desde",
        "Aquí aparecen todas las solicitudes que ha publicado esta agencia.",
        "Descargar todas las solicitudes:",
        "Sus decisiones de moderación",
        "Dónde ha pedido videos",
        "Todas las solicitudes, de la más reciente a la más antigua",
        "1,234 en total. Cada una es un registro permanente.",
    ] {
        assert!(page.contains(expected), "{expected:?} missing from {page:?}");
    }
    let nav = container.query_selector("nav.downloads").unwrap().unwrap();
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("Datos abiertos"));

    wait_for(&container, "[data-testid='history-item']").await;
    let items = all(&container, "[data-testid='history-item']");
    assert_eq!(items.len(), 2);
    let first = text(&items[0]);
    assert!(first.contains("Caso 26-118233") && first.contains("Registro permanente"), "{first}");
    assert!(first.contains("Publicada el "), "{first}");
    let links: Vec<Option<String>> =
        items.iter().map(|i| i.query_selector("a.history-title").unwrap().unwrap().get_attribute("lang")).collect();
    assert_eq!(links, [Some("es".to_owned()), None]);
    drop(handle);
    english();
}

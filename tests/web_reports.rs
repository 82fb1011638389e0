//! The annual report page and every agency's year side by side, with a fake API: the
//! figures, charts and tables of a year, an empty year, errors, Spanish, and sorting
//! the side-by-side table by each column.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_app::i18n::Lang;
use porchlight_domain::wire::{AgencyReport, YearReport};
use serde_json::{json, Value};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROOT: &str = "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988";

fn checkpoint() -> Value {
    json!({"tree_size": 4321, "root_hash": ROOT, "timestamp_ms": 1_764_316_800_000u64, "signature": "ab".repeat(64)})
}

/// A report of 2025 (a past year) for `demo-city-police`: `counts` requests per month.
fn report_json(counts: [u64; 12]) -> String {
    let requests: u64 = counts.iter().sum();
    let months: Vec<Value> = counts
        .iter()
        .enumerate()
        .map(|(i, n)| {
            json!({"month": format!("2025-{:02}", i + 1), "requests": n, "total_area_m2": *n as f64 * 1_000_000.0,
                "total_duration_secs": n * 7200, "footprint_sq_mi_hours": *n as f64 * 0.77})
        })
        .collect();
    let empty = requests == 0;
    let mut hours = vec![0u64; 24];
    let mut days = vec![0u64; 7];
    if !empty {
        hours[14] = requests - 1;
        hours[9] = 1;
        days[4] = requests;
    }
    let report = json!({
        "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "year": 2025,
        "time_zone": "America/Los_Angeles",
        "period_start": "2025-01-01T08:00:00Z",
        "period_end": "2026-01-01T08:00:00Z",
        "generated_at": "2026-12-06T12:00:00Z",
        "complete": true,
        "log_checkpoint": checkpoint(),
        "totals": {
            "requests": requests,
            "resolved": if empty { 0 } else { 2 },
            "share_resolved": if empty { Value::Null } else { json!(2.0 / requests as f64) },
            "median_resolution_secs": if empty { Value::Null } else { json!(5400.0) },
            "median_area_m2": if empty { Value::Null } else { json!(1_000_000.0) },
            "total_area_m2": requests as f64 * 1_000_000.0,
            "median_duration_secs": if empty { Value::Null } else { json!(7200.0) },
            "total_duration_secs": requests * 7200,
            "footprint_sq_mi_hours": requests as f64 * 0.77
        },
        "months": months,
        "incident_types": if empty { json!([]) } else { json!([
            {"incident_type": "burglary", "requests": requests - 1},
            {"incident_type": "hit_and_run", "requests": 1}
        ]) },
        "hours_of_day": hours,
        "days_of_week": days,
        "heat_map": {"cell_deg": 0.005, "cells": if empty { json!([]) } else { json!([
            {"bbox": [-122.68, 45.51, -122.675, 45.515], "count": 1},
            {"bbox": [-122.675, 45.51, -122.67, 45.515], "count": 3},
            {"bbox": [-122.675, 45.515, -122.67, 45.52], "count": 2}
        ]) }},
        "moderation": {"approved": requests, "rejected": 1, "reports_received": 2, "reports_dismissed": 1, "policy_findings": 1},
        "policy_findings": if empty { json!([]) } else { json!([{
            "decision_id": 9, "request_id": 77, "reasons": ["lawful_activity"], "note": "A march.",
            "decided_at": "2025-06-02T18:00:00Z", "log_index": 12
        }]) },
        "responses": null
    });
    // Whatever the page is given, the app can read (the domain's wire type).
    serde_json::from_value::<AgencyReport>(report.clone()).expect("an AgencyReport");
    report.to_string()
}

fn year_json() -> String {
    let row = |slug: &str, name: &str, requests: u64, median_area: Value, findings: u64| {
        json!({
            "agency": {"slug": slug, "name": name}, "time_zone": "America/Los_Angeles",
            "period_start": "2025-01-01T08:00:00Z", "period_end": "2026-01-01T08:00:00Z", "complete": true,
            "totals": {"requests": requests, "resolved": 0, "share_resolved": if requests == 0 { Value::Null } else { json!(0.0) },
                "median_resolution_secs": null, "median_area_m2": median_area, "total_area_m2": requests as f64 * 1000.0,
                "median_duration_secs": null, "total_duration_secs": requests * 60, "footprint_sq_mi_hours": 0.0},
            "moderation": {"approved": requests, "rejected": 0, "reports_received": 0, "reports_dismissed": 0, "policy_findings": findings}
        })
    };
    let report = json!({
        "year": 2025, "generated_at": "2026-12-06T12:00:00Z", "log_checkpoint": checkpoint(),
        "agencies": [
            row("bay-county-sheriff", "Bay County Sheriff", 12, json!(500000.0), 0),
            row("demo-city-police", "Demo City Police Department", 40, json!(2000000.0), 2),
            row("quiet-town-police", "Quiet Town Police", 0, Value::Null, 0),
        ]
    });
    serde_json::from_value::<YearReport>(report.clone()).expect("a YearReport");
    report.to_string()
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn attr(element: &web_sys::Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_else(|| panic!("no {name} on {}", element.outer_html()))
}

fn cell_texts(table: &web_sys::Element) -> Vec<Vec<String>> {
    all(table, "tbody tr").iter().map(|row| all(row, "th, td").iter().map(text).collect()).collect()
}

/// Mounts the app on `path`; the page stays until the returned handle is dropped.
fn mount_at(path: &str) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    go_to(path);
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    (container, Box::new(handle))
}

async fn open_report(counts: [u64; 12]) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    inject_leaflet();
    let report = report_json(counts);
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies/demo-city-police/reports/2025", 200, &report),
    ]);
    let (container, handle) = mount_at("/agencies/demo-city-police/reports/2025");
    leptos::task::tick().await;
    wait_for(&container, "[data-testid='report-meta']").await;
    (container, handle)
}

#[wasm_bindgen_test]
async fn a_year_shows_each_figure_as_a_number_a_chart_and_a_table() {
    let (container, _handle) = open_report([2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]).await;
    assert_eq!(text(&wait_for(&container, "main h1").await), "Demo City Police Department: 2025");
    assert!(requested_urls().contains(&"/api/v1/agencies/demo-city-police/reports/2025".to_owned()));
    // The tree head, in full, for a printed copy to be checked later.
    assert_eq!(text(&wait_for(&container, "[data-testid='tree-root']").await), ROOT);
    let head = text(&wait_for(&container, "[data-testid='tree-head']").await);
    assert!(head.contains("4,321 entries"), "{head}");
    assert!(head.contains(&"ab".repeat(64)), "{head}");
    let meta = text(&wait_for(&container, "[data-testid='report-meta']").await);
    assert!(
        meta.contains("Jan 1, 2025") && meta.contains("Dec 31, 2025") && meta.contains("America/Los_Angeles"),
        "{meta}"
    );

    assert_eq!(text(&wait_for(&container, "[data-testid='figure-requests']").await), "3 requests");
    // Requests per month: 12 bars (empty months as empty bars), an accessible SVG and a table.
    let chart = wait_for(&container, "[data-testid='chart-months']").await;
    let svg = chart.query_selector("svg").unwrap().unwrap();
    assert_eq!(attr(&svg, "role"), "img");
    for id in attr(&svg, "aria-labelledby").split_whitespace() {
        assert!(!text(&container.query_selector(&format!("#{id}")).unwrap().expect("its label")).is_empty());
    }
    let desc = text(&svg.query_selector("desc").unwrap().unwrap());
    assert_eq!(desc, "3 requests; at most 2 in a month (Jan); 10 months without any.");
    let bars = all(&chart, "[data-testid='chart-months-bar']");
    let values: Vec<String> = bars.iter().map(|b| attr(b, "data-value")).collect();
    assert_eq!(values, ["2", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0"]);
    let heights: Vec<f64> = bars.iter().map(|b| attr(b, "height").parse().unwrap()).collect();
    assert!(heights[0] > 50.0 && (heights[0] - 2.0 * heights[3]).abs() < 0.05 && heights[1] == 0.0, "{heights:?}");
    let rows = cell_texts(&wait_for(&container, "[data-testid='chart-months-table']").await);
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0], ["Jan", "2"]);
    assert_eq!(rows[1], ["Feb", "0"]);

    let types = cell_texts(&wait_for(&container, "[data-testid='chart-types-table']").await);
    assert_eq!(types, [vec!["Burglary", "2"], vec!["Hit and run", "1"]]);
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-share-resolved']").await), "66.7%");
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-median-resolution']").await), "1.5 h");
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-median-area']").await), "0.39 sq mi (1.00 km²)");
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-total-duration']").await), "6 h");
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-footprint']").await), "2.31 sq mi·h");
    let footprint = cell_texts(&wait_for(&container, "[data-testid='chart-footprint-table']").await);
    assert_eq!(footprint[0], ["Jan", "1.54 sq mi·h"]);
    let hours = all(&container, "[data-testid='chart-hours-bar']");
    assert_eq!(hours.len(), 24);
    assert_eq!(attr(&hours[14], "data-value"), "2");
    let days = cell_texts(&wait_for(&container, "[data-testid='chart-days-table']").await);
    assert_eq!(
        days.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    );
    assert_eq!(days[4][1], "3");
    let moderation = cell_texts(&wait_for(&container, "[data-testid='chart-moderation-table']").await);
    assert_eq!(moderation[4], ["Policy violations found", "1"]);
    let finding = wait_for(&container, "[data-testid='report-findings'] a").await;
    assert_eq!(attr(&finding, "href"), "/requests/77");
    assert_eq!(
        text(&wait_for(&container, "[data-testid='report-responses-none']").await),
        "Not available yet: this server does not keep residents' responses."
    );

    // Where: the map, a legend of the colours and the busiest cells.
    wait_for(&container, "[data-testid='heat-map'] .leaflet-container").await;
    wait_until("the cells are drawn", || !all(&container, "[data-testid='heat-map'] canvas").is_empty()).await;
    let legend: Vec<String> = all(&container, "[data-testid='heat-legend-item']").iter().map(text).collect();
    assert_eq!(legend, ["1", "2", "3"]);
    let swatches = all(&container, "[data-testid='heat-legend-item'] .swatch");
    let colours: Vec<String> = swatches.iter().map(|s| attr(s, "style")).collect();
    assert!(colours.iter().all(|c| c.contains("background-color")), "{colours:?}");
    assert_ne!(colours[0], colours[2], "the least and most covered differ");
    let cells = cell_texts(&wait_for(&container, "[data-testid='heat-table']").await);
    assert_eq!(cells[0], ["45.5125, -122.6725", "3"]);
    assert_eq!(cells.len(), 3);

    // Links: downloads, the feed, other years, the profile.
    let href = |id: &str| attr(&container.query_selector(&format!("[data-testid='{id}']")).unwrap().unwrap(), "href");
    assert_eq!(href("report-csv"), "/api/v1/agencies/demo-city-police/reports/2025.csv");
    assert_eq!(href("report-json"), "/api/v1/agencies/demo-city-police/reports/2025");
    assert_eq!(href("report-feed"), "/api/v1/feeds/agencies/demo-city-police.atom");
    assert_eq!(href("report-prev"), "/agencies/demo-city-police/reports/2024");
    assert_eq!(href("report-next"), "/agencies/demo-city-police/reports/2026");
    assert_eq!(href("report-all"), "/reports/2025");
    assert_eq!(href("report-back"), "/agencies/demo-city-police");
    let alternate = document()
        .query_selector("head link[rel='alternate'][data-page-feed]")
        .unwrap()
        .expect("the agency's feed as an alternate");
    assert_eq!(attr(&alternate, "href"), "/api/v1/feeds/agencies/demo-city-police.atom");
    assert_eq!(attr(&alternate, "type"), "application/atom+xml");
    let picker = wait_for(&container, "[data-testid='report-year']").await;
    let selected: web_sys::HtmlSelectElement = wasm_bindgen::JsCast::unchecked_into(picker);
    assert_eq!(selected.value(), "2025");
}

#[wasm_bindgen_test]
async fn an_empty_year_is_shown_as_such() {
    let (container, _handle) = open_report([0; 12]).await;
    assert_eq!(
        text(&wait_for(&container, "[data-testid='report-empty']").await),
        "This agency published no requests in 2025."
    );
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-requests']").await), "0 requests");
    let chart = wait_for(&container, "[data-testid='chart-months']").await;
    let bars = all(&chart, "[data-testid='chart-months-bar']");
    assert_eq!(bars.len(), 12, "every month, empty ones too");
    assert!(bars.iter().all(|b| attr(b, "height") == "0.00"));
    assert_eq!(cell_texts(&wait_for(&container, "[data-testid='chart-months-table']").await).len(), 12);
    let desc = text(&chart.query_selector("desc").unwrap().unwrap());
    assert_eq!(desc, "No requests in 2025: every month is empty.");
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-share-resolved']").await), "—");
    assert_eq!(
        text(&wait_for(&container, "[data-testid='heat-map-empty']").await),
        "No request areas this year: nothing to map."
    );
    // The tree head is there all the same.
    assert_eq!(text(&wait_for(&container, "[data-testid='tree-root']").await), ROOT);
}

#[wasm_bindgen_test]
async fn a_failed_load_says_why_and_retries() {
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        (
            "/api/v1/agencies/demo-city-police/reports/2025",
            500,
            r#"{"error":{"code":"internal","message":"Boom."},"errors":[]}"#,
        ),
    ]);
    let (container, _handle) = mount_at("/agencies/demo-city-police/reports/2025");
    leptos::task::tick().await;
    let notice = wait_for(&container, "[role='alert']").await;
    assert!(!text(&notice).is_empty());
    let report = report_json([1; 12]);
    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies/demo-city-police/reports/2025", 200, &report),
    ]);
    let retry: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(notice.query_selector("button").unwrap().unwrap());
    retry.click();
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-requests']").await), "12 requests");

    // An unknown agency, and a path that is no year.
    let (container, _second) = mount_at("/agencies/nobody/reports/2025");
    leptos::task::tick().await;
    assert_eq!(
        text(&wait_for(&container, "[data-testid='report-not-found']").await),
        "There is no agency at this address."
    );
    let (container, _third) = mount_at("/agencies/demo-city-police/reports/20x5");
    leptos::task::tick().await;
    wait_for(&container, "[data-testid='report-bad-year']").await;
}

#[wasm_bindgen_test]
async fn the_report_in_spanish() {
    inject_leaflet();
    let report = report_json([2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies/demo-city-police/reports/2025", 200, &report),
    ]);
    go_to("/agencies/demo-city-police/reports/2025");
    let container = fresh_container();
    show_language(Lang::Es);
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;
    let page = wait_for(&container, "[data-testid='report-page'] .report-head").await;
    assert!(text(&page).contains("Informe anual de vigilancia"), "{}", text(&page));
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-requests']").await), "3 solicitudes");
    assert_eq!(text(&wait_for(&container, "[data-testid='figure-share-resolved']").await), "66.7 %");
    let rows = cell_texts(&wait_for(&container, "[data-testid='chart-months-table']").await);
    assert_eq!(rows[0], ["ene", "2"]);
    let types = cell_texts(&wait_for(&container, "[data-testid='chart-types-table']").await);
    assert_eq!(types[0], ["Robo en vivienda o local", "2"]);
    let days = cell_texts(&wait_for(&container, "[data-testid='chart-days-table']").await);
    assert_eq!(days[0][0], "lun");
    assert!(text(&container).contains("Aún no disponible"));
    english();
}

fn order(container: &web_sys::Element) -> Vec<String> {
    all(container, "[data-testid='years-row']").iter().map(|r| attr(r, "data-slug")).collect()
}

fn sort_state(container: &web_sys::Element) -> Vec<(String, String)> {
    all(container, "[data-testid='years-table'] thead th")
        .iter()
        .map(|th| (attr(&th.query_selector("button").unwrap().unwrap(), "data-column"), attr(th, "aria-sort")))
        .filter(|(_, sort)| sort != "none")
        .collect()
}

async fn click_column(container: &web_sys::Element, column: &str) {
    let button = all(container, "[data-testid='sort-button']")
        .into_iter()
        .find(|b| attr(b, "data-column") == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&button).click();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn every_agency_side_by_side_sorts_by_each_figure() {
    let year = year_json();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/reports/2025", 200, &year),
    ]);
    let (container, _handle) = mount_at("/reports/2025");
    leptos::task::tick().await;
    wait_for(&container, "[data-testid='years-row']").await;
    assert_eq!(text(&wait_for(&container, "main h1").await), "Every agency in 2025");
    assert!(text(&wait_for(&container, "[data-testid='years-meta']").await).contains(ROOT));
    assert_eq!(order(&container), ["bay-county-sheriff", "demo-city-police", "quiet-town-police"]);
    assert_eq!(sort_state(&container), [("Agency".to_owned(), "ascending".to_owned())]);
    assert_eq!(all(&container, "[data-testid='years-table'] thead th").len(), 13);

    click_column(&container, "Requests").await;
    assert_eq!(order(&container), ["demo-city-police", "bay-county-sheriff", "quiet-town-police"]);
    assert_eq!(sort_state(&container), [("Requests".to_owned(), "descending".to_owned())]);
    click_column(&container, "Requests").await;
    assert_eq!(order(&container), ["quiet-town-police", "bay-county-sheriff", "demo-city-police"]);
    assert_eq!(sort_state(&container), [("Requests".to_owned(), "ascending".to_owned())]);
    // A figure some agencies lack (no requests, no median) sorts after the others both ways.
    click_column(&container, "Median area").await;
    assert_eq!(order(&container), ["demo-city-police", "bay-county-sheriff", "quiet-town-police"]);
    click_column(&container, "Median area").await;
    assert_eq!(order(&container), ["bay-county-sheriff", "demo-city-police", "quiet-town-police"]);
    click_column(&container, "Violations").await;
    assert_eq!(order(&container)[0], "demo-city-police");
    click_column(&container, "Agency").await;
    click_column(&container, "Agency").await;
    assert_eq!(order(&container), ["quiet-town-police", "demo-city-police", "bay-county-sheriff"]);
    assert_eq!(sort_state(&container), [("Agency".to_owned(), "descending".to_owned())]);

    // Each row's figures, and the exports.
    let demo = container.query_selector("[data-slug='demo-city-police']").unwrap().unwrap();
    let cells: Vec<String> = all(&demo, "th, td").iter().map(text).collect();
    assert_eq!(cells[0], "Demo City Police Department");
    assert_eq!(cells[1], "40");
    assert_eq!(cells[2], "0%");
    assert_eq!(cells[3], "—");
    assert_eq!(cells[12], "2");
    let link = demo.query_selector("a").unwrap().unwrap();
    assert_eq!(attr(&link, "href"), "/agencies/demo-city-police/reports/2025");
    let csv = wait_for(&container, "[data-testid='years-csv']").await;
    assert_eq!(attr(&csv, "href"), "/api/v1/reports/2025.csv");
    let json = wait_for(&container, "[data-testid='years-json']").await;
    assert_eq!(attr(&json, "href"), "/api/v1/reports/2025");
}

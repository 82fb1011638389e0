//! The agency directory and profile with fixture data (no network): the month chart's
//! bars match the counts, the profile's empty state, the history and the directory's
//! paging with 2 000 agencies.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use leptos::prelude::*;
use porchlight_app::components::MonthChart;
use porchlight_domain::wire::MonthCount;
use serde_json::json;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 24 months ending November 2026 with a few requests in some.
fn months() -> Vec<MonthCount> {
    let counts = [0u64, 0, 1, 0, 3, 0, 0, 2, 0, 0, 0, 0, 5, 0, 0, 12, 0, 0, 4, 0, 0, 7, 9, 2];
    (0..24)
        .map(|i| {
            let index = 2024 * 12 + 11 + i; // December 2024 first
            MonthCount { month: format!("{:04}-{:02}", index / 12, index % 12 + 1), requests: counts[i as usize] }
        })
        .collect()
}

fn attr(element: &web_sys::Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_else(|| panic!("no {name} on {}", element.outer_html()))
}

#[wasm_bindgen_test]
async fn chart_bars_match_the_counts() {
    let container = fresh_container();
    let fixture = months();
    let _handle = leptos::mount::mount_to(container.clone(), {
        let fixture = fixture.clone();
        move || view! { <MonthChart months=fixture.clone() title="Requests per month"/> }
    });
    leptos::task::tick().await;

    let svg = container.query_selector("svg").unwrap().expect("an svg");
    assert_eq!(attr(&svg, "role"), "img");
    let labelled_by = attr(&svg, "aria-labelledby");
    for id in labelled_by.split_whitespace() {
        let labelled = container.query_selector(&format!("#{id}")).unwrap().expect("label element");
        assert!(!text(&labelled).is_empty());
    }
    let desc = text(&svg.query_selector("desc").unwrap().unwrap());
    assert_eq!(desc, "45 requests from Dec 2024 to Nov 2026; at most 12 in a month (Mar 2026).");

    let bars = all(&container, "[data-testid='chart-bar']");
    assert_eq!(bars.len(), 24);
    let heights: Vec<f64> = bars.iter().map(|b| attr(b, "height").parse().unwrap()).collect();
    let tallest = heights.iter().cloned().fold(0.0, f64::max);
    assert!(tallest > 50.0, "bars have a real height: {heights:?}");
    // The axis top is 20 (the next 1-2-5 step above 12): each bar is count/20 of the plot.
    let unit = tallest / 12.0;
    for ((bar, height), month) in bars.iter().zip(&heights).zip(&fixture) {
        assert_eq!(attr(bar, "data-month"), month.month);
        assert_eq!(attr(bar, "data-count"), month.requests.to_string());
        assert!(
            (height - unit * month.requests as f64).abs() < 0.02,
            "{}: height {height} for {}",
            month.month,
            month.requests
        );
        // Each bar says its own number to pointer users ("1 request", "3 requests").
        let noun = if month.requests == 1 { "request" } else { "requests" };
        assert!(text(&bar.query_selector("title").unwrap().unwrap()).ends_with(&format!(": {} {noun}", month.requests)));
    }
    // Bars sit on one baseline, left to right in month order.
    let bottoms: Vec<f64> = bars.iter().zip(&heights).map(|(b, h)| attr(b, "y").parse::<f64>().unwrap() + h).collect();
    assert!(bottoms.windows(2).all(|w| (w[0] - w[1]).abs() < 0.02));
    let xs: Vec<f64> = bars.iter().map(|b| attr(b, "x").parse().unwrap()).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]));

    // The same numbers as a table.
    let rows = all(&container, "[data-testid='month-table'] tbody tr");
    assert_eq!(rows.len(), 24);
    let cells = |row: &web_sys::Element| all(row, "th, td").iter().map(text).collect::<Vec<_>>();
    assert_eq!(cells(&rows[0]), ["Dec 2024", "0"]);
    assert_eq!(cells(&rows[15]), ["Mar 2026", "12"]);
    assert_eq!(cells(&rows[23]), ["Nov 2026", "2"]);
    for (row, month) in rows.iter().zip(&fixture) {
        assert_eq!(cells(row)[1], month.requests.to_string());
    }
}

#[wasm_bindgen_test]
async fn an_empty_chart_has_flat_bars_and_says_so() {
    let container = fresh_container();
    let zeros: Vec<MonthCount> = months().into_iter().map(|m| MonthCount { requests: 0, ..m }).collect();
    let _handle = leptos::mount::mount_to(
        container.clone(),
        move || view! { <MonthChart months=zeros.clone() title="Requests per month"/> },
    );
    leptos::task::tick().await;
    let bars = all(&container, "[data-testid='chart-bar']");
    assert_eq!(bars.len(), 24);
    assert!(bars.iter().all(|b| attr(b, "height").parse::<f64>().unwrap() == 0.0));
    assert!(text(&container).contains("No requests from Dec 2024 to Nov 2026."));
}

fn stats_json(total: u64, per_month: &[MonthCount]) -> serde_json::Value {
    json!({
        "as_of": "2026-11-28T09:00:00Z",
        "first_request_at": if total > 0 { json!("2025-02-03T10:00:00Z") } else { json!(null) },
        "last_request_at": if total > 0 { json!("2026-11-20T10:00:00Z") } else { json!(null) },
        "total_requests": total, "open_requests": total.saturating_sub(1), "resolved_requests": total.min(1),
        "requests_per_month": per_month,
        "median_area_m2": if total > 0 { json!(802896.3) } else { json!(null) },
        "median_time_frame_secs": if total > 0 { json!(8100) } else { json!(null) },
        "incident_types": if total > 0 { json!([{"incident_type": "theft", "requests": 40}, {"incident_type": "burglary", "requests": 5}]) } else { json!([]) }
    })
}

fn profile_json(slug: &str, total: u64, per_month: &[MonthCount]) -> String {
    json!({
        "slug": slug, "name": "Demo City Police Department", "jurisdiction": "Demo City", "region": "Oregon",
        "center": {"lat": 45.5152, "lng": -122.6784}, "contact_email": "records@police.demo-city.example",
        "contact_phone": "+1 503 555 0100", "created_at": "2025-01-05T00:00:00Z",
        "total_requests": total, "open_requests": total.saturating_sub(1), "resolved_requests": total.min(1),
        "requests_last_12_months": total, "stats": stats_json(total, per_month)
    })
    .to_string()
}

fn request_json(id: i64) -> serde_json::Value {
    json!({"id": id, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "theft", "case_number": format!("26-{id:05}"), "title": format!("Stolen bicycle {id}"),
        "description": "Looking for footage of a person carrying a bicycle.",
        "contact": {"email": "detective@city.example"},
        "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:15:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.522], [-122.68, 45.522], [-122.68, 45.515]]]},
        "area_m2": 802896.3, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null})
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

/// Nothing on a profile offers to change the record.
fn assert_read_only(container: &web_sys::Element) {
    for control in all(container, "main button, main a, main input") {
        let label = text(&control).to_lowercase();
        assert!(!label.contains("edit") && !label.contains("delete"), "a control offers to change the record: {label}");
    }
}

#[wasm_bindgen_test]
async fn profile_of_an_agency_without_requests_shows_the_empty_state() {
    inject_leaflet();
    let zeros: Vec<MonthCount> = months().into_iter().map(|m| MonthCount { requests: 0, ..m }).collect();
    let profile = profile_json("quiet-town-police", 0, &zeros);
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        (
            "/api/v1/agencies/quiet-town-police/requests",
            200,
            r#"{"items":[],"next":null,"hidden_by_preference":false}"#,
        ),
        ("/api/v1/agencies/quiet-town-police", 200, &profile),
    ]);
    go_to("/agencies/quiet-town-police");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    let empty = wait_for(&container, "[data-testid='agency-empty']").await;
    assert_eq!(text(&empty), "This agency has not posted any requests yet.");
    let heading = wait_for(&container, "main h1").await;
    assert_eq!(text(&heading), "Demo City Police Department");
    let page = text(&container);
    assert!(page.contains("Demo City · Oregon"), "{page}");
    assert!(page.contains("On Porchlight since"), "{page}");
    // No statistics, map or history for nothing; the downloads stay.
    assert!(container.query_selector("[data-testid='month-chart']").unwrap().is_none());
    assert!(container.query_selector("[data-testid='history']").unwrap().is_none());
    let csv = wait_for(&container, "[data-testid='download-csv']").await;
    assert_eq!(attr(&csv, "href"), "/api/v1/agencies/quiet-town-police/requests.csv");
    assert_read_only(&container);
}

#[wasm_bindgen_test]
async fn profile_shows_stats_chart_and_a_paged_permanent_history() {
    inject_leaflet();
    let fixture = months();
    let total: u64 = fixture.iter().map(|m| m.requests).sum();
    let profile = profile_json("demo-city-police", total, &fixture);
    let first_page = json!({"items": (0..20).map(|i| request_json(100 - i)).collect::<Vec<_>>(), "next": "CURSOR1", "hidden_by_preference": false}).to_string();
    let features = json!({"type": "FeatureCollection", "features": (0..3).map(|i| {
        let r = request_json(100 - i);
        json!({"type": "Feature", "id": r["id"], "geometry": r["area"], "properties": {"title": r["title"], "status": "open"}})
    }).collect::<Vec<_>>()}).to_string();
    let few = json!({"cell_deg": 0.02197265625, "total": 3, "hidden_by_preference": false, "cells": [
        {"bbox": [-122.7, 45.5, -122.678, 45.522], "center": {"lat": 45.51, "lng": -122.69}, "count": 3, "open": 3}
    ]})
    .to_string();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid?agency=demo-city-police&zoom=11&status=all", 200, &few),
        ("/api/v1/agencies/demo-city-police/requests.geojson", 200, &features),
        ("/api/v1/agencies/demo-city-police/requests", 200, &first_page),
        ("/api/v1/agencies/demo-city-police", 200, &profile),
    ]);
    go_to("/agencies/demo-city-police");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    wait_for(&container, "[data-testid='month-chart']").await;
    assert_eq!(all(&container, "[data-testid='chart-bar']").len(), 24);
    let stats = text(&wait_for(&container, "[data-testid='agency-stats']").await);
    assert!(stats.contains("Months are counted in UTC."), "{stats}");
    assert!(stats.contains("0.31 sq mi (0.80 km²)"), "median area via the domain helper: {stats}");
    assert!(stats.contains("2 h 15 min"), "median time frame via the domain helper: {stats}");
    // The form's order (burglary before theft), not ranked by count.
    let types: Vec<String> = all(&container, "[data-testid='type-breakdown'] li").iter().map(text).collect();
    assert_eq!(types, ["Burglary 5", "Theft 40"]);

    wait_for(&container, "[data-testid='history-item']").await;
    let items = all(&container, "[data-testid='history-item']");
    assert_eq!(items.len(), 20);
    let first = &items[0];
    assert_eq!(attr(&first.query_selector("a").unwrap().unwrap(), "href"), "/requests/100");
    assert!(text(first).contains("Permanent record"));
    // The map drew each area.
    wait_for(&container, ".agency-areas-map.map-view-wrap .leaflet-container").await;
    // Fitted to the areas once laid out, not at the maximum zoom of a 0×0 box.
    let zoom_in = wait_for(&container, ".agency-areas-map .leaflet-control-zoom-in").await;
    for _ in 0..40 {
        if !zoom_in.class_list().contains("leaflet-disabled") {
            break;
        }
        sleep(50).await;
    }
    assert!(!zoom_in.class_list().contains("leaflet-disabled"), "the areas map is stuck at its maximum zoom");

    // The next page is asked for with the cursor.
    let more = wait_for(&container, "[data-testid='history-more']").await;
    web_sys::HtmlElement::from(wasm_bindgen::JsValue::from(more)).click();
    for _ in 0..40 {
        if requested_urls().iter().any(|u| u.contains("before=CURSOR1")) {
            break;
        }
        sleep(50).await;
    }
    assert!(
        requested_urls().iter().any(|u| u == "/api/v1/agencies/demo-city-police/requests?before=CURSOR1&limit=20"),
        "{:?}",
        requested_urls()
    );
    assert_read_only(&container);
}

#[wasm_bindgen_test]
async fn directory_of_2000_agencies_renders_a_page_at_a_time_and_searches() {
    inject_leaflet();
    let agencies: Vec<serde_json::Value> = (0..2000)
        .map(|n| json!({"slug": format!("agency-{n:04}"), "name": format!("Agency {n:04} Police"),
            "jurisdiction": if n == 1234 { "Springfield".to_owned() } else { format!("Town {n:04}") }, "region": "Oregon",
            "center": {"lat": 45.0 + (n % 50) as f64 * 0.02, "lng": -123.0 + (n / 50) as f64 * 0.02},
            "total_requests": n % 7, "requests_last_12_months": n % 5}))
        .collect();
    let body = serde_json::Value::Array(agencies).to_string();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies", 200, &body),
    ]);
    go_to("/agencies");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    wait_for(&container, "[data-testid='agency-item']").await;
    assert_eq!(all(&container, "[data-testid='agency-item']").len(), 50, "one page, not 2 000 rows");
    assert_eq!(text(&wait_for(&container, "[data-testid='directory-count']").await), "Showing 50 of 2,000 agencies");
    let more: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(wait_for(&container, "[data-testid='directory-more']").await);
    more.click();
    leptos::task::tick().await;
    assert_eq!(all(&container, "[data-testid='agency-item']").len(), 100);

    // Search by place.
    let input: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(wait_for(&container, "[data-testid='agency-search']").await);
    input.set_value("springfield");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    let found = all(&container, "[data-testid='agency-item']");
    assert_eq!(found.len(), 1);
    assert_eq!(attr(&found[0], "data-slug"), "agency-1234");
    input.set_value("");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    assert_eq!(all(&container, "[data-testid='agency-item']").len(), 50, "a new search starts at page one");
}

#[wasm_bindgen_test]
async fn a_busy_agencys_map_groups_its_requests_from_the_servers_counts() {
    inject_leaflet();
    let fixture = months();
    let profile = profile_json("bench-metro-police", 10_000, &fixture);
    let empty_page = json!({"items": [], "next": null, "hidden_by_preference": false}).to_string();
    // Two cells of a 10 000-request agency: its areas are never downloaded.
    let grid = json!({"cell_deg": 0.0439453125, "total": 10000, "hidden_by_preference": false, "cells": [
        {"bbox": [-122.72, 45.48, -122.676, 45.524], "center": {"lat": 45.5, "lng": -122.7}, "count": 9000, "open": 12},
        {"bbox": [-122.588, 45.48, -122.544, 45.524], "center": {"lat": 45.51, "lng": -122.56}, "count": 1000, "open": 0}
    ]})
    .to_string();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid?agency=bench-metro-police&zoom=11&status=all", 200, &grid),
        ("/api/v1/agencies/bench-metro-police/requests", 200, &empty_page),
        ("/api/v1/agencies/bench-metro-police", 200, &profile),
    ]);
    go_to("/agencies/bench-metro-police");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    wait_for(&container, ".agency-areas-map .leaflet-container").await;
    let note = text(&wait_for(&container, ".agency-map .fine-print").await);
    assert!(note.starts_with("10,000 requests: nearby areas are grouped"), "{note}");
    // One group per cell, busiest first, each opening the map there for all time.
    let groups = all(&container, "[data-testid='agency-groups'] li");
    let groups: Vec<String> = groups.iter().map(text).collect();
    assert_eq!(groups, ["9,000 requests · 12 open", "1,000 requests · 0 open"]);
    let first = wait_for(&container, "[data-testid='agency-groups'] a").await;
    assert_eq!(attr(&first, "href"), "/?lat=45.50000&lng=-122.70000&z=14&period=all");
    assert!(
        !requested_urls().iter().any(|u| u.contains("requests.geojson")),
        "downloaded every area: {:?}",
        requested_urls()
    );
}

//! The public moderation log against a fake API (no network): filters kept in the URL
//! and sent to the API, "Older decisions", what a rejected submission shows (and what it
//! never shows), and the CSV link.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_app::routes::LogQuery;
use porchlight_domain::format_area;
use porchlight_domain::moderation::ProhibitedUse;
use porchlight_domain::wire::ModerationAction;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const AGENCIES: &str = r#"[
 {"slug":"demo-city-police","name":"Demo City Police Department","jurisdiction":"Demo City","region":"Oregon","center":{"lat":45.5,"lng":-122.6},"total_requests":60,"requests_last_12_months":58},
 {"slug":"river-county-sheriff","name":"River County Sheriff","jurisdiction":"River County","region":"Oregon","center":{"lat":45.6,"lng":-122.5},"total_requests":3,"requests_last_12_months":3}]"#;

const AGENCY: &str = r#"{"slug":"demo-city-police","name":"Demo City Police Department"}"#;

fn rejected_item(id: i64) -> String {
    format!(
        r#"{{"id":{id},"action":"reject","decided_by":"moderator","decided_at":"2026-11-29T10:00:00Z","agency":{AGENCY},
        "subject_id":12,"reasons":["lawful_activity","victim_details"],"note":"Asks about a march.","report_count":null,
        "rejected":{{"incident_type":"vandalism","time_frame":{{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"}},
          "area":{{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]}},
          "area_m2":400000.0,"submitted_at":"2026-11-28T08:00:00Z"}},"log_index":50}}"#
    )
}

fn item(id: i64, action: &str, subject: i64, reasons: &str, note: &str, reports: &str) -> String {
    format!(
        r#"{{"id":{id},"action":"{action}","decided_by":"moderator","decided_at":"2026-11-28T10:00:00Z","agency":{AGENCY},
        "subject_id":{subject},"reasons":{reasons},"note":{note},"report_count":{reports},"rejected":null,"log_index":{id}}}"#
    )
}

fn page(items: &[String], next: Option<&str>) -> String {
    let next = next.map_or("null".to_owned(), |n| format!("\"{n}\""));
    format!(r#"{{"items":[{}],"next":{next}}}"#, items.join(","))
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn location() -> String {
    let l = web_sys::window().unwrap().location();
    format!("{}{}", l.pathname().unwrap(), l.search().unwrap())
}

fn log_calls() -> Vec<String> {
    requested_urls().into_iter().filter(|u| u.starts_with("/api/v1/moderation/log")).collect()
}

#[wasm_bindgen_test]
fn log_query_reads_and_writes_its_url() {
    let q = LogQuery::from_query("agency=demo-city-police&decision=reject");
    assert_eq!(q.agency.as_deref(), Some("demo-city-police"));
    assert_eq!(q.decision, Some(ModerationAction::Reject));
    assert_eq!(q.href(), "/moderation?agency=demo-city-police&decision=reject");
    assert_eq!(q.csv_href(), "/api/v1/moderation/log.csv?agency=demo-city-police&decision=reject");
    assert_eq!(LogQuery::from_query("?decision=nonsense&agency="), LogQuery::default());
    assert_eq!(LogQuery::default().href(), "/moderation");
    let odd = LogQuery { agency: Some("a b&c".into()), decision: Some(ModerationAction::Uphold) };
    assert_eq!(LogQuery::from_query(odd.href().split_once('?').unwrap().1), odd);
}

#[wasm_bindgen_test]
async fn the_log_lists_decisions_and_pages_back_with_older_decisions() {
    inject_leaflet();
    let first = page(
        &[
            rejected_item(30),
            item(29, "approve", 13, "[]", "null", "null"),
            item(28, "uphold", 7, r#"["pressure_language"]"#, r#""Tells residents they must share.""#, "2"),
        ],
        Some("c28"),
    );
    let older = page(&[item(27, "dismiss", 8, "[]", "null", "1")], None);
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies", 200, AGENCIES),
        ("/api/v1/moderation/log?before=c28", 200, &older),
        ("/api/v1/moderation/log", 200, &first),
    ]);
    go_to("/moderation");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);

    let list = wait_for(&container, "[data-testid='log-list']").await;
    wait_until("three decisions", || all(&list, "[data-testid='log-item']").len() == 3).await;
    assert_eq!(log_calls(), ["/api/v1/moderation/log?limit=25"]);
    let items = all(&list, "[data-testid='log-item']");

    // A rejection: action, agency, reasons (explanations on demand), note, role; the
    // submission's incident type, size and time frame, never its text.
    let rejected = text(&items[0]);
    for needle in [
        "Rejected a submission",
        "Demo City Police Department",
        "Submission #12, never published",
        ProhibitedUse::LawfulActivity.title(),
        ProhibitedUse::VictimDetails.title(),
        "Note: Asks about a march.",
        "By Porchlight moderators",
        "public log entry #50",
        "Vandalism",
        &format_area(400000.0),
        "(2 h)",
    ] {
        assert!(rejected.contains(needle), "{needle:?} missing from {rejected}");
    }
    let summary =
        items[0].query_selector("[data-reason='lawful_activity'] details summary").unwrap().expect("a disclosure");
    assert_eq!(text(&summary), ProhibitedUse::LawfulActivity.title());
    assert!(items[0].query_selector("details[open]").unwrap().is_none(), "explanations wait to be asked for");
    assert!(items[0].query_selector("a[href='/requests/12']").unwrap().is_none(), "a rejected submission has no page");
    // An approval links to the published request; an upheld report to the request.
    assert!(text(&items[1]).contains("Approved a submission") && text(&items[1]).contains("Published as request #13"));
    assert!(items[1].query_selector("a[href='/requests/13']").unwrap().is_some());
    assert!(
        text(&items[2]).contains("Upheld reports: a policy finding")
            && text(&items[2]).contains("2 reports on request #7")
    );
    // The rejected areas on one map.
    wait_for(&container, ".log-areas-map .leaflet-container").await;

    // Older decisions: the next page, appended; focus goes to the first of them.
    let older_button = wait_for(&container, "[data-testid='log-older']").await;
    older_button.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_until("four decisions", || all(&list, "[data-testid='log-item']").len() == 4).await;
    assert_eq!(log_calls()[1], "/api/v1/moderation/log?before=c28&limit=25");
    let last = all(&list, "[data-testid='log-item']").pop().unwrap();
    assert!(
        text(&last).contains("Dismissed reports") && text(&last).contains("1 report on request #8"),
        "{}",
        text(&last)
    );
    wait_until("focus on the first older decision", || {
        document().active_element().and_then(|e| e.get_attribute("data-decision-id")).as_deref() == Some("27")
    })
    .await;
    assert!(container.query_selector("[data-testid='log-older']").unwrap().is_none(), "no more pages");
    go_to("/");
}

#[wasm_bindgen_test]
async fn filters_come_from_the_url_go_to_the_api_and_change_the_url() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies", 200, AGENCIES),
        ("/api/v1/moderation/log", 200, &page(&[], None)),
    ]);
    go_to("/moderation?agency=demo-city-police&decision=reject");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);

    let empty = wait_for(&container, "[data-testid='log-empty']").await;
    assert_eq!(text(&empty), "No decisions match these filters.");
    assert_eq!(log_calls(), ["/api/v1/moderation/log?agency=demo-city-police&decision=reject&limit=25"]);
    let csv = container.query_selector("[data-testid='log-csv']").unwrap().unwrap();
    assert_eq!(
        csv.get_attribute("href").as_deref(),
        Some("/api/v1/moderation/log.csv?agency=demo-city-police&decision=reject")
    );
    // The menus show the filter (the agency once the directory has loaded).
    let agency: web_sys::HtmlSelectElement = container.query_selector("#log-agency").unwrap().unwrap().unchecked_into();
    wait_until("the agencies are listed", || agency.length() == 3).await;
    assert_eq!(agency.value(), "demo-city-police");
    let decision: web_sys::HtmlSelectElement =
        container.query_selector("#log-decision").unwrap().unwrap().unchecked_into();
    assert_eq!(decision.value(), "reject");

    // Another decision: into the URL, and asked for.
    decision.set_value("uphold");
    decision.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    wait_until("the URL has the new filter", || location() == "/moderation?agency=demo-city-police&decision=uphold")
        .await;
    wait_until("the log is asked again", || log_calls().len() == 2).await;
    assert_eq!(log_calls()[1], "/api/v1/moderation/log?agency=demo-city-police&decision=uphold&limit=25");
    // Every agency: the agency filter goes.
    agency.set_value("");
    agency.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    wait_until("the URL drops the agency", || location() == "/moderation?decision=uphold").await;
    wait_until("the log is asked again", || log_calls().len() == 3).await;
    assert_eq!(log_calls()[2], "/api/v1/moderation/log?decision=uphold&limit=25");
    let csv = container.query_selector("[data-testid='log-csv']").unwrap().unwrap();
    assert_eq!(csv.get_attribute("href").as_deref(), Some("/api/v1/moderation/log.csv?decision=uphold"));
    go_to("/");
}

#[wasm_bindgen_test]
async fn an_empty_log_and_a_failed_load_say_so() {
    inject_leaflet();
    let busy = r#"{"error":{"code":"database_unavailable","message":"The database is busy, try again."},"errors":[{"code":"database_unavailable","message":"The database is busy, try again."}]}"#;
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies", 200, AGENCIES),
        ("/api/v1/moderation/log", 503, busy),
    ]);
    go_to("/moderation");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let alert = wait_for(&container, ".log-decisions [role='alert']").await;
    // The app's text for the server's code (its English message is for API clients).
    assert!(text(&alert).contains("The server cannot reach its data right now."), "{}", text(&alert));
    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies", 200, AGENCIES),
        ("/api/v1/moderation/log", 200, &page(&[], None)),
    ]);
    alert.query_selector("button").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    let empty = wait_for(&container, "[data-testid='log-empty']").await;
    assert_eq!(text(&empty), "Moderators have not made any decisions yet.");
    assert!(container.query_selector(".log-areas-map").unwrap().is_none(), "no map without rejected areas");
    // Linked from the header for everyone.
    let nav = container.query_selector("header nav a[href='/moderation']").unwrap().expect("a header link");
    assert_eq!(nav.get_attribute("aria-current").as_deref(), Some("page"));
    go_to("/");
}

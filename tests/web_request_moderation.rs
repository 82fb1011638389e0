//! A request's moderation on its page and its agency's profile, against a fake API (no
//! network): the review line and report count, the report action for signed-in
//! residents (what it sends, and what it says after), policy-finding banners and the
//! agency's moderation figures.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_domain::moderation::ProhibitedUse;
use serde_json::json;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RESIDENT: &str = r#"{"id":3,"email":"resident@porchlight.test","display_name":"Riley Resident","role":"resident","agency":null,"hide_requests":false}"#;
const OFFICER: &str = r#"{"id":2,"email":"officer@porchlight.test","display_name":"Officer Olive Ortiz","role":"agency_staff","agency":{"slug":"demo-city-police","name":"Demo City Police Department"},"hide_requests":false}"#;

fn request() -> String {
    json!({"id": 7, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "burglary", "case_number": "26-118233", "title": "Footage near 5th and Pine",
        "description": "Residents must share their footage.", "contact": {"email": "detective@city.example"},
        "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.522], [-122.68, 45.515]]]},
        "area_m2": 400000.0, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null})
    .to_string()
}

fn finding() -> serde_json::Value {
    json!({"decision_id": 31, "request_id": 7, "reasons": ["pressure_language"],
        "note": "Tells residents they must share.", "decided_at": "2026-11-29T10:00:00Z", "log_index": 40})
}

fn moderation(reviewed: bool, reports: u64, mine: bool, findings: serde_json::Value) -> String {
    json!({"request_id": 7, "reviewed_at": if reviewed { json!("2026-11-28T09:00:00Z") } else { json!(null) },
        "report_count": reports, "reported_by_me": mine, "findings": findings})
    .to_string()
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn mount_request(
    me: (u16, &str),
    moderation: &str,
    report: (u16, &str),
) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    inject_leaflet();
    let request = request();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", me.0, me.1),
        ("/api/v1/log/", 503, "{}"),
        ("/api/v1/requests/7/moderation", 200, moderation),
        ("/api/v1/requests/7/reports", report.0, report.1),
        ("/api/v1/requests/7", 200, &request),
    ]);
    go_to("/requests/7");
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    (container, Box::new(handle))
}

fn finish(container: web_sys::HtmlElement, handle: Box<dyn std::any::Any>) {
    drop(handle);
    container.remove();
    go_to("/");
}

fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn posts() -> Vec<String> {
    calls().into_iter().filter(|c| c.starts_with("POST ")).collect()
}

fn active_id() -> String {
    document().active_element().map(|e| e.id()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_resident_reports_a_request_once_with_a_reason_and_a_comment() {
    let (container, handle) = mount_request((200, RESIDENT), &moderation(true, 1, false, json!([])), (201, "{}"));
    let line = wait_for(&container, "[data-testid='request-moderation']").await;
    let review = text(&line.query_selector("[data-testid='review-status']").unwrap().unwrap());
    assert!(review.starts_with("Reviewed by Porchlight moderators on ") && review.contains("2026"), "{review}");
    assert_eq!(text(&line.query_selector("[data-testid='report-count']").unwrap().unwrap()), "Reported by 1 resident");
    assert!(container.query_selector("[data-testid='finding-banner']").unwrap().is_none());

    // The form opens in place, starting at the reason.
    let open = wait_for(&line, "[data-testid='report-open']").await;
    assert_eq!(text(&open), "Report this request");
    open.unchecked_ref::<web_sys::HtmlElement>().click();
    let form = wait_for(&line, "[data-testid='report-form']").await;
    wait_until("focus on the reason", || active_id() == "report-reason").await;
    let options: Vec<String> = all(&form, "#report-reason option").iter().skip(1).map(text).collect();
    assert_eq!(options, ProhibitedUse::ALL.iter().map(|r| r.title().to_owned()).collect::<Vec<_>>());
    // Sending without a reason asks for one; nothing goes out.
    click(&form, "[data-testid='report-send']");
    let msg = wait_for(&form, "#report-reason-msg .field-error").await;
    assert_eq!(text(&msg), "Choose the rule this request breaks.");
    assert!(posts().is_empty());

    let select: web_sys::HtmlSelectElement = form.query_selector("#report-reason").unwrap().unwrap().unchecked_into();
    select.set_value("pressure_language");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    let explanation = form.query_selector("#report-reason-explanation").unwrap().unwrap();
    wait_until("the reason's explanation shows", || {
        text(&explanation) == normalise(ProhibitedUse::PressureLanguage.explanation())
    })
    .await;
    let comment: web_sys::HtmlTextAreaElement =
        form.query_selector("#report-comment").unwrap().unwrap().unchecked_into();
    comment.set_value(" Says we must share. ");
    comment.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    click(&form, "[data-testid='report-send']");
    wait_until("the report is sent", || posts().len() == 1).await;
    assert_eq!(
        posts()[0],
        r#"POST /api/v1/requests/7/reports {"reason":"pressure_language","comment":"Says we must share."}"#
    );

    let done = wait_for(&line, "[data-testid='report-done']").await;
    assert_eq!(text(&done), "You reported this request. Moderators will look at it.");
    wait_until("focus on the confirmation", || active_id() == "report-done").await;
    assert_eq!(text(&line.query_selector("[data-testid='report-count']").unwrap().unwrap()), "Reported by 2 residents");
    assert!(line.query_selector("[data-testid='report-open']").unwrap().is_none());
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn a_second_report_and_a_cancelled_one() {
    // Already reported (from an earlier visit): said, no action.
    let (container, handle) = mount_request((200, RESIDENT), &moderation(true, 1, true, json!([])), (201, "{}"));
    let done = wait_for(&container, "[data-testid='report-done']").await;
    assert_eq!(text(&done), "You reported this request.");
    assert!(container.query_selector("[data-testid='report-open']").unwrap().is_none());
    finish(container, handle);

    // Reported in another tab meanwhile: the server's 409 says the same.
    let conflict = r#"{"error":{"code":"already_reported","message":"You already reported this request."},"errors":[{"code":"already_reported","message":"You already reported this request."}]}"#;
    let (container, handle) = mount_request((200, RESIDENT), &moderation(false, 0, false, json!([])), (409, conflict));
    let line = wait_for(&container, "[data-testid='request-moderation']").await;
    assert_eq!(
        text(&line.query_selector("[data-testid='review-status']").unwrap().unwrap()),
        "Published without review"
    );
    assert_eq!(text(&line.query_selector("[data-testid='report-count']").unwrap().unwrap()), "No reports");
    // Cancel closes the form and gives focus back to the button.
    wait_for(&line, "[data-testid='report-open']").await;
    click(&line, "[data-testid='report-open']");
    let form = wait_for(&line, "[data-testid='report-form']").await;
    click(&form, "[data-testid='report-cancel']");
    wait_until("focus back on the button", || active_id() == "report-open").await;
    click(&line, "[data-testid='report-open']");
    let form = wait_for(&line, "[data-testid='report-form']").await;
    let select: web_sys::HtmlSelectElement = form.query_selector("#report-reason").unwrap().unwrap().unchecked_into();
    select.set_value("other");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    click(&form, "[data-testid='report-send']");
    let done = wait_for(&line, "[data-testid='report-done']").await;
    assert_eq!(text(&done), "You reported this request already.");
    assert_eq!(posts(), [r#"POST /api/v1/requests/7/reports {"reason":"other","comment":null}"#]);
    assert_eq!(text(&line.query_selector("[data-testid='report-count']").unwrap().unwrap()), "No reports");
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn only_signed_in_residents_get_the_report_action() {
    let (container, handle) = mount_request((401, SIGNED_OUT), &moderation(true, 0, false, json!([])), (201, "{}"));
    let line = wait_for(&container, "[data-testid='request-moderation']").await;
    let sign_in = wait_for(&line, "a[href='/login']").await;
    assert_eq!(text(&sign_in), "Sign in");
    assert!(line.query_selector("[data-testid='report-open']").unwrap().is_none());
    finish(container, handle);

    let (container, handle) = mount_request((200, OFFICER), &moderation(true, 0, false, json!([])), (201, "{}"));
    let line = wait_for(&container, "[data-testid='request-moderation']").await;
    sleep(100).await;
    assert!(line.query_selector("[data-testid='report-open']").unwrap().is_none());
    assert!(line.query_selector("a[href='/login']").unwrap().is_none());
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn a_policy_finding_is_a_banner_on_the_request() {
    let (container, handle) =
        mount_request((401, SIGNED_OUT), &moderation(true, 2, false, json!([finding()])), (201, "{}"));
    let banner = wait_for(&container, "[data-testid='finding-banner']").await;
    let shown = text(&banner);
    for needle in [
        "Policy finding",
        "this request breaks Porchlight's rules",
        "no longer appears on the map or in the feed",
        ProhibitedUse::PressureLanguage.title(),
        "Moderators' note: Tells residents they must share.",
        "Found on ",
    ] {
        assert!(shown.contains(needle), "{needle:?} missing from {shown}");
    }
    let link = banner.query_selector("[data-testid='finding-log-link']").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/moderation?agency=demo-city-police&decision=uphold"));
    // Under the request's heading, above the rest of the page.
    let details = container.query_selector("[data-testid='request-details']").unwrap().unwrap();
    assert!(details.contains(Some(&banner)));
    assert_eq!(
        text(&container.query_selector("[data-testid='report-count']").unwrap().unwrap()),
        "Reported by 2 residents"
    );
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn a_server_without_moderation_shows_the_request_as_before() {
    inject_leaflet();
    let request = request();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/log/", 503, "{}"),
        ("/api/v1/requests/7/moderation", 404, r#"{"error":{"code":"not_found","message":"Not found."},"errors":[]}"#),
        ("/api/v1/requests/7", 200, &request),
    ]);
    go_to("/requests/7");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    wait_for(&container, "[data-testid='request-details'] h1").await;
    wait_until("the moderation call answered", || {
        requested_urls().iter().any(|u| u == "/api/v1/requests/7/moderation")
    })
    .await;
    sleep(100).await;
    assert!(container.query_selector("[data-testid='request-moderation']").unwrap().is_none());
    assert!(container.query_selector("[data-testid='request-details'] [role='alert']").unwrap().is_none());
    go_to("/");
}

fn profile(findings: serde_json::Value, moderation: serde_json::Value, total: u64) -> String {
    let months: Vec<serde_json::Value> = (1..=12)
        .map(|m| json!({"month": format!("2026-{m:02}"), "requests": if m == 11 { total } else { 0 }}))
        .collect();
    json!({
        "slug": "demo-city-police", "name": "Demo City Police Department", "jurisdiction": "Demo City", "region": "Oregon",
        "center": {"lat": 45.5152, "lng": -122.6784}, "contact_email": null, "contact_phone": null,
        "created_at": "2025-01-05T00:00:00Z", "total_requests": total, "open_requests": total, "resolved_requests": 0,
        "requests_last_12_months": total, "findings": findings,
        "stats": {"as_of": "2026-11-28T09:00:00Z",
            "first_request_at": if total > 0 { json!("2026-11-02T10:00:00Z") } else { json!(null) },
            "last_request_at": if total > 0 { json!("2026-11-20T10:00:00Z") } else { json!(null) },
            "total_requests": total, "open_requests": total, "resolved_requests": 0, "requests_per_month": months,
            "median_area_m2": if total > 0 { json!(400000.0) } else { json!(null) },
            "median_time_frame_secs": if total > 0 { json!(7200) } else { json!(null) },
            "incident_types": if total > 0 { json!([{"incident_type": "burglary", "requests": total}]) } else { json!([]) },
            "moderation": moderation}
    })
    .to_string()
}

fn mount_profile(profile: &str) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    inject_leaflet();
    let empty_grid = r#"{"cell_deg":0.02197265625,"total":0,"hidden_by_preference":false,"cells":[]}"#;
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/grid", 200, empty_grid),
        ("/api/v1/agencies/demo-city-police/requests.geojson", 200, r#"{"type":"FeatureCollection","features":[]}"#),
        ("/api/v1/agencies/demo-city-police/requests", 200, r#"{"items":[],"next":null,"hidden_by_preference":false}"#),
        ("/api/v1/agencies/demo-city-police", 200, profile),
    ]);
    go_to("/agencies/demo-city-police");
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    (container, Box::new(handle))
}

#[wasm_bindgen_test]
async fn the_agency_profile_shows_its_findings_and_moderation_figures() {
    let figures = json!({"submitted": 14, "pending": 2, "approved": 9, "rejected": 3,
        "published_without_review": 40, "findings": 1, "median_decision_secs": 5400});
    let (container, handle) = mount_profile(&profile(json!([finding()]), figures, 9));
    let banner = wait_for(&container, "[data-testid='finding-banner']").await;
    let shown = text(&banner);
    assert!(shown.contains("against one of this agency's requests"), "{shown}");
    assert!(banner.query_selector("a[href='/requests/7']").unwrap().is_some(), "the finding names its request");
    assert!(shown.contains(ProhibitedUse::PressureLanguage.title()));

    let panel = wait_for(&container, "[data-testid='agency-stats'] [data-testid='moderation-figures']").await;
    for (id, value) in [
        ("stat-submitted", "14"),
        ("stat-approved", "9"),
        ("stat-rejected", "3"),
        ("stat-pending", "2"),
        ("stat-findings", "1"),
        ("stat-median-decision", "1 h 30 min"),
        ("stat-unreviewed", "40"),
    ] {
        let figure =
            panel.query_selector(&format!("[data-testid='{id}']")).unwrap().unwrap_or_else(|| panic!("no {id}"));
        assert_eq!(text(&figure), value, "{id}");
    }
    for link in [
        panel.query_selector("[data-testid='agency-moderation-link']").unwrap().unwrap(),
        container.query_selector("[data-testid='agency-log-link']").unwrap().unwrap(),
    ] {
        assert_eq!(link.get_attribute("href").as_deref(), Some("/moderation?agency=demo-city-police"));
    }
    finish(container, handle);

    // An agency whose every submission was refused still shows what it sent.
    let figures = json!({"submitted": 2, "pending": 0, "approved": 0, "rejected": 2,
        "published_without_review": 0, "findings": 0, "median_decision_secs": null});
    let (container, handle) = mount_profile(&profile(json!([]), figures, 0));
    wait_for(&container, "[data-testid='agency-empty']").await;
    let panel = wait_for(&container, "[data-testid='moderation-figures']").await;
    assert_eq!(text(&panel.query_selector("[data-testid='stat-rejected']").unwrap().unwrap()), "2");
    assert_eq!(text(&panel.query_selector("[data-testid='stat-median-decision']").unwrap().unwrap()), "—");
    assert!(container.query_selector("[data-testid='finding-banner']").unwrap().is_none());
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn the_agency_staff_see_what_is_not_published_and_nobody_else_asks() {
    let figures = json!({"submitted": 3, "pending": 1, "approved": 1, "rejected": 1,
        "published_without_review": 0, "findings": 0, "median_decision_secs": 3600});
    let profile = profile(json!([]), figures, 1);
    let submissions = json!({"items": [
        {"id": 14, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"}, "status": "pending_review",
         "submitted_at": "2026-11-28T08:00:00Z", "incident_type": "burglary", "case_number": "26-1", "title": "Awaiting one",
         "description": "A bicycle.", "contact": {"email": "d@city.example"},
         "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z"},
         "area": {"type": "Polygon", "coordinates": [[[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.522], [-122.68, 45.515]]]},
         "area_m2": 400000.0, "concerns": [], "review": null},
        {"id": 13, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"}, "status": "approved",
         "submitted_at": "2026-11-27T08:00:00Z", "incident_type": "burglary", "case_number": "26-2", "title": "Published one",
         "description": "A bicycle.", "contact": {"email": "d@city.example"},
         "time_frame": {"start": "2026-11-27T01:00:00Z", "end": "2026-11-27T03:00:00Z"},
         "area": {"type": "Polygon", "coordinates": [[[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.522], [-122.68, 45.515]]]},
         "area_m2": 400000.0, "concerns": [],
         "review": {"decision": "approve", "reasons": [], "note": null, "decided_at": "2026-11-27T09:00:00Z", "log_index": 3}}
    ]})
    .to_string();
    for (me, sees) in [((200, OFFICER), true), ((200, RESIDENT), false), ((401, SIGNED_OUT), false)] {
        inject_leaflet();
        let empty_grid = r#"{"cell_deg":0.02197265625,"total":0,"hidden_by_preference":false,"cells":[]}"#;
        fake_api(&[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", me.0, me.1),
            ("/api/v1/requests/grid", 200, empty_grid),
            ("/api/v1/agencies/demo-city-police/submissions", 200, &submissions),
            (
                "/api/v1/agencies/demo-city-police/requests.geojson",
                200,
                r#"{"type":"FeatureCollection","features":[]}"#,
            ),
            (
                "/api/v1/agencies/demo-city-police/requests",
                200,
                r#"{"items":[],"next":null,"hidden_by_preference":false}"#,
            ),
            ("/api/v1/agencies/demo-city-police", 200, &profile),
        ]);
        go_to("/agencies/demo-city-police");
        let container = fresh_container();
        let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
        wait_for(&container, "[data-testid='moderation-figures']").await;
        if sees {
            let section = wait_for(&container, "[data-testid='agency-submissions']").await;
            wait_until("the list", || !all(&section, "[data-testid='agency-submission']").is_empty()).await;
            let items = all(&section, "[data-testid='agency-submission']");
            assert_eq!(items.len(), 1, "only what is not published");
            assert!(text(&items[0]).contains("Awaiting one") && text(&items[0]).contains("Awaiting review"));
            assert!(items[0].query_selector("a[href='/submissions/14']").unwrap().is_some());
        } else {
            sleep(150).await;
            assert!(container.query_selector("[data-testid='agency-submissions']").unwrap().is_none());
            assert!(!requested_urls().iter().any(|u| u.ends_with("/submissions")), "{:?}", requested_urls());
        }
        drop(handle);
        container.remove();
    }
    go_to("/");
}

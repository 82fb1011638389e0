//! The email alert pages with a fake API (no network): the subscribe form checks the
//! domain's alert rules as the reader draws and types, sends the reader's language and
//! says "check your email"; the agency profile's link picks the agency; the confirm page
//! confirms only on its button and tells done, expired and unknown apart; the manage
//! page shows the subscription and unsubscribes after asking twice.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_app::i18n::Lang;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

const AGENCIES: &str = r#"[
  {"slug":"demo-city-police","name":"Demo City Police Department","jurisdiction":"Demo City","region":"Oregon","center":{"lat":45.5,"lng":-122.6},"total_requests":60,"requests_last_12_months":58},
  {"slug":"bay-county-sheriff","name":"Bay County Sheriff","jurisdiction":"Bay County","region":"Oregon","center":{"lat":45.4,"lng":-122.7},"total_requests":3,"requests_last_12_months":3}
]"#;
const ACCEPTED: &str = r#"{"status":"confirmation_sent"}"#;

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

/// Mounts the whole app on `path` (the alert form is in its build).
fn mount_at(path: &str) -> (HtmlElement, Box<dyn std::any::Any>) {
    go_to(path);
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    (container, Box::new(handle))
}

fn subscribe_api() {
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/agencies", 200, AGENCIES),
        ("/api/v1/alerts/subscriptions", 202, ACCEPTED),
    ]);
}

fn type_into(container: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = container.query_selector(selector).unwrap().unwrap().unchecked_into();
    input.set_value(value);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn click(container: &HtmlElement, selector: &str) {
    let element: HtmlElement = container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}: {}", text(container)))
        .unchecked_into();
    element.click();
}

/// A circle of `radius_m` around Portland typed in without the map.
async fn circle(container: &HtmlElement, radius_m: &str) {
    type_into(container, "#kb-lat", "45.515");
    type_into(container, "#kb-lng", "-122.68");
    type_into(container, "#kb-radius", radius_m);
    click(container, "[data-testid='kb-set-circle']");
    leptos::task::tick().await;
}

fn posted_subscriptions() -> Vec<serde_json::Value> {
    calls()
        .iter()
        .filter_map(|c| c.strip_prefix("POST /api/v1/alerts/subscriptions "))
        .map(|body| serde_json::from_str(body).unwrap())
        .collect()
}

fn focused_id() -> String {
    document().active_element().map(|e| e.id()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn an_area_too_large_is_refused_on_the_spot_and_a_good_one_is_sent_in_the_readers_language() {
    inject_leaflet();
    english();
    subscribe_api();
    let (container, _handle) = mount_at("/alerts/new");
    leptos::task::tick().await;
    wait_for(&container, "#alert-form").await;
    let area_radio: HtmlInputElement = container.query_selector("#alert-watch-area").unwrap().unwrap().unchecked_into();
    assert!(area_radio.checked(), "an area is the default");
    assert_eq!(text(&container.query_selector("#alert-area-size").unwrap().unwrap()), "No area drawn yet.");

    // Sent with nothing: every problem under its field, focus on the first.
    click(&container, "#alert-form button[type='submit']");
    leptos::task::tick().await;
    assert!(
        text(&wait_for(&container, "#alert-email-msg .field-error").await).contains("should be like name@city.example")
    );
    assert!(text(&container.query_selector("#area-msg").unwrap().unwrap()).contains("Draw an area on the map"));
    assert_eq!(focused_id(), "alert-email");
    assert!(posted_subscriptions().is_empty());

    // 6 km around downtown: about 43.7 sq mi, allowed; 7 km: 59.5 sq mi, not.
    type_into(&container, "#alert-email", "neighbour@example.org");
    circle(&container, "7000").await;
    let messages = text(&wait_for(&container, "#area-msg .field-error").await);
    assert_eq!(messages, "The area is larger than alerts may watch, 50 sq mi. Draw a smaller one.");
    assert!(text(&container.query_selector("#alert-area-size").unwrap().unwrap()).starts_with("Area drawn: 59."));
    click(&container, "#alert-form button[type='submit']");
    leptos::task::tick().await;
    assert!(posted_subscriptions().is_empty(), "{:?}", calls());

    circle(&container, "6000").await;
    wait_until("the area's message goes", || container.query_selector("#area-msg .field-error").unwrap().is_none())
        .await;
    assert!(text(&container.query_selector("#alert-area-size").unwrap().unwrap()).starts_with("Area drawn: 43."));
    click(&container, "#alert-type-burglary");
    click(&container, "#alert-form button[type='submit']");
    let sent = wait_for(&container, "[data-testid='alert-sent']").await;
    assert!(text(&sent).starts_with("Check your email"), "{}", text(&sent));
    assert!(text(&sent).contains("neighbour@example.org"));
    assert_eq!(focused_id(), "", "focus is on the notice, which has no id");
    assert_eq!(document().active_element().unwrap().get_attribute("data-testid").as_deref(), Some("alert-sent"));
    let posted = posted_subscriptions();
    assert_eq!(posted.len(), 1);
    let body = &posted[0];
    assert_eq!(body["email"], "neighbour@example.org");
    assert_eq!(body["language"], "en");
    assert_eq!(body["incident_types"], serde_json::json!(["burglary"]));
    assert!(body.get("agency").is_none());
    let ring = body["area"]["coordinates"][0].as_array().unwrap();
    assert!(ring.len() > 20, "a circle's ring");
    assert_eq!(ring.first(), ring.last(), "closed");
}

#[wasm_bindgen_test]
async fn the_agency_profile_link_picks_the_agency_and_spanish_readers_get_spanish_emails() {
    inject_leaflet();
    subscribe_api();
    go_to("/alerts/new?agency=bay-county-sheriff");
    let container = fresh_container();
    show_language(Lang::Es);
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;
    wait_for(&container, "#alert-form").await;
    assert_eq!(text(&container.query_selector("h1").unwrap().unwrap()), "Alertas por correo");
    let agency_radio: HtmlInputElement =
        container.query_selector("#alert-watch-agency").unwrap().unwrap().unchecked_into();
    assert!(agency_radio.checked());
    wait_until("the agencies are listed", || {
        container.query_selector("#alert-agency option[value='bay-county-sheriff']").unwrap().is_some()
    })
    .await;
    leptos::task::tick().await;
    let select: HtmlSelectElement = container.query_selector("#alert-agency").unwrap().unwrap().unchecked_into();
    assert_eq!(select.value(), "bay-county-sheriff");
    type_into(&container, "#alert-email", "vecina@example.org");
    click(&container, "#alert-form button[type='submit']");
    let sent = wait_for(&container, "[data-testid='alert-sent']").await;
    assert!(text(&sent).starts_with("Revise su correo"), "{}", text(&sent));
    let posted = posted_subscriptions();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0]["agency"], "bay-county-sheriff");
    assert_eq!(posted[0]["language"], "es");
    assert!(posted[0].get("area").is_none());
    english();
}

#[wasm_bindgen_test]
async fn confirming_takes_a_press_and_tells_done_expired_and_unknown_apart() {
    english();
    let subscription = r#"{"email":"n@example.org","area":null,"area_m2":null,
      "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},"incident_types":[],
      "language":"en","confirmed":true,"disabled":false,"created_at":"2026-12-06T10:00:00Z",
      "feed_url":"/api/v1/feeds/areas/feedtok.atom","manage_url":"/alerts/manage/managetok"}"#;
    for (status, body, shown) in [
        (200, subscription, "alert-confirmed"),
        (410, r#"{"error":{"code":"alert_link_expired","message":"Expired."},"errors":[]}"#, "alert-expired"),
        (404, r#"{"error":{"code":"alert_link_unknown","message":"Unknown."},"errors":[]}"#, "alert-unknown"),
    ] {
        fake_api(&[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 401, SIGNED_OUT),
            ("/api/v1/alerts/confirm/tok-1", status, body),
        ]);
        let (container, _handle) = mount_at("/alerts/confirm/tok-1");
        leptos::task::tick().await;
        wait_for(&container, "[data-testid='alert-confirm']").await;
        sleep(100).await;
        // Opening the link confirms nothing: mail scanners open links.
        assert!(!calls().iter().any(|c| c.starts_with("POST")), "{:?}", calls());
        click(&container, "[data-testid='alert-confirm']");
        let state = wait_for(&container, &format!("[data-testid='{shown}']")).await;
        assert_eq!(calls().iter().filter(|c| c.starts_with("POST /api/v1/alerts/confirm/tok-1")).count(), 1);
        match status {
            200 => {
                assert!(text(&state).starts_with("Confirmed."));
                assert_eq!(
                    state.query_selector("a").unwrap().unwrap().get_attribute("href").as_deref(),
                    Some("/alerts/manage/managetok")
                );
            }
            410 => assert!(text(&state).contains("has expired")),
            _ => assert!(text(&state).contains("is not known")),
        }
    }
}

#[wasm_bindgen_test]
async fn the_manage_page_shows_the_area_and_unsubscribes_after_asking() {
    inject_leaflet();
    english();
    let subscription = r#"{"email":"n@example.org",
      "area":{"type":"Polygon","coordinates":[[[-122.70,45.50],[-122.68,45.50],[-122.68,45.52],[-122.70,45.52],[-122.70,45.50]]]},
      "area_m2":3470000.0,"agency":null,"incident_types":["burglary","theft"],
      "language":"en","confirmed":true,"disabled":false,"created_at":"2026-12-06T10:00:00Z",
      "feed_url":"/api/v1/feeds/areas/feedtok.atom","manage_url":"/alerts/manage/tok-2"}"#;
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/alerts/manage/tok-2", 200, subscription),
    ]);
    let (container, _handle) = mount_at("/alerts/manage/tok-2");
    leptos::task::tick().await;
    let facts = wait_for(&container, "[data-testid='alert-subscription']").await;
    let shown = text(&facts);
    assert!(shown.contains("n@example.org"), "{shown}");
    assert!(shown.contains("Burglary, Theft"), "{shown}");
    assert!(shown.contains("Confirmed: alerts are sent"), "{shown}");
    assert!(text(&container.query_selector("[data-testid='alert-watches']").unwrap().unwrap()).contains("1.34 sq mi"));
    let feed = facts.query_selector("a[type='application/atom+xml']").unwrap().unwrap();
    assert_eq!(feed.get_attribute("href").as_deref(), Some("/api/v1/feeds/areas/feedtok.atom"));
    wait_for(&container, ".alert-map .leaflet-container").await;

    // One press asks; "Keep it" keeps it; "Yes" deletes.
    click(&container, "[data-testid='alert-unsubscribe']");
    leptos::task::tick().await;
    wait_for(&container, "[data-testid='alert-unsubscribe-yes']").await;
    assert_eq!(
        document().active_element().unwrap().get_attribute("data-testid").as_deref(),
        Some("alert-unsubscribe-yes")
    );
    // "Keep it": nothing is deleted, focus is back on "Unsubscribe".
    click(&container, "[data-testid='alert-unsubscribe-no']");
    leptos::task::tick().await;
    wait_until("focus is back on Unsubscribe", || {
        document().active_element().and_then(|e| e.get_attribute("data-testid")).as_deref() == Some("alert-unsubscribe")
    })
    .await;
    click(&container, "[data-testid='alert-unsubscribe']");
    leptos::task::tick().await;
    wait_for(&container, "[data-testid='alert-unsubscribe-yes']").await;
    assert!(!calls().iter().any(|c| c.starts_with("DELETE")));
    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/alerts/manage/tok-2", 204, ""),
    ]);
    click(&container, "[data-testid='alert-unsubscribe-yes']");
    let done = wait_for(&container, "[data-testid='alert-unsubscribed']").await;
    assert!(text(&done).starts_with("Unsubscribed."));
    assert_eq!(calls().iter().filter(|c| c.starts_with("DELETE /api/v1/alerts/manage/tok-2")).count(), 1);

    // A link whose subscription is gone.
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        (
            "/api/v1/alerts/manage/tok-3",
            404,
            r#"{"error":{"code":"alert_link_unknown","message":"Unknown."},"errors":[]}"#,
        ),
    ]);
    let (container, _second) = mount_at("/alerts/manage/tok-3");
    leptos::task::tick().await;
    let gone = wait_for(&container, "[data-testid='alert-gone']").await;
    assert!(text(&gone).contains("no longer exists"));
}

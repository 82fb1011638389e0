//! Local time ↔ UTC in the reader's own time zone (the browser's), against values
//! written out by hand for each zone the suite runs in: scripts/test.sh runs the
//! component suite with `TZ=UTC`, then this file (and the form's) with
//! `TZ=America/Anchorage` (−09:00, −08:00 in summer, with daylight-saving changes) and
//! `TZ=Asia/Kolkata` (+05:30). Nothing here computes an expected value with the app's
//! conversions, so an offset bug fails in the zones where it shows.
//!
//! The zone is the one `TZ` named when this file was built (cargo rebuilds it when `TZ`
//! changes); the first test checks that Chromium really runs in it.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use leptos::prelude::*;
use porchlight_app::components::{FeedItem, TimeFrameFields};
use porchlight_app::format::{format_time_frame, Zone};
use porchlight_app::request_form::{local_input_to_utc, utc_to_local_input, FormCheck, FormState, DRAFT_KEY};
use porchlight_domain::wire::PublishedRequest;
use support::*;
use time::macros::datetime;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What one zone must show and send, by hand.
struct Expected {
    /// The `TZ` values and IANA names (as `Intl` reports them) of the zone.
    names: &'static [&'static str],
    /// `Date.getTimezoneOffset()` on 27 November 2026, minutes (UTC minus local).
    winter_offset_min: f64,
    /// 2026-11-27 22:00Z and 2026-11-28 00:00Z as `datetime-local` values.
    winter_local: [&'static str; 2],
    /// The same two hours as the feed shows them.
    winter_shown: &'static str,
    /// 2026-07-04 02:00:05Z as a `datetime-local` value.
    summer_local: &'static str,
    /// What the API receives for the typed values `2026-11-27T13:00` and
    /// `2026-07-03T18:00:05`.
    typed_utc: [&'static str; 2],
    /// The end the duration menu sets for a start of `2026-03-08T01:00` plus 2 h (the
    /// night the US springs forward).
    spring_end: &'static str,
    /// Seconds from `2026-03-08T01:30` to `2026-03-08T03:30`, and from
    /// `2026-11-01T00:30` to `2026-11-01T02:30` (the night it falls back).
    dst_nights_s: [i64; 2],
}

const ZONES: [Expected; 3] = [
    Expected {
        names: &["UTC", "Etc/UTC"],
        winter_offset_min: 0.0,
        winter_local: ["2026-11-27T22:00:00", "2026-11-28T00:00:00"],
        winter_shown: "Fri, Nov 27, 2026, 10:00 PM – Sat, Nov 28, 2026, 12:00 AM UTC (2 h)",
        summer_local: "2026-07-04T02:00:05",
        typed_utc: ["2026-11-27T13:00:00Z", "2026-07-03T18:00:05Z"],
        spring_end: "2026-03-08T03:00:00",
        dst_nights_s: [7_200, 7_200],
    },
    Expected {
        names: &["America/Anchorage"],
        winter_offset_min: 540.0,
        winter_local: ["2026-11-27T13:00:00", "2026-11-27T15:00:00"],
        winter_shown: "Fri, Nov 27, 2026, 1:00 PM – 3:00 PM AKST (2 h)",
        summer_local: "2026-07-03T18:00:05",
        typed_utc: ["2026-11-27T22:00:00Z", "2026-07-04T02:00:05Z"],
        // 01:00 + 2 h of real time: 02:00 does not exist that night.
        spring_end: "2026-03-08T04:00:00",
        dst_nights_s: [3_600, 10_800],
    },
    Expected {
        names: &["Asia/Kolkata", "Asia/Calcutta"],
        winter_offset_min: -330.0,
        winter_local: ["2026-11-28T03:30:00", "2026-11-28T05:30:00"],
        winter_shown: "Sat, Nov 28, 2026, 3:30 AM – 5:30 AM GMT+5:30 (2 h)",
        summer_local: "2026-07-04T07:30:05",
        typed_utc: ["2026-11-27T07:30:00Z", "2026-07-03T12:30:05Z"],
        spring_end: "2026-03-08T03:00:00",
        dst_nights_s: [7_200, 7_200],
    },
];

/// The browser's zone as `Intl` names it (not through the app's `Zone`).
fn browser_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into()).unwrap().as_string().unwrap()
}

/// The expected values of the zone the browser runs in.
fn expected() -> &'static Expected {
    let zone = browser_zone();
    ZONES.iter().find(|z| z.names.contains(&zone.as_str())).unwrap_or_else(|| {
        panic!(
            "no expected values for the time zone {zone:?}: run the component tests with TZ=UTC, \
             TZ=America/Anchorage or TZ=Asia/Kolkata (as scripts/test.sh does)"
        )
    })
}

#[wasm_bindgen_test]
fn the_browser_runs_in_the_zone_asked_for() {
    let zone = expected();
    if let Some(asked) = option_env!("TZ") {
        assert!(zone.names.contains(&asked), "TZ={asked}, but Chromium runs in {}", browser_zone());
    }
    let winter = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::utc(2026.0, 10.0)));
    let winter = js_sys::Date::new(&JsValue::from_f64(winter.get_time() + 26.0 * 86_400_000.0));
    assert_eq!(winter.get_timezone_offset(), zone.winter_offset_min, "in {}", browser_zone());
}

#[wasm_bindgen_test]
fn typed_local_times_reach_the_api_in_utc() {
    let zone = expected();
    let state =
        FormState { start: "2026-11-27T13:00".into(), end: "2026-07-03T18:00:05".into(), ..FormState::default() };
    let sent = state.to_input().time_frame;
    assert_eq!([sent.start.as_str(), sent.end.as_str()], zone.typed_utc);
    assert_eq!(local_input_to_utc("2026-11-27T13:00").map(|t| t.unix_timestamp()), Some(unix(zone.typed_utc[0])));
}

#[wasm_bindgen_test]
fn utc_times_fill_the_inputs_in_local_time() {
    let zone = expected();
    assert_eq!(utc_to_local_input(datetime!(2026-11-27 22:00 UTC)), zone.winter_local[0]);
    assert_eq!(utc_to_local_input(datetime!(2026-11-28 00:00 UTC)), zone.winter_local[1]);
    assert_eq!(utc_to_local_input(datetime!(2026-07-04 02:00:05 UTC)), zone.summer_local);
}

/// Seconds since the epoch of an RFC 3339 UTC literal (`time`'s parser, not the app's).
fn unix(rfc3339: &str) -> i64 {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).unwrap().unix_timestamp()
}

#[wasm_bindgen_test]
async fn the_feed_shows_times_in_the_readers_zone() {
    let zone = expected();
    assert_eq!(
        normalise(&format_time_frame(
            datetime!(2026-11-27 22:00 UTC),
            datetime!(2026-11-28 00:00 UTC),
            &Zone::reader()
        )),
        zone.winter_shown
    );
    let request: PublishedRequest = serde_json::from_value(serde_json::json!({
        "id": 7, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "burglary", "case_number": "26-118233", "title": "Footage near 5th and Pine",
        "description": "Bicycle.", "contact": {"email": "detective@city.example"},
        "time_frame": {"start": "2026-11-27T22:00:00Z", "end": "2026-11-28T00:00:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]},
        "area_m2": 400000.0, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null
    }))
    .unwrap();
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), move || view! { <ul><FeedItem request=request/></ul> });
    leptos::task::tick().await;
    let shown = text(&container);
    assert!(shown.contains(&format!("Footage wanted: {}", zone.winter_shown)), "{shown}");
    container.remove();
}

#[wasm_bindgen_test]
async fn durations_count_real_time_across_daylight_saving_changes() {
    let zone = expected();
    let now = datetime!(2026-11-28 08:00 UTC);
    let duration = |start: &str, end: &str| {
        let state = FormState { start: start.into(), end: end.into(), ..FormState::default() };
        FormCheck::run(&state.to_input(), now).duration_s
    };
    assert_eq!(duration("2026-03-08T01:30", "2026-03-08T03:30"), Some(zone.dst_nights_s[0]));
    assert_eq!(duration("2026-11-01T00:30", "2026-11-01T02:30"), Some(zone.dst_nights_s[1]));

    // The duration menu sets the end from the start plus real time.
    let container = fresh_container();
    let (start, end) = (RwSignal::new("2026-03-08T01:00".to_owned()), RwSignal::new(String::new()));
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <TimeFrameFields
                start
                end
                zone_name="the reader's"
                duration_s=Signal::stored(None)
                start_messages=Signal::stored(Vec::new())
                end_messages=Signal::stored(Vec::new())
                frame_messages=Signal::stored(Vec::new())
            />
        }
    });
    leptos::task::tick().await;
    choose(&container, "#tf-duration-pick", "120");
    leptos::task::tick().await;
    assert_eq!(end.get_untracked(), zone.spring_end);
    let input: web_sys::HtmlInputElement = container.query_selector("#tf-end").unwrap().unwrap().unchecked_into();
    // The input shows it without the zero seconds.
    assert_eq!(input.value(), zone.spring_end.strip_suffix(":00").unwrap());
    drop(handle);
    container.remove();
}

fn choose(root: &web_sys::Element, selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = root.query_selector(selector).unwrap().unwrap().unchecked_into();
    select.set_value(value);
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

const OFFICER: &str = r#"{"id":2,"email":"officer@porchlight.test","display_name":"Officer Olive Ortiz","role":"agency_staff","agency":{"slug":"demo-city-police","name":"Demo City Police Department"},"hide_requests":false}"#;

#[wasm_bindgen_test]
async fn the_request_form_names_the_zone_and_sends_what_was_typed_in_utc() {
    let zone = expected();
    inject_leaflet();
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 200, OFFICER)]);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item(DRAFT_KEY).unwrap();
    let history = web_sys::window().unwrap().history().unwrap();
    history.replace_state_with_url(&JsValue::NULL, "", Some("/requests/new")).unwrap();
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let named = wait_for(&container, "[data-testid='tf-zone']").await;
    assert!(zone.names.contains(&text(&named).as_str()), "the form names {:?}", text(&named));

    // Typed as a user does (the picker fires `input`), then 2 h from the menu.
    let start: web_sys::HtmlInputElement = container.query_selector("#tf-start").unwrap().unwrap().unchecked_into();
    start.set_value("2026-11-27T13:00:00");
    start.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    choose(&container, "#tf-duration-pick", "120");
    leptos::task::tick().await;
    sleep(20).await;
    let end: web_sys::HtmlInputElement = container.query_selector("#tf-end").unwrap().unwrap().unchecked_into();
    assert_eq!(end.value(), "2026-11-27T15:00", "2 h after 1 PM, in any zone on an ordinary day");
    let duration = text(&container.query_selector("[data-testid='tf-duration']").unwrap().unwrap());
    assert!(duration.starts_with("Duration: 2 h ("), "{duration}");

    // The draft the page keeps is what it posts (`FormState::to_input`): the same two
    // instants in UTC.
    let draft: FormState = serde_json::from_str(&storage.get_item(DRAFT_KEY).unwrap().expect("a saved draft")).unwrap();
    let sent = draft.to_input().time_frame;
    let end_utc = time::OffsetDateTime::from_unix_timestamp(unix(zone.typed_utc[0]) + 7_200).unwrap();
    assert_eq!(sent.start, zone.typed_utc[0]);
    assert_eq!(unix(&sent.end), end_utc.unix_timestamp());
    drop(handle);
    container.remove();
    storage.remove_item(DRAFT_KEY).unwrap();
    history.replace_state_with_url(&JsValue::NULL, "", Some("/")).unwrap();
}

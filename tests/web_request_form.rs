//! The request form's pieces in headless Chromium, no network: the area meter at its
//! limits, the time frame at its boundaries, the confirmation dialog, and where the
//! server's errors land.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use porchlight_app::api::ApiError;
use porchlight_app::components::{
    highlight_segments, AreaMeter, ConcernList, ConfirmPostDialog, PostSummary, TimeFrameFields,
};
use porchlight_app::map::shapes::{circle_ring, CIRCLE_VERTICES};
use porchlight_app::request_form::{
    local_input_to_utc, utc_to_local_input, FormCheck, FormState, ServerProblems, DRAFT_KEY,
};
use porchlight_domain::moderation::{Attestation, Concern, ConcernField, ConcernKind};
use porchlight_domain::wire::{ApiErrorBody, AttestationsInput, ErrorDetail, GeoJsonPolygon};
use porchlight_domain::{geodesic_area_m2, MAX_AREA_M2, MIN_AREA_M2};
use support::*;
use time::{Duration, OffsetDateTime};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Pioneer Courthouse Square, Portland.
const CENTRE: [f64; 2] = [-122.6793, 45.5189];

/// A 64-corner circle around [`CENTRE`] whose geodesic area is `target_m2` to well
/// under a square metre (bisection on the radius; the area grows with it).
fn ring_with_area(target_m2: f64) -> Vec<[f64; 2]> {
    let (mut low, mut high) = (1.0_f64, 2_000.0_f64);
    for _ in 0..100 {
        let mid = (low + high) / 2.0;
        if geodesic_area_m2(&circle_ring(CENTRE, mid)) < target_m2 {
            low = mid;
        } else {
            high = mid;
        }
    }
    let ring = circle_ring(CENTRE, (low + high) / 2.0);
    let area = geodesic_area_m2(&ring);
    assert!((area - target_m2).abs() < 0.05, "built {area} m² for {target_m2} m²");
    ring
}

/// A form filled in validly apart from what a test changes; times are 5 h to 3 h ago.
fn valid_state(now: OffsetDateTime) -> FormState {
    FormState {
        incident_type: "burglary".into(),
        case_number: "26-118233".into(),
        title: "Footage near 5th and Pine".into(),
        description: "Looking for footage of a person carrying a red bicycle.".into(),
        email: "detective@city.example".into(),
        phone: String::new(),
        start: utc_to_local_input(now - Duration::hours(5)),
        end: utc_to_local_input(now - Duration::hours(3)),
        area: Some(ring_with_area(0.3 * MAX_AREA_M2)),
        attestations: AttestationsInput::CONFIRMED,
        language: String::new(),
    }
}

fn now_whole_second() -> OffsetDateTime {
    let now = porchlight_app::request_form::now_utc();
    now.replace_nanosecond(0).unwrap()
}

fn area_codes(check: &FormCheck) -> Vec<&'static str> {
    check.for_field("area").iter().map(|e| e.code()).collect()
}

#[wasm_bindgen_test]
async fn area_meter_below_at_and_above_the_limits() {
    let now = now_whole_second();
    // (area, refused?, code, text the meter shows). ±1.05 m²: the built ring is within
    // 0.05 m² of its target, so the limit is missed by at least 1 m².
    let cases: [(f64, bool, Option<&str>, &str); 5] = [
        (MIN_AREA_M2 - 1.05, true, Some("area_too_small"), "0.025 sq mi (0.065 km²) — 5 % of the limit"),
        (MIN_AREA_M2 + 1.0, false, None, "0.025 sq mi (0.065 km²) — 5 % of the limit"),
        (0.5 * MAX_AREA_M2, false, None, "0.25 sq mi (0.65 km²) — 50 % of the limit"),
        (MAX_AREA_M2 - 0.5, false, None, "0.50 sq mi (1.29 km²) — 100 % of the limit"),
        (MAX_AREA_M2 + 1.05, true, Some("area_too_large"), "0.50 sq mi (1.29 km²) — 100 % of the limit"),
    ];
    for (target, refused, code, shown) in cases {
        let mut state = valid_state(now);
        state.area = Some(ring_with_area(target));
        assert_eq!(state.area.as_ref().unwrap().len(), CIRCLE_VERTICES);
        let check = FormCheck::run(&state.to_input(), now);
        assert_eq!(area_codes(&check), code.into_iter().collect::<Vec<_>>(), "area {target}");
        assert_eq!(check.area_out_of_limits(), refused);
        assert_eq!(check.is_valid(), !refused, "{:?}", check.errors);

        let container = fresh_container();
        let (area_m2, out) = (check.area_m2, check.area_out_of_limits());
        let handle = leptos::mount::mount_to(container.clone(), move || {
            view! { <AreaMeter area_m2=Signal::stored(area_m2) out_of_limits=Signal::stored(out)/> }
        });
        leptos::task::tick().await;
        let meter = wait_for(&container, "[data-testid='area-meter']").await;
        let bar = meter.query_selector("meter").unwrap().unwrap();
        let value: f64 = bar.get_attribute("value").unwrap().parse().unwrap();
        assert!((value - target.min(MAX_AREA_M2)).abs() < 1.0, "meter value {value} for {target}");
        assert_eq!(bar.get_attribute("max").unwrap().parse::<f64>().unwrap(), MAX_AREA_M2);
        let text = text(&meter);
        assert!(text.contains(shown), "{target}: {text}");
        assert_eq!(text.contains("not allowed"), refused, "{text}");
        assert_eq!(meter.class_list().contains("error"), refused);
        // The message the form shows next to the map, from the domain.
        if refused {
            let message = check.messages("area").join(" ");
            let expected = if target < MIN_AREA_M2 {
                "The area is slightly less than 0.025 sq mi (by 1 m²); requests must cover at least 0.025 sq mi."
            } else {
                "The area is slightly more than 0.5 sq mi (by 1 m²); requests may cover at most 0.5 sq mi."
            };
            assert_eq!(message, expected);
        }
        drop(handle);
        container.remove();
    }
}

/// Mounts the time-frame fields wired as the page wires them: every message from one
/// `FormCheck` of the whole form at `now`.
async fn time_frame_verdict(
    state: FormState,
    now: OffsetDateTime,
) -> (web_sys::HtmlElement, Vec<&'static str>, Box<dyn std::any::Any>) {
    let check = FormCheck::run(&state.to_input(), now);
    let codes: Vec<&'static str> =
        check.errors.iter().filter(|e| e.field().starts_with("time_frame")).map(|e| e.code()).collect();
    let container = fresh_container();
    let start = RwSignal::new(state.start.clone());
    let end = RwSignal::new(state.end.clone());
    let handle = leptos::mount::mount_to(container.clone(), move || {
        let check = Memo::new(move |_| {
            let mut s = state.clone();
            s.start = start.get();
            s.end = end.get();
            FormCheck::run(&s.to_input(), now)
        });
        view! {
            <TimeFrameFields
                start
                end
                zone_name="Europe/Test"
                duration_s=Signal::derive(move || check.with(|c| c.duration_s))
                start_messages=Signal::derive(move || check.with(|c| c.messages("time_frame.start")))
                end_messages=Signal::derive(move || check.with(|c| c.messages("time_frame.end")))
                frame_messages=Signal::derive(move || check.with(|c| c.messages("time_frame")))
            />
        }
    });
    leptos::task::tick().await;
    wait_for(&container, "#tf-start").await;
    (container, codes, Box::new(handle))
}

#[wasm_bindgen_test]
async fn time_frame_boundaries_14_59_15_00_12_00_00_12_00_01() {
    let now = now_whole_second();
    let start = now - Duration::hours(20);
    // (length, code, duration text, message)
    let cases: [(Duration, Option<&str>, &str, Option<&str>); 4] = [
        (
            Duration::seconds(14 * 60 + 59),
            Some("time_frame_too_short"),
            "14 min 59 s",
            Some("The time frame is 14 min 59 s; it must be at least 15 min."),
        ),
        (Duration::minutes(15), None, "15 min", None),
        (Duration::hours(12), None, "12 h", None),
        (
            Duration::seconds(12 * 3600 + 1),
            Some("time_frame_too_long"),
            "12 h 1 s",
            Some("The time frame is 12 h 1 s; it may be at most 12 h."),
        ),
    ];
    for (length, code, duration, message) in cases {
        let mut state = valid_state(now);
        state.start = utc_to_local_input(start);
        state.end = utc_to_local_input(start + length);
        let (container, codes, handle) = time_frame_verdict(state, now).await;
        assert_eq!(codes, code.into_iter().collect::<Vec<_>>(), "{duration}");
        let readout = text(&container.query_selector("[data-testid='tf-duration']").unwrap().unwrap());
        assert!(readout.starts_with(&format!("Duration: {duration} (")), "{readout}");
        let frame = text(&container.query_selector("#tf-frame-msg").unwrap().unwrap());
        assert_eq!(frame, message.unwrap_or(""));
        let end: web_sys::Element = container.query_selector("#tf-end").unwrap().unwrap();
        assert_eq!(end.get_attribute("aria-invalid").as_deref(), Some(if code.is_some() { "true" } else { "false" }));
        assert!(end.get_attribute("aria-describedby").unwrap().contains("tf-frame-msg"));
        assert!(text(&container).contains("Times are in your time zone, Europe/Test."));
        drop(handle);
        container.remove();
    }
}

#[wasm_bindgen_test]
async fn time_frame_in_the_future_or_too_old_and_live_updates() {
    let now = now_whole_second();
    // Ends 2 min 1 s from now: beyond the 2-minute clock skew.
    let mut state = valid_state(now);
    state.start = utc_to_local_input(now - Duration::hours(1));
    state.end = utc_to_local_input(now + Duration::seconds(121));
    let (container, codes, handle) = time_frame_verdict(state.clone(), now).await;
    assert_eq!(codes, ["time_frame_in_future"]);
    assert!(text(&container.query_selector("#tf-end-msg").unwrap().unwrap()).contains("ends in the future"));

    // Typing a new end (as the picker does, with an `input` event) clears it live.
    let end: web_sys::HtmlInputElement = container.query_selector("#tf-end").unwrap().unwrap().unchecked_into();
    end.set_value(&utc_to_local_input(now + Duration::seconds(120)));
    end.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    sleep(20).await;
    assert_eq!(text(&container.query_selector("#tf-end-msg").unwrap().unwrap()), "");
    drop(handle);
    container.remove();

    // Starts 180 days and 1 s ago.
    state.start = utc_to_local_input(now - Duration::days(180) - Duration::seconds(1));
    state.end = utc_to_local_input(now - Duration::days(180) + Duration::hours(1));
    let (container, codes, handle) = time_frame_verdict(state, now).await;
    assert_eq!(codes, ["time_frame_too_old"]);
    assert!(text(&container.query_selector("#tf-start-msg").unwrap().unwrap()).contains("more than 180 days ago"));
    drop(handle);
    container.remove();
}

#[wasm_bindgen_test]
fn local_times_round_trip_through_utc() {
    let now = now_whole_second();
    let local = utc_to_local_input(now);
    assert_eq!(local_input_to_utc(&local), Some(now));
    assert_eq!(local_input_to_utc("yesterday"), None);
    assert_eq!(local_input_to_utc(""), None);
    // An unreadable time reaches the domain as typed and is named there.
    let mut state = valid_state(now);
    state.start = "not a time".into();
    let check = FormCheck::run(&state.to_input(), now);
    assert_eq!(check.messages("time_frame.start"), ["The start of the time frame is not a valid date and time."]);
}

fn summary() -> PostSummary {
    let mut ring = ring_with_area(0.3 * MAX_AREA_M2);
    ring.push(ring[0]);
    PostSummary {
        agency: "Demo City Police Department".into(),
        title: "Footage near 5th and Pine".into(),
        incident: "Burglary".into(),
        case_number: "26-118233".into(),
        size: "0.15 sq mi (0.39 km²)".into(),
        time_frame: "Fri, Nov 27, 2026, 1:00 PM – 3:00 PM PST (2 h)".into(),
        area: GeoJsonPolygon { coordinates: vec![ring] },
        concerns: Vec::new(),
        reviewed: false,
    }
}

fn key(target: &web_sys::Element, key: &str, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    event.default_prevented()
}

fn active_testid() -> Option<String> {
    support::document().active_element().and_then(|e| e.get_attribute("data-testid"))
}

#[wasm_bindgen_test]
async fn confirmation_dialog_summarises_traps_focus_and_escape_cancels() {
    inject_leaflet();
    let container = fresh_container();
    let open = RwSignal::new(true);
    let confirmed = Rc::new(Cell::new(0));
    let cancelled = Rc::new(Cell::new(0));
    let (c1, c2) = (Rc::clone(&confirmed), Rc::clone(&cancelled));
    let handle = leptos::mount::mount_to(container.clone(), move || {
        let (c1, c2) = (send_wrapper::SendWrapper::new(c1.clone()), send_wrapper::SendWrapper::new(c2.clone()));
        view! {
            <ConfirmPostDialog
                summary=Signal::derive(move || open.get().then(summary))
                pending=Signal::stored(false)
                on_confirm=Callback::new(move |_| c1.set(c1.get() + 1))
                on_cancel=Callback::new(move |_| {
                    c2.set(c2.get() + 1);
                    open.set(false);
                })
            />
        }
    });
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement =
        wait_for(&container, "dialog[data-testid='confirm-dialog']").await.unchecked_into();
    wait_for(&container, "[data-testid='confirm-post']").await;
    assert!(dialog.open(), "shown as a modal");
    assert!(dialog.matches(":modal").unwrap(), "modal: the page behind is inert");
    let shown = text(&dialog);
    for needle in [
        "Posting is final.",
        "public on Demo City Police Department's profile",
        "can never be edited or deleted",
        "26-118233",
        "0.15 sq mi (0.39 km²)",
        "1:00 PM – 3:00 PM PST (2 h)",
    ] {
        assert!(shown.contains(needle), "{needle:?} missing from {shown}");
    }
    // The area on a small map.
    wait_for(&dialog, ".confirm-map .leaflet-container path, .confirm-map .leaflet-container canvas").await;
    assert_eq!(dialog.get_attribute("aria-labelledby").as_deref(), Some("confirm-title"));

    // Focus starts on "Go back"; Tab from the last control wraps to the first and
    // Shift+Tab from the first wraps to the last.
    for _ in 0..20 {
        if active_testid().as_deref() == Some("confirm-cancel") {
            break;
        }
        sleep(25).await;
    }
    assert_eq!(active_testid().as_deref(), Some("confirm-cancel"));
    let cancel = dialog.query_selector("[data-testid='confirm-cancel']").unwrap().unwrap();
    assert!(key(&cancel, "Tab", false), "Tab on the last control is handled");
    let first = support::document().active_element().unwrap();
    assert!(dialog.contains(Some(&first)), "focus stayed in the dialog");
    assert_ne!(active_testid().as_deref(), Some("confirm-cancel"));
    assert!(key(&first, "Tab", true), "Shift+Tab on the first control is handled");
    assert_eq!(active_testid().as_deref(), Some("confirm-cancel"));

    // Confirm calls back; Escape cancels and closes.
    dialog
        .query_selector("[data-testid='confirm-post']")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    assert_eq!(confirmed.get(), 1);
    assert!(key(&cancel, "Escape", false));
    assert_eq!(cancelled.get(), 1);
    leptos::task::tick().await;
    sleep(20).await;
    assert!(!dialog.open(), "closed after Escape");
    drop(handle);
    container.remove();
}

fn body(errors: &[(&str, &str, Option<&str>)]) -> ApiErrorBody {
    let details: Vec<ErrorDetail> = errors
        .iter()
        .map(|(code, message, field)| {
            let d = ErrorDetail::new(*code, *message);
            match field {
                Some(f) => d.with_field(*f),
                None => d,
            }
        })
        .collect();
    ApiErrorBody { error: details[0].clone(), errors: details }
}

#[wasm_bindgen_test]
fn server_errors_are_sorted_to_their_fields() {
    let error = ApiError::Server {
        status: 422,
        body: body(&[
            (
                "case_limit_reached",
                "This case already has 2 published requests; at most 2 are allowed per case.",
                Some("case_number"),
            ),
            ("time_frame_in_future", "The time frame ends in the future.", Some("time_frame.end")),
            ("contact_email_invalid", "The email address does not look right.", Some("contact.email")),
            ("mystery", "Something else.", Some("not_a_field")),
        ]),
    };
    let problems = ServerProblems::from_error(&error);
    assert_eq!(
        problems.messages("case_number"),
        ["This case already has 2 published requests; at most 2 are allowed per case."]
    );
    assert_eq!(problems.messages("time_frame.end"), ["The time frame ends in the future."]);
    assert_eq!(problems.messages("contact.email"), ["The email address does not look right."]);
    assert_eq!(problems.general, ["Something else."]);
    assert!(!problems.signed_out);

    let signed_out = ServerProblems::from_error(&ApiError::Server {
        status: 401,
        body: body(&[("unauthorized", "Sign in first.", None)]),
    });
    assert!(signed_out.signed_out && signed_out.by_field.is_empty());
    assert!(signed_out.general[0].contains("signed out"));

    let offline = ServerProblems::from_error(&ApiError::Network("Failed to fetch".into()));
    assert!(offline.general[0].contains("Could not reach the server"), "{:?}", offline.general);
    assert!(offline.general[0].contains("draft is kept"));
}

const OFFICER: &str = r#"{"id":2,"email":"officer@porchlight.test","display_name":"Officer Olive Ortiz","role":"agency_staff","agency":{"slug":"demo-city-police","name":"Demo City Police Department"},"hide_requests":false}"#;
const RESIDENT: &str = r#"{"id":3,"email":"resident@porchlight.test","display_name":"Riley Resident","role":"resident","agency":null,"hide_requests":false}"#;

async fn mount_form_page(me: (u16, &str), post: (u16, &str)) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", me.0, me.1),
        ("/api/v1/requests", post.0, post.1),
    ]);
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/requests/new"))
        .unwrap();
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;
    (container, Box::new(handle))
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn a_refused_post_shows_the_server_errors_by_their_fields_and_keeps_the_draft() {
    let now = now_whole_second();
    let draft = valid_state(now);
    storage().set_item(DRAFT_KEY, &serde_json::to_string(&draft).unwrap()).unwrap();
    let refusal = serde_json::to_string(&body(&[
        (
            "case_limit_reached",
            "This case already has 2 published requests; at most 2 are allowed per case.",
            Some("case_number"),
        ),
        ("title_invalid", "The title contains “<”; a title is one line of plain text.", Some("title")),
    ]))
    .unwrap();
    let (container, handle) = mount_form_page((200, OFFICER), (422, &refusal)).await;

    let submit: web_sys::HtmlButtonElement = wait_for(&container, "[data-testid='review-post']").await.unchecked_into();
    for _ in 0..60 {
        if !submit.disabled() {
            break;
        }
        sleep(50).await;
    }
    assert!(!submit.disabled(), "the restored draft is valid: {}", text(&container));
    submit.click();
    let confirm: web_sys::HtmlElement = wait_for(&container, "[data-testid='confirm-post']").await.unchecked_into();
    confirm.click();

    let case_msg = wait_for(&container, "#case-number-msg .field-error").await;
    assert_eq!(text(&case_msg), "This case already has 2 published requests; at most 2 are allowed per case.");
    let title_msg = wait_for(&container, "#title-msg .field-error").await;
    assert!(text(&title_msg).contains("one line of plain text"));
    let case_input = container.query_selector("#case-number").unwrap().unwrap();
    assert_eq!(case_input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(case_input.get_attribute("aria-describedby").as_deref(), Some("case-number-msg"));
    let problems = text(&container.query_selector("[data-testid='post-problems']").unwrap().unwrap());
    assert!(problems.contains("see the messages next to the fields"), "{problems}");
    // Nothing lost: the fields, the draft in storage, the dialog closed.
    let title: web_sys::HtmlInputElement = container.query_selector("#title").unwrap().unwrap().unchecked_into();
    assert_eq!(title.value(), draft.title);
    let kept: FormState = serde_json::from_str(&storage().get_item(DRAFT_KEY).unwrap().unwrap()).unwrap();
    assert_eq!(kept, draft);
    let dialog: web_sys::HtmlDialogElement = container.query_selector("dialog").unwrap().unwrap().unchecked_into();
    assert!(!dialog.open());
    let posted = requested_urls().iter().filter(|u| u.as_str() == "/api/v1/requests").count();
    assert_eq!(posted, 1);

    // Editing the case number makes the server's answer stale: its message goes.
    let case_input: web_sys::HtmlInputElement = case_input.unchecked_into();
    case_input.set_value("26-118234");
    case_input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    sleep(30).await;
    assert!(container.query_selector("#case-number-msg .field-error").unwrap().is_none());

    drop(handle);
    container.remove();
    storage().remove_item(DRAFT_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn a_signed_out_post_says_so_and_keeps_everything() {
    let now = now_whole_second();
    let draft = valid_state(now);
    storage().set_item(DRAFT_KEY, &serde_json::to_string(&draft).unwrap()).unwrap();
    let (container, handle) = mount_form_page((200, OFFICER), (401, SIGNED_OUT)).await;
    let submit: web_sys::HtmlButtonElement = wait_for(&container, "[data-testid='review-post']").await.unchecked_into();
    for _ in 0..60 {
        if !submit.disabled() {
            break;
        }
        sleep(50).await;
    }
    submit.click();
    let confirm: web_sys::HtmlElement = wait_for(&container, "[data-testid='confirm-post']").await.unchecked_into();
    confirm.click();
    let problems = wait_for(&container, "[data-testid='post-problems'] a[href='/login']").await;
    assert_eq!(text(&problems), "Sign in again");
    assert!(text(&container).contains("You are signed out."));
    let kept: FormState = serde_json::from_str(&storage().get_item(DRAFT_KEY).unwrap().unwrap()).unwrap();
    assert_eq!(kept, draft);
    drop(handle);
    container.remove();
    storage().remove_item(DRAFT_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn a_resident_is_told_why_they_cannot_post() {
    let (container, handle) = mount_form_page((200, RESIDENT), (500, "{}")).await;
    let denied = wait_for(&container, "[data-testid='post-denied']").await;
    assert!(text(&denied).contains("Only agency staff accounts can post requests."), "{}", text(&denied));
    assert!(container.query_selector("#request-form").unwrap().is_none());
    drop(handle);
    container.remove();
}

/// The drafts of `tests/fixtures/form_parity.json` through the form's own path (local
/// date-time fields, the drawn ring, `FormState::to_input`, `FormCheck`): each gets
/// exactly the codes the file lists. `server/tests/api/form_parity.rs` posts the same
/// file to the server, which must give the same codes.
#[wasm_bindgen_test]
fn form_gives_every_boundary_draft_the_codes_the_server_gives() {
    let fixture: serde_json::Value = serde_json::from_str(include_str!("fixtures/form_parity.json")).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let now = now_whole_second();
        let start = now - Duration::seconds(case["start_ago_s"].as_i64().unwrap());
        let end = start + Duration::seconds(case["duration_s"].as_i64().unwrap());
        let mut state = valid_state(now);
        state.start = utc_to_local_input(start);
        state.end = utc_to_local_input(end);
        state.area = Some(serde_json::from_value(case["ring"].clone()).unwrap());
        let check = FormCheck::run(&state.to_input(), now);
        let mut codes: Vec<&str> = check.errors.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        let mut expected: Vec<&str> =
            case["expected"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        expected.sort_unstable();
        assert_eq!(codes, expected, "{name}");
        assert_eq!(check.is_valid(), expected.is_empty(), "{name}");
    }
}

const CONFIG_REVIEWED: &str = r#"{"tile_url":null,"tile_attribution":"","default_view":{"lat":45.5152,"lng":-122.6784,"zoom":13},"review":"required"}"#;

/// The officer's form with `routes` behind it (config and `/me` included).
async fn mount_form_with(config: &str, routes: &[(&str, u16, &str)]) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    inject_leaflet();
    let mut all_routes = vec![("/api/v1/config", 200, config), ("/api/v1/me", 200, OFFICER)];
    all_routes.extend_from_slice(routes);
    fake_api(&all_routes);
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/requests/new"))
        .unwrap();
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;
    (container, Box::new(handle))
}

const SUBMITTED: &str = r#"{"id":12,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
  "status":"pending_review","submitted_at":"2026-11-28T08:00:00Z","incident_type":"burglary","case_number":"26-118233",
  "title":"Footage near 5th and Pine","description":"Looking for footage of a person carrying a red bicycle.",
  "contact":{"email":"detective@city.example"},"time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
  "area":{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]},
  "area_m2":400000.0,"concerns":[],"review":null}"#;

#[wasm_bindgen_test]
async fn attestations_are_required_checkboxes_and_a_202_opens_the_submission() {
    let now = now_whole_second();
    let mut draft = valid_state(now);
    draft.attestations = AttestationsInput::default();
    storage().set_item(DRAFT_KEY, &serde_json::to_string(&draft).unwrap()).unwrap();
    let (container, handle) = mount_form_with(
        CONFIG_REVIEWED,
        &[("/api/v1/requests", 202, SUBMITTED), ("/api/v1/submissions/12", 200, SUBMITTED)],
    )
    .await;

    // Each statement in full, as a required checkbox, unticked.
    let submit: web_sys::HtmlButtonElement = wait_for(&container, "[data-testid='review-post']").await.unchecked_into();
    let boxes: Vec<web_sys::HtmlInputElement> = Attestation::ALL
        .iter()
        .map(|a| {
            let id = a.field().replace("attestations.", "attest-").replace('_', "-");
            container.query_selector(&format!("#{id}")).unwrap().unwrap_or_else(|| panic!("no #{id}")).unchecked_into()
        })
        .collect();
    for (attestation, checkbox) in Attestation::ALL.iter().zip(&boxes) {
        assert_eq!(checkbox.type_(), "checkbox");
        assert!(checkbox.required() && !checkbox.checked());
        let label = container.query_selector(&format!("label[for='{}']", checkbox.id())).unwrap().unwrap();
        assert_eq!(text(&label), normalise(attestation.text()));
    }
    // Sending waits for both, and says why; their messages wait until they are used.
    let expected: Vec<String> =
        Attestation::ALL.iter().flat_map(|a| FormCheck::run(&draft.to_input(), now).messages(a.field())).collect();
    assert_eq!(expected.len(), 2);
    assert!(submit.disabled());
    let blockers = text(&wait_for(&container, "[data-testid='submit-blockers']").await);
    for message in &expected {
        assert!(blockers.contains(message.as_str()), "{message:?} missing from {blockers}");
    }
    assert_eq!(text(&container.query_selector("#attest-active-investigation-msg").unwrap().unwrap()), "");

    // Ticked, unticked: the first one's message appears by it, live.
    boxes[0].click();
    boxes[0].click();
    let msg = wait_for(&container, "#attest-active-investigation-msg .field-error").await;
    assert_eq!(text(&msg), expected[0]);
    assert_eq!(boxes[0].get_attribute("aria-invalid").as_deref(), Some("true"));
    boxes[0].click();
    boxes[1].click();
    wait_until("submit enabled", || !submit.disabled()).await;
    assert!(container.query_selector("#attest-active-investigation-msg .field-error").unwrap().is_none());
    // Kept with the draft.
    wait_until("the draft keeps the ticks", || {
        let kept: FormState = serde_json::from_str(&storage().get_item(DRAFT_KEY).unwrap().unwrap()).unwrap();
        kept.attestations == AttestationsInput::CONFIRMED
    })
    .await;

    // Review is on: the dialog says so, and the answer opens the submission's page.
    submit.click();
    let dialog = wait_for(&container, "[data-testid='confirm-dialog'] h2").await;
    assert_eq!(text(&dialog), "Send this request for review?");
    let confirm: web_sys::HtmlElement = wait_for(&container, "[data-testid='confirm-post']").await.unchecked_into();
    assert_eq!(text(&confirm), "Send for review");
    let warning = text(&container.query_selector("[data-testid='confirm-final']").unwrap().unwrap());
    assert!(warning.contains("Porchlight moderators review the request before it is published"), "{warning}");
    assert!(warning.contains("can never be edited or deleted"), "{warning}");
    confirm.click();
    wait_until("the submission's page", || {
        web_sys::window().unwrap().location().pathname().unwrap() == "/submissions/12"
    })
    .await;
    let pending = wait_for(&container, "[data-testid='submission-pending']").await;
    assert!(text(&pending).starts_with("Awaiting review."));
    let post = calls().into_iter().find(|c| c.starts_with("POST /api/v1/requests ")).expect("a post");
    assert!(post.contains(r#""attestations":{"active_investigation":true,"no_lawful_activity":true}"#), "{post}");
    assert!(storage().get_item(DRAFT_KEY).unwrap().is_none(), "sent: the draft is gone");
    drop(handle);
    container.remove();
}

#[wasm_bindgen_test]
fn server_attestation_errors_go_by_their_checkboxes() {
    let problems = ServerProblems::from_error(&ApiError::Server {
        status: 422,
        body: body(&[(
            "attestation_no_lawful_activity_missing",
            "Confirm that the request is not meant to gather information about lawful activity.",
            Some("attestations.no_lawful_activity"),
        )]),
    });
    assert_eq!(
        problems.messages("attestations.no_lawful_activity"),
        ["Confirm that the request is not meant to gather information about lawful activity."]
    );
    assert!(problems.general.is_empty());
}

fn concern(field: ConcernField, matched: &str, start: usize) -> Concern {
    Concern { kind: ConcernKind::Protest, field, matched: matched.into(), start, end: start + matched.len() }
}

#[wasm_bindgen_test]
async fn concerns_show_what_matched_and_why_and_the_dialog_lists_them() {
    let container = fresh_container();
    let list = RwSignal::new(vec![concern(ConcernField::Title, "protest", 15)]);
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ConcernList id="title-concerns" concerns=list/> }
    });
    leptos::task::tick().await;
    let shown = wait_for(&container, "[data-testid='concern']").await;
    assert_eq!(text(&shown), normalise(&format!("Check: “protest” — {}", ConcernKind::Protest.message())));
    // Live: the list follows the text.
    list.set(Vec::new());
    leptos::task::tick().await;
    sleep(20).await;
    assert!(container.query_selector("[data-testid='concern']").unwrap().is_none());
    drop(handle);
    container.remove();

    // Marked passages: byte ranges on character boundaries; a stale one is ignored.
    assert_eq!(highlight_segments("Café rally", &[(6, 11)]), [("Café ".to_owned(), false), ("rally".to_owned(), true)]);
    assert_eq!(highlight_segments("Café", &[(2, 4)]), [("Café".to_owned(), false)], "inside the é");
    assert_eq!(
        highlight_segments("a march, a rally", &[(11, 16), (2, 7), (3, 5)]),
        [("a ".into(), false), ("march".into(), true), (", a ".into(), false), ("rally".into(), true)]
    );

    // The confirmation names the field of each and warns; sending stays possible.
    inject_leaflet();
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        let mut s = summary();
        s.reviewed = true;
        s.concerns = vec![concern(ConcernField::Title, "protest", 15), concern(ConcernField::Description, "rally", 60)];
        view! {
            <ConfirmPostDialog
                summary=Signal::stored(Some(s))
                pending=Signal::stored(false)
                on_confirm=Callback::new(|_| {})
                on_cancel=Callback::new(|_| {})
            />
        }
    });
    leptos::task::tick().await;
    let box_ = wait_for(&container, "[data-testid='confirm-concerns']").await;
    let items: Vec<String> = all(&box_, "[data-testid='concern']").iter().map(text).collect();
    assert!(
        items[0].starts_with("In the title: “protest”") && items[1].starts_with("In the description: “rally”"),
        "{items:?}"
    );
    let post: web_sys::HtmlButtonElement =
        container.query_selector("[data-testid='confirm-post']").unwrap().unwrap().unchecked_into();
    assert!(!post.disabled(), "concerns warn, never block");
    drop(handle);
    container.remove();
}

/// The pre-screen's rules (`porchlight_domain::moderation::prescreen`) run as the
/// poster types: a concern by its field, a warning that never disables sending.
#[wasm_bindgen_test]
async fn typing_a_protest_shows_the_concern_by_the_title_live() {
    let now = now_whole_second();
    storage().set_item(DRAFT_KEY, &serde_json::to_string(&valid_state(now)).unwrap()).unwrap();
    let (container, handle) = mount_form_with(CONFIG_NO_TILES, &[]).await;
    let title: web_sys::HtmlInputElement = wait_for(&container, "#title").await.unchecked_into();
    assert!(container.query_selector("#title-concerns [data-testid='concern']").unwrap().is_none());
    title.set_value("Footage of the protest on Main St");
    title.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    let shown = wait_for(&container, "#title-concerns [data-testid='concern']").await;
    assert!(text(&shown).contains("“protest”"), "{}", text(&shown));
    assert!(text(&shown).contains(&normalise(ConcernKind::Protest.message())), "{}", text(&shown));
    assert!(title.get_attribute("aria-describedby").unwrap().contains("title-concerns"));
    // A warning only: the form can still be sent.
    let submit: web_sys::HtmlButtonElement =
        container.query_selector("[data-testid='review-post']").unwrap().unwrap().unchecked_into();
    assert!(!submit.disabled());
    // And words that only look alike do not warn.
    title.set_value("Footage near the protective order hearing");
    title.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    sleep(50).await;
    assert!(container.query_selector("#title-concerns [data-testid='concern']").unwrap().is_none());
    drop(handle);
    container.remove();
    storage().remove_item(DRAFT_KEY).unwrap();
}

/// The form in Spanish: a reader who chose Spanish sees its headings, labels, buttons
/// and the domain's verdict on the draft in Spanish (the rule's code, `error.code.*`),
/// and the server's refusal of a field too.
#[wasm_bindgen_test]
async fn a_spanish_reader_sees_the_form_its_labels_and_the_domains_errors_in_spanish() {
    let now = now_whole_second();
    let mut draft = valid_state(now);
    // 14 minutes: one under the shortest time frame allowed.
    draft.end = utc_to_local_input(now - Duration::hours(5) + Duration::minutes(14));
    storage().set_item(DRAFT_KEY, &serde_json::to_string(&draft).unwrap()).unwrap();
    inject_leaflet();
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 200, OFFICER)]);
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/requests/new"))
        .unwrap();
    // The reader chose Spanish: the loader hands the app its Spanish text.
    show_language(porchlight_app::i18n::Lang::Es);
    let container: web_sys::HtmlElement = support::document().create_element("div").unwrap().unchecked_into();
    support::document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;

    let form = wait_for(&container, "#request-form").await;
    assert_eq!(support::document().document_element().unwrap().get_attribute("lang").as_deref(), Some("es"));
    assert_eq!(text(&container.query_selector("h1").unwrap().unwrap()), "Nueva solicitud de colaboración");
    let headings: Vec<String> = all(&form, "h2").iter().map(text).collect();
    assert_eq!(headings, ["1. El área", "2. Cuándo", "3. La solicitud", "4. Confirmar"]);
    let label = |id: &str| text(&form.query_selector(&format!("label[for='{id}']")).unwrap().unwrap());
    assert_eq!(label("incident-type"), "Tipo de incidente");
    assert_eq!(label("case-number"), "Número de caso");
    assert_eq!(label("tf-start"), "Inicio");
    assert!(label("attest-no-lawful-activity").contains("Primera Enmienda"), "{}", label("attest-no-lawful-activity"));
    let posting_as = text(&container.query_selector(".posting-as").unwrap().unwrap());
    assert!(posting_as.starts_with("Publica en nombre de Demo City Police Department."), "{posting_as}");
    let incident = form.query_selector("#incident-type option[value='burglary']").unwrap().unwrap();
    assert_eq!(text(&incident), "Robo en vivienda o local");
    let review = text(&form.query_selector("[data-testid='review-post']").unwrap().unwrap());
    assert_eq!(review, "Revisar y publicar…");
    // The domain's verdict on the restored draft: the time frame is too short.
    let frame_msg = wait_for(&container, "#tf-frame-msg .field-error").await;
    assert_eq!(text(&frame_msg), "El video que busca debe abarcar al menos 15 minutos.");
    let blockers = text(&form.query_selector("[data-testid='submit-blockers']").unwrap().unwrap());
    assert!(blockers.starts_with("Antes de publicar:"), "{blockers}");
    assert!(blockers.contains("El video que busca debe abarcar al menos 15 minutos."), "{blockers}");
    let duration = text(&form.query_selector("[data-testid='tf-duration']").unwrap().unwrap());
    assert_eq!(duration, "Duración: 14 min (permitido: de 15 min a 12 h)");
    let meter = text(&form.query_selector("[data-testid='area-meter-text']").unwrap().unwrap());
    assert!(meter.contains("mi²") && meter.ends_with("% del límite"), "{meter}");
    assert!(!text(&container).contains("The time frame"), "no English rule message: {}", text(&container));

    // The server's refusal of a field, by its code.
    let refused = ServerProblems::from_error(&ApiError::Server {
        status: 422,
        body: body(&[(
            "case_limit_reached",
            "This case already has 2 published requests; at most 2 are allowed per case.",
            Some("case_number"),
        )]),
    });
    assert_eq!(refused.messages("case_number"), ["Este caso ya tiene el máximo de solicitudes permitidas."]);
    let offline = ServerProblems::from_error(&ApiError::Network("Failed to fetch".into()));
    assert!(offline.general[0].starts_with("No se pudo"), "{:?}", offline.general);
    assert!(
        offline.general[0].ends_with("No se publicó nada; su borrador se guarda, así que puede volver a intentarlo.")
    );
    // An unreadable start says which end it is, as the English does.
    let mut unreadable = valid_state(now);
    unreadable.start = "not a time".into();
    let check = FormCheck::run(&unreadable.to_input(), now);
    assert_eq!(check.messages("time_frame.start"), ["Indique la fecha y la hora de inicio del video que busca."]);

    drop(handle);
    container.remove();
    storage().remove_item(DRAFT_KEY).unwrap();
    english();
}

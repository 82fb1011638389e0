//! Review before publishing against a fake API behind `window.fetch` (no network): the
//! submission page in each of its states, and the moderators' review queue and
//! reported requests: what they show, what they send, and where focus goes.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_domain::moderation::{ConcernKind, ModerationError, ProhibitedUse};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MODERATOR: &str = r#"{"id":5,"email":"moderator@porchlight.test","display_name":"Morgan Moderator","role":"moderator","agency":null,"hide_requests":false}"#;
const OFFICER: &str = r#"{"id":2,"email":"officer@porchlight.test","display_name":"Officer Olive Ortiz","role":"agency_staff","agency":{"slug":"demo-city-police","name":"Demo City Police Department"},"hide_requests":false}"#;
const RESIDENT: &str = r#"{"id":3,"email":"resident@porchlight.test","display_name":"Riley Resident","role":"resident","agency":null,"hide_requests":false}"#;

/// A submission; `title` "Footage of the protest on Main St" has "protest" at 15..22 and
/// the description "rally" at 60..65, the concerns the pre-screen reports for them.
fn submission(id: i64, title: &str, status: &str, review: &str) -> String {
    let concerns = if title.contains("protest") {
        r#"[{"kind":"protest","field":"title","matched":"protest","start":15,"end":22},
            {"kind":"protest","field":"description","matched":"rally","start":60,"end":65}]"#
    } else {
        "[]"
    };
    format!(
        r#"{{"id":{id},"agency":{{"slug":"demo-city-police","name":"Demo City Police Department"}},
        "status":"{status}","submitted_at":"2026-11-28T08:00:00Z","incident_type":"burglary",
        "case_number":"26-118233","title":"{title}",
        "description":"Looking for footage of a person carrying a bicycle near the rally.",
        "contact":{{"email":"detective@city.example"}},
        "time_frame":{{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"}},
        "area":{{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]}},
        "area_m2":400000.0,"concerns":{concerns},"review":{review}}}"#
    )
}

const PROTEST: &str = "Footage of the protest on Main St";
const BICYCLE: &str = "Bicycle taken from a porch on Oak St";

fn rejected_review() -> &'static str {
    r#"{"decision":"reject","reasons":["lawful_activity"],"note":"Asks for footage of a protest.","decided_at":"2026-11-28T09:30:00Z","log_index":41}"#
}

fn approved_review() -> &'static str {
    r#"{"decision":"approve","reasons":[],"note":null,"decided_at":"2026-11-28T09:30:00Z","log_index":42}"#
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn mount_at(path: &str, routes: &[(&str, u16, &str)]) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    inject_leaflet();
    fake_api(routes);
    go_to(path);
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

fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    let element = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    match element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.set_value(value),
        None => element.unchecked_ref::<web_sys::HtmlInputElement>().set_value(value),
    }
    element.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn posts() -> Vec<String> {
    calls().into_iter().filter(|c| c.starts_with("POST ")).collect()
}

fn active_id() -> String {
    document().active_element().map(|e| e.id()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_pending_submission_shows_awaiting_review_its_draft_concerns_and_area() {
    let pending = submission(12, PROTEST, "pending_review", "null");
    let (container, handle) = mount_at(
        "/submissions/12",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, OFFICER),
            ("/api/v1/submissions/12", 200, &pending),
        ],
    );
    let details = wait_for(&container, "[data-testid='submission-details']").await;
    assert_eq!(text(&details.query_selector("h1").unwrap().unwrap()), PROTEST);
    assert_eq!(text(&details.query_selector("[data-testid='submission-status']").unwrap().unwrap()), "Awaiting review");
    let notice = text(&details.query_selector("[data-testid='submission-pending']").unwrap().unwrap());
    assert!(notice.contains("Awaiting review.") && notice.contains("not on the map"), "{notice}");
    // The draft's fields, its concerns (marked in the text and listed) and its area.
    let shown = text(&details);
    for needle in ["Demo City Police Department", "Burglary", "26-118233", "detective@city.example", "sq mi"] {
        assert!(shown.contains(needle), "{needle:?} missing from {shown}");
    }
    let marks: Vec<String> = all(&details, "mark").iter().map(text).collect();
    assert_eq!(marks, ["protest", "rally"], "the title's and the description's matches are marked");
    let concerns: Vec<String> = all(&details, "[data-testid='concern']").iter().map(text).collect();
    assert_eq!(concerns.len(), 2, "{concerns:?}");
    assert!(concerns[0].starts_with("In the title: “protest”"), "{concerns:?}");
    assert!(concerns[1].starts_with("In the description: “rally”"), "{concerns:?}");
    assert!(concerns[0].contains(&normalise(ConcernKind::Protest.message())), "{concerns:?}");
    wait_for(&details, ".submission-map .leaflet-container").await;
    assert!(details.query_selector("[data-testid='published-link']").unwrap().is_none());
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn an_approved_submission_links_to_its_published_request() {
    let approved = submission(12, BICYCLE, "approved", approved_review());
    let (container, handle) = mount_at(
        "/submissions/12",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, OFFICER),
            ("/api/v1/submissions/12", 200, &approved),
        ],
    );
    let decision = wait_for(&container, "[data-testid='submission-approved']").await;
    assert!(text(&decision).contains("Approved by Porchlight moderators on"), "{}", text(&decision));
    let link = decision.query_selector("[data-testid='published-link']").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/requests/12"));
    assert_eq!(text(&container.query_selector("[data-testid='submission-status']").unwrap().unwrap()), "Approved");
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn a_rejected_submission_gives_the_reasons_with_their_explanations_and_the_note() {
    let rejected = submission(12, PROTEST, "rejected", rejected_review());
    let (container, handle) = mount_at(
        "/submissions/12",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, OFFICER),
            ("/api/v1/submissions/12", 200, &rejected),
        ],
    );
    let decision = wait_for(&container, "[data-testid='submission-rejected']").await;
    let shown = text(&decision);
    assert!(shown.contains("Rejected by Porchlight moderators on"), "{shown}");
    assert!(shown.contains("will never be published"), "{shown}");
    let reason = decision.query_selector("[data-reason='lawful_activity']").unwrap().expect("the reason");
    assert!(text(&reason).contains(ProhibitedUse::LawfulActivity.title()));
    assert!(text(&reason).contains(&normalise(ProhibitedUse::LawfulActivity.explanation())));
    assert_eq!(
        text(&decision.query_selector("[data-testid='decision-note']").unwrap().unwrap()),
        "Moderators' note: Asks for footage of a protest."
    );
    assert!(decision.query_selector("a[href='/requests/new']").unwrap().is_some(), "a corrected request can be sent");
    assert!(decision.query_selector("a[href='/requests/12']").unwrap().is_none(), "never published");
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn submission_page_refusals_and_errors_are_said_in_words() {
    let cases: [(u16, &str, &str); 3] = [
        (404, "submission-not-found", "Submission not found"),
        (403, "submission-forbidden", "This submission is not yours to see"),
        (401, "submission-signed-out", "Sign in to see this submission"),
    ];
    for (status, testid, heading) in cases {
        let body = r#"{"error":{"code":"x","message":"Refused."},"errors":[{"code":"x","message":"Refused."}]}"#;
        let (container, handle) = mount_at(
            "/submissions/12",
            &[
                ("/api/v1/config", 200, CONFIG_NO_TILES),
                ("/api/v1/me", 200, RESIDENT),
                ("/api/v1/submissions/12", status, body),
            ],
        );
        let page = wait_for(&container, &format!("[data-testid='{testid}']")).await;
        assert_eq!(text(&page.query_selector("h1").unwrap().unwrap()), heading, "{status}");
        finish(container, handle);
    }

    // Anything else: the server's message and a retry that asks again.
    let busy = r#"{"error":{"code":"unavailable","message":"The database is busy, try again."},"errors":[{"code":"unavailable","message":"The database is busy, try again."}]}"#;
    let (container, handle) = mount_at(
        "/submissions/12",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, OFFICER),
            ("/api/v1/submissions/12", 503, busy),
        ],
    );
    let alert = wait_for(&container, "[role='alert']").await;
    assert!(text(&alert).contains("The database is busy, try again."));
    let pending = submission(12, BICYCLE, "pending_review", "null");
    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 200, OFFICER),
        ("/api/v1/submissions/12", 200, &pending),
    ]);
    click(&alert, "button");
    wait_for(&container, "[data-testid='submission-pending']").await;
    finish(container, handle);
}

fn queue(items: &[String]) -> String {
    format!(r#"{{"items":[{}]}}"#, items.join(","))
}

#[wasm_bindgen_test]
async fn queue_rejects_with_reasons_and_a_note_then_approves_the_next() {
    let list =
        queue(&[submission(12, PROTEST, "pending_review", "null"), submission(13, BICYCLE, "pending_review", "null")]);
    let rejected = submission(12, PROTEST, "rejected", rejected_review());
    let approved = submission(13, BICYCLE, "approved", approved_review());
    let (container, handle) = mount_at(
        "/moderation/queue",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, MODERATOR),
            ("/api/v1/moderation/queue", 200, &list),
            ("/api/v1/requests/12/review", 200, &rejected),
            ("/api/v1/requests/13/review", 200, &approved),
        ],
    );
    // The oldest opens first: its area, time frame and text with the concerns marked.
    let item = wait_for(&container, "[data-testid='queue-item'][data-submission-id='12']").await;
    let heading = item.query_selector("#queue-item-heading").unwrap().unwrap();
    assert_eq!(text(&heading), PROTEST);
    assert_eq!(all(&heading, "mark").iter().map(text).collect::<Vec<_>>(), ["protest"]);
    assert_eq!(all(&item, ".request-description mark").iter().map(text).collect::<Vec<_>>(), ["rally"]);
    assert!(text(&item).contains("Submission 1 of 2, oldest first"));
    assert!(text(&item.query_selector("[data-testid='submission-time-frame']").unwrap().unwrap()).contains("(2 h)"));
    wait_for(&item, ".submission-map .leaflet-container").await;
    let waiting: Vec<String> = all(&container, "[data-testid='queue-list'] button").iter().map(text).collect();
    assert_eq!(waiting, [PROTEST, BICYCLE]);
    // Every prohibited use is a checkbox with its title and explanation.
    for reason in ProhibitedUse::ALL {
        let label = item.query_selector(&format!("label[for='decision-reason-{}']", reason.code())).unwrap().unwrap();
        assert!(text(&label).contains(reason.title()) && text(&label).contains(&normalise(reason.explanation())));
    }

    // Reject without a reason or a note: the domain's messages, nothing sent.
    click(&item, "[data-testid='decision-refuse']");
    let reasons_msg = wait_for(&item, "#decision-reasons-msg .field-error").await;
    assert_eq!(text(&reasons_msg), ModerationError::ReasonsRequired.to_string());
    let note_msg = item.query_selector("#decision-note-msg .field-error").unwrap().unwrap();
    assert_eq!(text(&note_msg), ModerationError::NoteRequired.to_string());
    assert_eq!(
        item.query_selector("#decision-note").unwrap().unwrap().get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(posts().is_empty(), "{:?}", posts());
    wait_until("focus on the first reason", || active_id() == "decision-reason-lawful_activity").await;

    // Live: a reason clears the first message, a note the second.
    click(&item, "#decision-reason-lawful_activity");
    wait_until("the reasons message goes", || {
        item.query_selector("#decision-reasons-msg .field-error").unwrap().is_none()
    })
    .await;
    type_into(&item, "#decision-note", "  Asks for footage of a protest.  ");
    wait_until("the note message goes", || item.query_selector("#decision-note-msg .field-error").unwrap().is_none())
        .await;
    click(&item, "[data-testid='decision-refuse']");
    wait_until("the rejection is sent", || posts().len() == 1).await;
    assert_eq!(
        posts()[0],
        r#"POST /api/v1/requests/12/review {"decision":"reject","reasons":["lawful_activity"],"note":"Asks for footage of a protest."}"#
    );

    // The next one opens and takes focus; the status line says what happened.
    let next = wait_for(&container, "[data-testid='queue-item'][data-submission-id='13']").await;
    wait_until("focus on the next heading", || active_id() == "queue-item-heading").await;
    assert_eq!(text(&document().active_element().unwrap()), BICYCLE);
    let outcome = text(&container.query_selector("[data-testid='queue-outcome']").unwrap().unwrap());
    assert!(outcome.contains(&format!("Rejected “{PROTEST}”")), "{outcome}");
    assert!(text(&next).contains("Submission 1 of 1"));
    assert_eq!(all(&container, "[data-testid='queue-list'] button").len(), 1);

    // Approving with a reason ticked is refused by the same rule; without, it goes.
    click(&next, "#decision-reason-other");
    click(&next, "[data-testid='decision-accept']");
    let msg = wait_for(&next, "#decision-reasons-msg .field-error").await;
    assert_eq!(text(&msg), ModerationError::ReasonsNotAllowed.to_string());
    assert_eq!(posts().len(), 1);
    click(&next, "#decision-reason-other");
    click(&next, "[data-testid='decision-accept']");
    wait_until("the approval is sent", || posts().len() == 2).await;
    assert_eq!(posts()[1], r#"POST /api/v1/requests/13/review {"decision":"approve","reasons":[],"note":null}"#);
    let empty = wait_for(&container, "[data-testid='queue-empty']").await;
    assert_eq!(text(&empty), "No submissions await review.");
    let outcome = container.query_selector("[data-testid='queue-outcome']").unwrap().unwrap();
    assert!(outcome.query_selector("a[href='/requests/13']").unwrap().is_some(), "{}", text(&outcome));
    wait_until("focus on the status line", || active_id() == "queue-outcome").await;
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn queue_handles_a_decision_already_made_and_a_refused_approval() {
    let list =
        queue(&[submission(12, PROTEST, "pending_review", "null"), submission(13, BICYCLE, "pending_review", "null")]);
    let decided = r#"{"error":{"code":"already_decided","message":"This submission was already decided."},"errors":[{"code":"already_decided","message":"This submission was already decided."}]}"#;
    let too_old = r#"{"error":{"code":"time_frame_too_old","message":"The time frame starts more than 180 days ago; requests may only ask for footage from the last 180 days.","field":"time_frame.start"},"errors":[{"code":"time_frame_too_old","message":"The time frame starts more than 180 days ago; requests may only ask for footage from the last 180 days.","field":"time_frame.start"}]}"#;
    let (container, handle) = mount_at(
        "/moderation/queue",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, MODERATOR),
            ("/api/v1/moderation/queue", 200, &list),
            ("/api/v1/requests/12/review", 409, decided),
            ("/api/v1/requests/13/review", 422, too_old),
        ],
    );
    let item = wait_for(&container, "[data-testid='queue-item'][data-submission-id='12']").await;
    click(&item, "[data-testid='decision-accept']");
    // Someone else decided first: it leaves the queue and the next opens.
    let next = wait_for(&container, "[data-testid='queue-item'][data-submission-id='13']").await;
    let outcome = text(&container.query_selector("[data-testid='queue-outcome']").unwrap().unwrap());
    assert!(outcome.contains("Another moderator had already decided"), "{outcome}");
    // Approval re-checks the draft: the refusal is shown and the submission stays open.
    click(&next, "[data-testid='decision-accept']");
    let problems = wait_for(&next, "[data-testid='decision-problems'] .field-error").await;
    assert!(text(&problems).contains("more than 180 days ago"), "{}", text(&problems));
    assert!(container.query_selector("[data-submission-id='13']").unwrap().is_some());
    assert_eq!(posts().len(), 2);
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn only_moderators_see_the_queues() {
    for me in [(200, RESIDENT), (401, SIGNED_OUT)] {
        let (container, handle) = mount_at(
            "/moderation/queue",
            &[
                ("/api/v1/config", 200, CONFIG_NO_TILES),
                ("/api/v1/me", me.0, me.1),
                ("/api/v1/moderation/queue", 200, r#"{"items":[]}"#),
            ],
        );
        let notice = wait_for(&container, "[data-testid='moderators-only']").await;
        assert!(
            text(&notice).contains("Only Porchlight moderators review submissions and reports"),
            "{}",
            text(&notice)
        );
        sleep(50).await;
        assert!(!requested_urls().iter().any(|u| u.starts_with("/api/v1/moderation/queue")), "{:?}", requested_urls());
        finish(container, handle);
    }
}

const REPORTED: &str = r#"{"items":[{"request":{"id":7,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
  "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
  "description":"Residents must share their footage.","contact":{"email":"detective@city.example"},
  "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
  "area":{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]},
  "area_m2":400000.0,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":3},
  "reports":[{"reason":"pressure_language","comment":"Says we must share.","reported_at":"2026-11-28T10:00:00Z"},
             {"reason":"other","comment":null,"reported_at":"2026-11-28T11:00:00Z"}]}]}"#;

const UPHELD: &str = r#"{"id":31,"action":"uphold","decided_by":"moderator","decided_at":"2026-11-29T10:00:00Z",
  "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},"subject_id":7,
  "reasons":["pressure_language"],"note":"Tells residents they must share.","report_count":2,"rejected":null,"log_index":40}"#;

#[wasm_bindgen_test]
async fn reported_requests_show_their_reports_and_uphold_sends_reasons_and_note() {
    let (container, handle) = mount_at(
        "/moderation/reports",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, MODERATOR),
            ("/api/v1/moderation/reports", 200, REPORTED),
            ("/api/v1/requests/7/reports/decision", 200, UPHELD),
        ],
    );
    let item = wait_for(&container, "[data-testid='reported-item'][data-request-id='7']").await;
    assert_eq!(text(&item.query_selector("#queue-item-heading").unwrap().unwrap()), "Footage near 5th and Pine");
    let reports: Vec<String> = all(&item, "[data-testid='report']").iter().map(text).collect();
    assert_eq!(reports.len(), 2);
    assert!(reports[0].starts_with(ProhibitedUse::PressureLanguage.title()), "{reports:?}");
    assert!(reports[0].contains("Says we must share."), "{reports:?}");
    assert!(reports[1].starts_with("Other"), "{reports:?}");
    assert!(text(&item).contains("2 open reports"));

    // Uphold needs a reason and a note.
    click(&item, "[data-testid='decision-refuse']");
    wait_for(&item, "#decision-reasons-msg .field-error").await;
    assert!(posts().is_empty());
    click(&item, "#decision-reason-pressure_language");
    type_into(&item, "#decision-note", "Tells residents they must share.");
    click(&item, "[data-testid='decision-refuse']");
    wait_until("the decision is sent", || posts().len() == 1).await;
    assert_eq!(
        posts()[0],
        r#"POST /api/v1/requests/7/reports/decision {"decision":"uphold","reasons":["pressure_language"],"note":"Tells residents they must share."}"#
    );
    let empty = wait_for(&container, "[data-testid='queue-empty']").await;
    assert_eq!(text(&empty), "No reports await a decision.");
    let outcome = text(&container.query_selector("[data-testid='queue-outcome']").unwrap().unwrap());
    assert!(
        outcome.contains("Upheld the reports on “Footage near 5th and Pine”") && outcome.contains("policy finding"),
        "{outcome}"
    );
    finish(container, handle);
}

#[wasm_bindgen_test]
async fn dismissing_reports_sends_no_reasons() {
    let dismissed = UPHELD.replace("\"uphold\"", "\"dismiss\"").replace(r#"["pressure_language"]"#, "[]");
    let (container, handle) = mount_at(
        "/moderation/reports",
        &[
            ("/api/v1/config", 200, CONFIG_NO_TILES),
            ("/api/v1/me", 200, MODERATOR),
            ("/api/v1/moderation/reports", 200, REPORTED),
            ("/api/v1/requests/7/reports/decision", 200, &dismissed),
        ],
    );
    let item = wait_for(&container, "[data-testid='reported-item']").await;
    type_into(&item, "#decision-note", "Voluntary wording; nothing wrong.");
    click(&item, "[data-testid='decision-accept']");
    wait_until("the decision is sent", || posts().len() == 1).await;
    assert_eq!(
        posts()[0],
        r#"POST /api/v1/requests/7/reports/decision {"decision":"dismiss","reasons":[],"note":"Voluntary wording; nothing wrong."}"#
    );
    let outcome = wait_for(&container, "[data-testid='queue-outcome'] p").await;
    assert!(text(&outcome).starts_with("Dismissed the reports"), "{}", text(&outcome));
    finish(container, handle);
}

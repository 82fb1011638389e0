//! Posting a Request for Assistance in real Chromium, as the demo officer: the steps
//! (sign in, open the form, draw on the Leaflet map with real mouse clicks, set the time
//! frame, fill the fields) and the whole flow, for any [`Site`]: one server, or a load
//! balancer in front of several.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use crate::api::Api;
use crate::browser::Browser;
use crate::demo::{DEMO_PASSWORD, MODERATOR, OFFICER};
use crate::error::{HarnessError, Result};
use crate::input::{
    browser_local_time, click_at, press, scroll_into_view, type_datetime_local, LocalDateTime,
    Place,
};
use crate::keys::ENTER;
use crate::site::{open, Site};

/// Signs in on the login page with a demo account's email (every demo account has the
/// same password) and waits until the app leaves `/login`.
pub async fn sign_in(site: &impl Site, email: &str) -> Result<()> {
    open(site, "/login").await?;
    submit_sign_in(site.browser(), email).await
}

/// Signs in as a resident would from any page: the header's "Sign in" link, the form
/// typed and sent with Enter; waits until the app leaves `/login`.
pub async fn sign_in_from_header(browser: &Browser, email: &str) -> Result<()> {
    browser
        .wait_for_visible("header a[href='/login']")
        .await?
        .click()
        .await?;
    submit_sign_in(browser, email).await
}

/// Types a demo account's email and password into the login form and presses Enter.
async fn submit_sign_in(browser: &Browser, email: &str) -> Result<()> {
    browser
        .wait_for_visible("#login-email")
        .await?
        .send_keys(email)
        .await?;
    browser
        .wait_for("#login-password")
        .await?
        .send_keys(DEMO_PASSWORD)
        .await?;
    press(browser, ENTER).await?;
    browser
        .wait_until(
            "sign-in navigates away from /login",
            "location.pathname !== '/login'",
        )
        .await
}

/// Opens the new-request form and waits for it and its map.
pub async fn open_form(site: &impl Site) -> Result<()> {
    open(site, "/requests/new").await?;
    let browser = site.browser();
    browser.wait_for_visible("#request-form").await?;
    browser
        .wait_for_visible(".form-map .leaflet-container")
        .await?;
    Ok(())
}

/// One real left click at `(dx, dy)` pixels from the map's centre, then the pause that
/// keeps Leaflet from reading two clicks as a double-click.
pub async fn click_map(browser: &Browser, dx: i64, dy: i64) -> Result<()> {
    let map = browser.wait_for(".form-map .leaflet-container").await?;
    click_at(browser, &map, dx, dy).await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(())
}

/// Draws a polygon through `corners` (pixel offsets from the map centre) and closes it
/// by clicking the first corner again.
pub async fn draw_polygon(browser: &Browser, corners: &[(i64, i64)]) -> Result<()> {
    browser
        .wait_for("[data-testid='draw-polygon']")
        .await?
        .click()
        .await?;
    map_in_view(browser).await?;
    for &(dx, dy) in corners {
        click_map(browser, dx, dy).await?;
    }
    click_map(browser, corners[0].0, corners[0].1).await?;
    // Finished: the editable shape shows its corner handles.
    browser
        .wait_until(
            "the polygon is finished with its corner handles",
            &format!("document.querySelectorAll('.form-map .draw-vertex:not(.draw-sketch):not(.draw-sketch-first)').length === {}", corners.len()),
        )
        .await
}

/// Scrolls the form's map wholly into view with the mouse wheel before it is clicked:
/// the first mouse-down on the map focuses it, and a map partly out of view would then
/// be scrolled between press and release, which Leaflet takes for a drag.
pub async fn map_in_view(browser: &Browser) -> Result<()> {
    scroll_into_view(browser, ".form-map .leaflet-container", Place::Centre).await
}

/// Types the start, `hours_ago` hours back on the browser's clock (in its time zone,
/// whole minutes), into the start field.
pub async fn set_start_hours_ago(browser: &Browser, hours_ago: f64) -> Result<()> {
    let start = browser_local_time(browser, &format!("Date.now() - {hours_ago} * 3600e3")).await?;
    type_datetime_local(browser, "#tf-start", LocalDateTime { second: 0, ..start }).await
}

/// Types the end, `hours` after the start the start field holds, into the end field.
pub async fn set_end_after_start(browser: &Browser, hours: f64) -> Result<()> {
    let start = browser
        .wait_for("#tf-start")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    let end = browser_local_time(
        browser,
        &format!("new Date({start:?}).getTime() + {hours} * 3600e3"),
    )
    .await?;
    type_datetime_local(browser, "#tf-end", end).await
}

/// Fills the form's text fields, picks the incident type and confirms the two
/// attestations.
pub async fn fill_details(browser: &Browser, case_number: &str, title: &str) -> Result<()> {
    fill_details_with(
        browser,
        case_number,
        title,
        "Looking for footage of a person carrying a red bicycle along the alley.",
    )
    .await
}

/// [`fill_details`] with a description of the test's own.
pub async fn fill_details_with(
    browser: &Browser,
    case_number: &str,
    title: &str,
    description: &str,
) -> Result<()> {
    browser
        .wait_for("#incident-type")
        .await?
        .select_by_value("burglary")
        .await?;
    browser
        .wait_for("#case-number")
        .await?
        .send_keys(case_number)
        .await?;
    browser.wait_for("#title").await?.send_keys(title).await?;
    browser
        .wait_for("#description")
        .await?
        .send_keys(description)
        .await?;
    browser
        .wait_for("#contact-email")
        .await?
        .send_keys("detective@city.example")
        .await?;
    // The two statements every request carries: required checkboxes.
    for id in ["#attest-active-investigation", "#attest-no-lawful-activity"] {
        browser.wait_for(id).await?.click().await?;
    }
    Ok(())
}

/// Whether the form's submit button (`review-post`) is disabled.
pub async fn submit_disabled(browser: &Browser) -> Result<bool> {
    let button = browser.wait_for("[data-testid='review-post']").await?;
    Ok(!button.is_enabled().await?)
}

/// From the new request's page, its agency link opens the public profile, whose
/// permanent history lists the request (newest first, so on the first page).
pub async fn agency_profile_lists(browser: &Browser, title: &str) -> Result<()> {
    browser
        .wait_for("[data-testid='request-details'] a[href^='/agencies/']")
        .await?
        .click()
        .await?;
    browser
        .wait_until(
            "the agency's profile opens",
            "location.pathname === '/agencies/demo-city-police'",
        )
        .await?;
    browser
        .wait_for_text("[data-testid='history-item']", title)
        .await?;
    Ok(())
}

/// The demo officer signs in, draws a polygon with the mouse, sets a 2-hour time frame,
/// fills the fields and confirms the dialog. Returns the title; the browser is then on
/// its way to the submission's page (review required) or the request's (review off).
/// `name` tells this run's case number, title and screenshots apart.
pub async fn submit_a_drawn_polygon(site: &impl Site, name: &str) -> Result<String> {
    let browser = site.browser();
    sign_in(site, OFFICER).await?;
    open_form(site).await?;
    browser
        .wait_for_text("[data-testid='posting-as']", "Demo City Police Department")
        .await?;
    assert!(submit_disabled(browser).await?, "submit starts disabled");
    browser
        .wait_for_text(
            "[data-testid='submit-blockers']",
            "Draw the area on the map",
        )
        .await?;

    // About 60 × 60 px at zoom 13 in Portland: roughly 0.25 sq mi.
    draw_polygon(browser, &[(-30, -30), (32, -28), (34, 30), (-28, 32)]).await?;
    let meter = browser
        .wait_for_text("[data-testid='area-meter-text']", "sq mi")
        .await?
        .text()
        .await?;
    assert!(meter.contains("% of the limit"), "meter: {meter}");
    assert!(!meter.contains("not allowed"), "meter: {meter}");

    set_start_hours_ago(browser, 5.0).await?;
    browser
        .wait_for("#tf-duration-pick")
        .await?
        .select_by_value("120")
        .await?;
    browser
        .wait_for_text("[data-testid='tf-duration']", "Duration: 2 h (")
        .await?;
    let title = format!("Footage near the alley ({name})");
    fill_details(browser, &format!("26-E2E-{name}"), &title).await?;
    browser
        .wait_until(
            "submit enabled",
            "!document.querySelector(\"[data-testid='review-post']\").disabled",
        )
        .await?;
    scroll_into_view(browser, "#area-heading", Place::Top).await?;
    browser
        .screenshot(&format!("post-request-form-{name}"))
        .await?;

    browser
        .wait_for("[data-testid='review-post']")
        .await?
        .click()
        .await?;
    let dialog = browser
        .wait_for_visible("[data-testid='confirm-dialog']")
        .await?;
    let text = dialog.text().await?;
    assert!(
        text.contains("can never be edited or deleted"),
        "dialog: {text}"
    );
    assert!(
        text.contains("public on Demo City Police Department"),
        "dialog: {text}"
    );
    assert!(text.contains(&format!("26-E2E-{name}")), "dialog: {text}");
    browser
        .wait_for_visible(".confirm-map .leaflet-container")
        .await?;
    // The small map re-measures and frames the area just after the dialog opens.
    tokio::time::sleep(Duration::from_millis(400)).await;
    browser
        .screenshot(&format!("post-request-confirm-{name}"))
        .await?;
    browser
        .wait_for("[data-testid='confirm-post']")
        .await?
        .click()
        .await?;
    Ok(title)
}

/// After the confirm click: waits for the submission's page (review required) or the
/// request's page (review off) and returns the path it opened.
pub async fn landing_after_submit(browser: &Browser) -> Result<String> {
    browser
        .wait_until(
            "the submission's or the new request's page opens",
            "/^\\/(submissions|requests)\\/\\d+$/.test(location.pathname)",
        )
        .await?;
    let url = url::Url::parse(&browser.current_url().await?)
        .map_err(|e| HarnessError::new(format!("the page's URL: {e}")))?;
    Ok(url.path().to_owned())
}

/// The submission's page says it awaits review, and the draft is gone from the form's
/// storage. Returns the submission's id.
pub async fn awaiting_review(browser: &Browser, title: &str) -> Result<i64> {
    let path = landing_after_submit(browser).await?;
    let id = path
        .strip_prefix("/submissions/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("expected the submission's page, got {path}"));
    browser
        .wait_for_text("[data-testid='submission-pending']", "Awaiting review")
        .await?;
    browser.wait_for_text("h1", title).await?;
    draft_is_gone(browser).await?;
    Ok(id)
}

/// Sent: the form's saved draft is gone.
async fn draft_is_gone(browser: &Browser) -> Result<()> {
    // Script, read only: WebDriver has no access to the page's storage.
    let draft = browser
        .eval("return localStorage.getItem('porchlight.request-draft.v1');")
        .await?;
    assert!(draft.is_null(), "draft left behind: {draft}");
    Ok(())
}

/// The demo moderator approves submission `id` over the HTTP API (outside the
/// browser), and the answer is the published request.
pub async fn approve_over_api(site: &impl Site, id: i64) -> Result<()> {
    let base = site.url_for("");
    tokio::task::spawn_blocking(move || -> Result<()> {
        let moderator = Api::sign_in(base, MODERATOR, DEMO_PASSWORD)?;
        let body = json!({ "decision": "approve", "reasons": [], "note": null });
        let answer = moderator.post(&format!("/api/v1/requests/{id}/review"), &body)?;
        if answer.status != 200 {
            return Err(HarnessError::new(format!(
                "approving submission {id}: {} {}",
                answer.status, answer.body
            )));
        }
        Ok(())
    })
    .await
    .map_err(|e| HarnessError::new(format!("approving submission {id}: {e}")))?
}

/// The whole posting flow for any deployment: the officer submits a drawn polygon
/// ([`submit_a_drawn_polygon`]). Under review, the submission's page says it awaits
/// review, the demo moderator approves it, and the page (reloaded) links to the
/// published request; without review the request's page opens at once. Either way
/// the request's page shows it and the agency's profile lists it.
pub async fn post_a_drawn_polygon(site: &impl Site, name: &str) -> Result<()> {
    let browser = site.browser();
    let title = submit_a_drawn_polygon(site, name).await?;
    let landing = landing_after_submit(browser).await?;
    if landing.starts_with("/submissions/") {
        let id = awaiting_review(browser, &title).await?;
        browser
            .screenshot(&format!("post-request-awaiting-review-{name}"))
            .await?;
        approve_over_api(site, id).await?;
        open(site, &landing).await?;
        browser
            .wait_for_text("[data-testid='submission-approved']", "Approved")
            .await?
            .find(Locator::Css("[data-testid='published-link']"))
            .await?
            .click()
            .await?;
        browser
            .wait_until(
                "the published request's page opens",
                &format!("location.pathname === '/requests/{id}'"),
            )
            .await?;
    }
    browser.wait_for_text("h1", &title).await?;
    browser
        .screenshot(&format!("post-request-posted-{name}"))
        .await?;
    draft_is_gone(browser).await?;
    agency_profile_lists(browser, &title).await
}

/// Signs out with the header's button and waits until the header says so.
pub async fn sign_out(browser: &Browser) -> Result<()> {
    browser
        .wait_for_visible(".signed-in button")
        .await?
        .click()
        .await?;
    browser
        .wait_until(
            "the header no longer says who is signed in",
            "!document.querySelector('.signed-in')",
        )
        .await
}

//! Review before publishing, in real Chromium against the real server with demo data
//! (review `required`, the default): an approved submission reaches the map; a
//! rejected one reaches only the public moderation log, without its text; an upheld
//! report puts a policy finding on the request and its agency's profile and takes the
//! request off the map.

use porchlight_e2e::demo::{MODERATOR, OFFICER, RESIDENT};
use porchlight_e2e::input::{scroll_into_view, Place};
use porchlight_e2e::posting::{
    awaiting_review, draw_polygon, fill_details_with, open_form, set_end_after_start,
    set_start_hours_ago, sign_in, sign_out, submit_a_drawn_polygon,
};
use porchlight_e2e::{open, Browser, E2e, Locator, Result, ServerOptions, Viewport};

/// Opens `/moderation/queue` as the signed-in moderator and opens the submission
/// titled `title` from the queue's list.
async fn open_in_queue(e2e: &E2e, id: i64, title: &str) -> Result<()> {
    let browser = e2e.browser();
    open(e2e, "/moderation/queue").await?;
    browser
        .wait_for_text("[data-testid='queue-list'] button", title)
        .await?
        .click()
        .await?;
    browser
        .wait_for(&format!(
            "[data-testid='queue-item'][data-submission-id='{id}']"
        ))
        .await?;
    Ok(())
}

/// Whether the map page's feed lists request `id` once it has loaded.
async fn feed_lists(e2e: &E2e, id: i64) -> Result<bool> {
    let browser = e2e.browser();
    open(e2e, "/").await?;
    browser.wait_for_visible("[data-testid=feed-item]").await?;
    Ok(browser
        .count(&format!("[data-testid=feed-item][data-request-id='{id}']"))
        .await?
        > 0)
}

#[tokio::test]
async fn officer_submits_moderator_approves_and_a_resident_sees_it_on_the_map() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    let title = submit_a_drawn_polygon(&e2e, "review-approve").await?;
    let id = awaiting_review(browser, &title).await?;
    browser.screenshot("moderation-awaiting-review").await?;
    sign_out(browser).await?;
    // Awaiting review: not on the public map, and its page is not public.
    assert!(
        !feed_lists(&e2e, id).await?,
        "an unreviewed submission is on the map"
    );

    sign_in(&e2e, MODERATOR).await?;
    open_in_queue(&e2e, id, &title).await?;
    browser.screenshot("moderation-queue").await?;
    browser
        .wait_for("[data-testid='queue-item'] [data-testid='decision-accept']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='queue-outcome']", &title)
        .await?;
    // It left the queue.
    assert_eq!(
        browser
            .count(&format!("[data-submission-id='{id}']"))
            .await?,
        0,
        "the approved submission is still in the queue"
    );
    sign_out(browser).await?;

    sign_in(&e2e, RESIDENT).await?;
    assert!(
        feed_lists(&e2e, id).await?,
        "the approved request is not on the map"
    );
    open(&e2e, &format!("/requests/{id}")).await?;
    browser.wait_for_text("h1", &title).await?;
    browser
        .wait_for_text(
            "[data-testid='review-status']",
            "Reviewed by Porchlight moderators",
        )
        .await?;
    browser.screenshot("moderation-approved-request").await?;
    e2e.finish().await
}

#[tokio::test]
async fn a_request_about_a_protest_is_flagged_rejected_and_logged_without_its_text() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    sign_in(&e2e, OFFICER).await?;
    open_form(&e2e).await?;
    draw_polygon(browser, &[(-30, -30), (30, -30), (30, 30), (-30, 30)]).await?;
    set_start_hours_ago(browser, 4.0).await?;
    set_end_after_start(browser, 2.0).await?;
    let title = "Footage of the Saturday march";
    let description = "Looking for footage of the people at the protest outside city hall.";
    fill_details_with(browser, "26-E2E-PROTEST", title, description).await?;
    // The pre-screen warns beside the fields it read, before anything is sent.
    let concern = browser
        .wait_for_text("#description-concerns [data-testid='concern']", "protest")
        .await?
        .text()
        .await?;
    browser
        .wait_for_text("#title-concerns [data-testid='concern']", "march")
        .await?;
    scroll_into_view(browser, "#description", Place::Centre).await?;
    browser.screenshot("moderation-form-concerns").await?;
    // It warns and never blocks: the form still sends.
    browser
        .wait_until(
            "submit enabled despite the concerns",
            "!document.querySelector(\"[data-testid='review-post']\").disabled",
        )
        .await?;
    browser
        .wait_for("[data-testid='review-post']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='confirm-dialog']", "protest")
        .await?;
    browser
        .wait_for("[data-testid='confirm-post']")
        .await?
        .click()
        .await?;
    let id = awaiting_review(browser, title).await?;
    sign_out(browser).await?;

    sign_in(&e2e, MODERATOR).await?;
    open_in_queue(&e2e, id, title).await?;
    // The moderator sees the concern, its matched text highlighted.
    let item = browser.wait_for("[data-testid='queue-item']").await?;
    let marks = item.find_all(Locator::Css("mark")).await?;
    let mut marked = Vec::new();
    for mark in marks {
        marked.push(mark.text().await?.to_lowercase());
    }
    assert!(
        marked.iter().any(|m| m == "protest"),
        "highlighted: {marked:?} (the form said: {concern})"
    );
    browser
        .wait_for("#decision-reason-lawful_activity")
        .await?
        .click()
        .await?;
    let note = "Refused: a request may not gather footage of a protest.";
    browser
        .wait_for("#decision-note")
        .await?
        .send_keys(note)
        .await?;
    browser
        .wait_for("[data-testid='queue-item'] [data-testid='decision-refuse']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='queue-outcome']", title)
        .await?;
    sign_out(browser).await?;

    // The public log, signed out: the rejection with its reason, note, area and time
    // frame, and never the submission's title, description or contact.
    open(&e2e, "/moderation").await?;
    let entry = browser
        .wait_for_text("[data-testid='log-item']", note)
        .await?;
    let text = entry.text().await?;
    assert!(
        text.contains("Lawful activity such as a protest"),
        "entry: {text}"
    );
    entry
        .find(Locator::Css("[data-testid='log-rejected']"))
        .await?;
    // The rejected areas on the log's map: its canvas (areas are drawn on a Canvas
    // renderer, and the tests serve no tiles) has painted pixels.
    browser
        .wait_until(
            "the rejected areas are painted on the log's map",
            "(() => { const c = document.querySelector('.log-map .leaflet-overlay-pane canvas'); \
              if (!c || !c.width) return false; \
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
              for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; \
              return false; })()",
        )
        .await?;
    browser.screenshot("moderation-public-log").await?;
    let page = browser.page_text().await?;
    for secret in [
        title,
        description,
        "detective@city.example",
        "26-E2E-PROTEST",
    ] {
        assert!(!page.contains(secret), "the public log shows {secret:?}");
    }
    let html = browser.client().source().await?;
    for secret in [title, description, "detective@city.example"] {
        assert!(
            !html.contains(secret),
            "the public log's markup holds {secret:?}"
        );
    }
    // Not published: its request page is not there.
    assert!(
        !feed_lists(&e2e, id).await?,
        "a rejected submission is on the map"
    );
    e2e.finish().await
}

/// The first request on the map's feed, as (id, title).
async fn first_on_the_map(e2e: &E2e) -> Result<(i64, String)> {
    let browser = e2e.browser();
    open(e2e, "/").await?;
    let item = browser.wait_for_visible("[data-testid=feed-item]").await?;
    let id = item
        .attr("data-request-id")
        .await?
        .and_then(|id| id.parse().ok())
        .expect("a feed item carries its request's id");
    let title = item.find(Locator::Css("h3")).await?.text().await?;
    Ok((id, title))
}

/// Waits until the agency profile's finding banner lists `note`.
async fn banner_lists(browser: &Browser, note: &str) -> Result<()> {
    browser
        .wait_for_text(
            "[data-testid='finding-banner'] [data-testid='finding']",
            note,
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_resident_reports_a_moderator_upholds_and_the_finding_is_public() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    sign_in(&e2e, RESIDENT).await?;
    let (id, title) = first_on_the_map(&e2e).await?;
    open(&e2e, &format!("/requests/{id}")).await?;
    browser.wait_for_text("h1", &title).await?;
    let agency = browser
        .wait_for("[data-testid='request-details'] a[href^='/agencies/']")
        .await?
        .attr("href")
        .await?
        .expect("the agency link has an href");
    browser
        .wait_for_visible("[data-testid='report-open']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_visible("#report-reason")
        .await?
        .select_by_value("pressure_language")
        .await?;
    browser
        .wait_for("#report-comment")
        .await?
        .send_keys("It tells residents they are required to share.")
        .await?;
    browser.screenshot("moderation-report-form").await?;
    browser
        .wait_for("[data-testid='report-send']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_visible("[data-testid='report-done']")
        .await?;
    // Reported once: the button does not come back.
    assert_eq!(browser.count("[data-testid='report-open']").await?, 0);
    sign_out(browser).await?;

    sign_in(&e2e, MODERATOR).await?;
    open(&e2e, "/moderation/reports").await?;
    browser
        .wait_for_text("[data-testid='queue-list'] button", &title)
        .await?
        .click()
        .await?;
    let item = browser
        .wait_for(&format!(
            "[data-testid='reported-item'][data-request-id='{id}']"
        ))
        .await?;
    item.find(Locator::Css("[data-testid='report']")).await?;
    browser
        .wait_for("#decision-reason-pressure_language")
        .await?
        .click()
        .await?;
    let note = "Upheld: the request pressed residents to share footage.";
    browser
        .wait_for("#decision-note")
        .await?
        .send_keys(note)
        .await?;
    browser
        .wait_for("[data-testid='reported-item'] [data-testid='decision-refuse']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='queue-outcome']", &title)
        .await?;
    sign_out(browser).await?;

    // Signed out, as the public: the banner on the request and on the agency's profile,
    // and the request off the map (still on the profile, never deleted).
    open(&e2e, &format!("/requests/{id}")).await?;
    browser.wait_for_text("h1", &title).await?;
    banner_lists(browser, note).await?;
    browser
        .wait_for_text("[data-testid='report-count']", "1")
        .await?;
    browser.screenshot("moderation-finding-request").await?;
    open(&e2e, &agency).await?;
    banner_lists(browser, note).await?;
    browser
        .wait_for_text("[data-testid='history-item']", &title)
        .await?;
    browser.screenshot("moderation-finding-profile").await?;
    assert!(
        !feed_lists(&e2e, id).await?,
        "a request with a finding is on the map"
    );
    e2e.finish().await
}

//! Posting a Request for Assistance end to end: the real server with demo data, real
//! Chromium, real mouse clicks on the Leaflet map. The steps live in
//! `porchlight_e2e::posting`, shared with the multi-instance test.

use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use porchlight_e2e::demo::{OFFICER, RESIDENT};
use porchlight_e2e::input::{has_focus, press, scroll_into_view, tab_to, Place};
use porchlight_e2e::keys::{ENTER, SHIFT, TAB};
use porchlight_e2e::posting::{
    awaiting_review, click_map, draw_polygon, fill_details, map_in_view, open_form,
    post_a_drawn_polygon, set_end_after_start, set_start_hours_ago, sign_in, submit_disabled,
};
use porchlight_e2e::{Browser, E2e, Locator, Result, ServerOptions, Viewport};

/// The posting flow on one server with demo data (`posting::post_a_drawn_polygon`).
async fn officer_posts_a_drawn_polygon(viewport: Viewport, name: &str) -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), viewport).await?;
    post_a_drawn_polygon(&e2e, name).await?;
    e2e.finish().await
}

#[tokio::test]
async fn officer_posts_a_drawn_polygon_on_a_desktop() -> Result<()> {
    officer_posts_a_drawn_polygon(Viewport::DESKTOP, "1280x800").await
}

#[tokio::test]
async fn officer_posts_a_drawn_polygon_on_a_phone() -> Result<()> {
    officer_posts_a_drawn_polygon(Viewport::PHONE, "390x844").await
}

/// Too large an area and a 13-hour time frame: each shows its error and the submit
/// button stays disabled; a reload keeps the draft.
#[tokio::test]
async fn too_large_area_and_13_hour_time_frame_are_refused() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    sign_in(&e2e, OFFICER).await?;
    open_form(&e2e).await?;
    fill_details(browser, "26-E2E-LIMITS", "Footage of a large area").await?;

    // About 170 × 170 px at zoom 13: over 1.5 sq mi.
    draw_polygon(browser, &[(-85, -85), (85, -85), (85, 85), (-85, 85)]).await?;
    browser
        .wait_for_text(
            "[data-testid='area-msg']",
            "requests may cover at most 0.5 sq mi",
        )
        .await?;
    browser
        .wait_for_text("[data-testid='area-meter-text']", "not allowed")
        .await?;
    browser
        .wait_for_text(
            "[data-testid='submit-blockers']",
            "requests may cover at most 0.5 sq mi",
        )
        .await?;
    assert!(
        submit_disabled(browser).await?,
        "submit disabled with too large an area"
    );
    scroll_into_view(browser, "#area-heading", Place::Top).await?;
    browser
        .screenshot("post-request-too-large-1280x800")
        .await?;

    // Start over with a reasonable shape, then a 13-hour time frame.
    browser
        .wait_for("[data-testid='draw-clear']")
        .await?
        .click()
        .await?;
    draw_polygon(browser, &[(-30, -30), (30, -30), (30, 30), (-30, 30)]).await?;
    set_start_hours_ago(browser, 20.0).await?;
    set_end_after_start(browser, 13.0).await?;
    browser
        .wait_for_text(
            "[data-testid='tf-frame-msg']",
            "The time frame is 13 h; it may be at most 12 h.",
        )
        .await?;
    browser
        .wait_for_text("[data-testid='tf-duration']", "13 h")
        .await?;
    assert!(
        submit_disabled(browser).await?,
        "submit disabled with a 13-hour time frame"
    );
    let invalid = browser
        .wait_for("#tf-end")
        .await?
        .attr("aria-invalid")
        .await?;
    assert_eq!(invalid.as_deref(), Some("true"));
    browser.set_viewport(Viewport::PHONE).await?;
    scroll_into_view(browser, "#time-heading", Place::Top).await?;
    browser.screenshot("post-request-13h-390x844").await?;

    // Reload: the draft (area included) comes back.
    e2e.open("/requests/new").await?;
    browser.wait_for_visible("#request-form").await?;
    let title = browser.wait_for("#title").await?.prop("value").await?;
    assert_eq!(title.as_deref(), Some("Footage of a large area"));
    browser
        .wait_until(
            "the restored area is drawn",
            "document.querySelectorAll('.form-map .draw-vertex').length === 4",
        )
        .await?;
    browser
        .wait_for_text("[data-testid='tf-frame-msg']", "it may be at most 12 h")
        .await?;
    e2e.finish().await
}

/// The area without the map, by keyboard: the map's centre and a radius make a circle;
/// then the times are typed and the request is sent with key presses. Focus moves only
/// by Tab and Shift+Tab, from the top of the page.
#[tokio::test]
async fn officer_posts_with_the_keyboard_centre_and_radius() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    sign_in(&e2e, OFFICER).await?;
    open_form(&e2e).await?;

    tab_to(browser, ".keyboard-area summary", 40).await?;
    press(browser, ENTER).await?;
    browser
        .wait_for_visible("[data-testid='kb-use-centre']")
        .await?;
    // Latitude, longitude, radius, then "Use the map's centre".
    tab_to(browser, "[data-testid='kb-use-centre']", 4).await?;
    press(browser, ENTER).await?;
    browser
        .wait_until(
            "latitude filled from the map",
            "document.getElementById('kb-lat').value.startsWith('45.5')",
        )
        .await?;
    press(browser, &format!("{SHIFT}{TAB}")).await?;
    assert!(
        has_focus(browser, "#kb-radius").await?,
        "Shift+Tab from the button reaches the radius"
    );
    press(browser, "400").await?;
    press(browser, TAB).await?;
    // Tab from the radius reaches "Use the map's centre", then "Set circle…".
    assert!(has_focus(browser, "[data-testid='kb-use-centre']").await?);
    press(browser, TAB).await?;
    assert!(has_focus(browser, "[data-testid='kb-set-circle']").await?);
    press(browser, ENTER).await?;
    // 400 m radius: π·400² ≈ 0.19 sq mi, drawn on the map as a 64-corner polygon.
    browser
        .wait_for_text("[data-testid='area-meter-text']", "0.19 sq mi")
        .await?;
    browser
        .wait_until(
            "the circle is on the map",
            "document.querySelectorAll('.form-map .draw-vertex').length === 64",
        )
        .await?;

    // The time fields come next (each of their segments is a Tab stop of its own).
    tab_to(browser, "#tf-start", 10).await?;
    set_start_hours_ago(browser, 3.0).await?;
    tab_to(browser, "#tf-end", 10).await?;
    set_end_after_start(browser, 1.5).await?;
    browser
        .wait_for_text("[data-testid='tf-duration']", "Duration: 1 h 30 min (")
        .await?;
    fill_details(browser, "26-E2E-KEYS", "Footage around the corner store").await?;
    browser
        .wait_until(
            "submit enabled",
            "!document.querySelector(\"[data-testid='review-post']\").disabled",
        )
        .await?;
    // From the last statement's checkbox, on to the submit button.
    tab_to(browser, "[data-testid='review-post']", 5).await?;
    press(browser, ENTER).await?;
    browser
        .wait_for_visible("[data-testid='confirm-dialog']")
        .await?;
    // Focus starts on "Go back"; Shift+Tab reaches the send button.
    browser
        .wait_until(
            "focus on Go back",
            "document.activeElement.dataset.testid === 'confirm-cancel'",
        )
        .await?;
    press(browser, &format!("{SHIFT}{TAB}")).await?;
    assert!(has_focus(browser, "[data-testid='confirm-post']").await?);
    press(browser, ENTER).await?;
    // Sent for review (the default): its page says so.
    awaiting_review(browser, "Footage around the corner store").await?;
    e2e.finish().await
}

/// A resident (and a signed-out visitor) opening the form is told why they cannot post.
#[tokio::test]
async fn resident_and_signed_out_visitor_cannot_post() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::PHONE).await?;
    let browser = e2e.browser();
    e2e.open("/requests/new").await?;
    let denied = browser
        .wait_for_visible("[data-testid='post-denied']")
        .await?;
    assert!(denied.text().await?.contains("you are not signed in"));
    assert!(browser
        .client()
        .find(Locator::Css("[data-testid='post-denied'] a[href='/login']"))
        .await
        .is_ok());

    sign_in(&e2e, RESIDENT).await?;
    e2e.open("/requests/new").await?;
    let denied = browser
        .wait_for_text(
            "[data-testid='post-denied']",
            "Only agency staff accounts can post",
        )
        .await?;
    assert!(denied.text().await?.contains("resident"));
    assert_eq!(browser.count("#request-form").await?, 0);
    browser.screenshot("post-request-resident-390x844").await?;
    e2e.finish().await
}

async fn vertex_count(browser: &Browser) -> Result<usize> {
    browser
        .count(".form-map .draw-vertex:not(.draw-sketch):not(.draw-sketch-first)")
        .await
}

async fn meter_text(browser: &Browser) -> Result<String> {
    Ok(browser
        .wait_for("[data-testid='area-meter-text']")
        .await?
        .text()
        .await?)
}

/// The drawing tools with the mouse: a rectangle from two corners, a circle from
/// centre and edge (64 corners), a crossing outline flagged while it is drawn, and a
/// finished shape edited by dragging, adding and removing corners.
#[tokio::test]
async fn drawing_tools_rectangle_circle_crossing_and_editing() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    sign_in(&e2e, OFFICER).await?;
    open_form(&e2e).await?;
    map_in_view(browser).await?;

    // Rectangle: two opposite corners.
    browser
        .wait_for("[data-testid='draw-rectangle']")
        .await?
        .click()
        .await?;
    click_map(browser, -40, -30).await?;
    click_map(browser, 40, 30).await?;
    browser
        .wait_until(
            "a 4-corner rectangle",
            "document.querySelectorAll('.form-map .draw-vertex').length === 4",
        )
        .await?;
    let rectangle = meter_text(browser).await?;
    assert!(rectangle.contains("sq mi"), "{rectangle}");

    // Circle: centre, then a point on the edge: 64 corners.
    browser
        .wait_for("[data-testid='draw-circle']")
        .await?
        .click()
        .await?;
    click_map(browser, 0, 0).await?;
    click_map(browser, 35, 0).await?;
    browser
        .wait_until(
            "a 64-corner circle",
            "document.querySelectorAll('.form-map .draw-vertex').length === 64",
        )
        .await?;

    // Clear starts over.
    browser
        .wait_for("[data-testid='draw-clear']")
        .await?
        .click()
        .await?;
    browser
        .wait_until(
            "cleared",
            "document.querySelectorAll('.form-map .draw-vertex').length === 0",
        )
        .await?;
    browser
        .wait_for_text("[data-testid='area-meter-text']", "No area drawn yet")
        .await?;

    // A bowtie is flagged as soon as the fourth corner makes the outline cross.
    browser
        .wait_for("[data-testid='draw-polygon']")
        .await?
        .click()
        .await?;
    for (dx, dy) in [(-40, -40), (40, 40), (40, -40)] {
        click_map(browser, dx, dy).await?;
    }
    let status = browser
        .wait_for("[data-testid='draw-status']")
        .await?
        .text()
        .await?;
    assert_eq!(status, "", "no crossing yet");
    click_map(browser, -40, 40).await?;
    browser
        .wait_for_text("[data-testid='draw-status']", "crosses itself")
        .await?;
    browser
        .wait_for("[data-testid='draw-finish']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text(
            "[data-testid='area-msg']",
            "The area's outline crosses itself",
        )
        .await?;
    assert!(submit_disabled(browser).await?);

    // Edit a fresh square: dragging a corner outwards grows the area.
    browser
        .wait_for("[data-testid='draw-clear']")
        .await?
        .click()
        .await?;
    draw_polygon(browser, &[(-40, -40), (40, -40), (40, 40), (-40, 40)]).await?;
    let before = meter_text(browser).await?;
    let corners = browser
        .client()
        .find_all(Locator::Css(".form-map .draw-vertex"))
        .await?;
    let mouse = MouseActions::new("drag".to_owned())
        .then(PointerAction::MoveToElement {
            element: corners[2].clone(),
            duration: None,
            x: 0,
            y: 0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(200)),
            x: 40,
            y: 40,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    browser.client().perform_actions(mouse).await?;
    browser
        .wait_until("the dragged corner grows the area", &format!("document.querySelector(\"[data-testid='area-meter-text']\").textContent !== {before:?}"))
        .await?;
    assert_eq!(vertex_count(browser).await?, 4);

    // Add: click the square handle between two corners.
    browser
        .wait_for(".form-map .draw-midpoint")
        .await?
        .click()
        .await?;
    browser
        .wait_until(
            "a fifth corner",
            "document.querySelectorAll('.form-map .draw-vertex').length === 5",
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(400)).await;

    // Remove: double-click a corner.
    let corner = browser.wait_for(".form-map .draw-vertex").await?;
    let mouse = MouseActions::new("dbl".to_owned())
        .then(PointerAction::MoveToElement {
            element: corner,
            duration: None,
            x: 0,
            y: 0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    browser.client().perform_actions(mouse).await?;
    browser
        .wait_until(
            "back to four corners",
            "document.querySelectorAll('.form-map .draw-vertex').length === 4",
        )
        .await?;
    browser.screenshot("post-request-edited-1280x800").await?;
    e2e.finish().await
}

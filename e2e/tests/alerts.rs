//! Email alerts end to end: the real server sends through a real SMTP server the test
//! starts (`porchlight_e2e::mail`, the server tests' sink), real Chromium drives the
//! app. A resident draws an area on `/alerts/new`, confirms through the emailed link
//! (pressing Confirm: opening the link does nothing), an officer posts a request in that
//! area through the form, the alert arrives with the request's link, and the one-click
//! unsubscribe a mail client sends ends it. A Spanish reader's emails are in Spanish.

use std::time::Duration;

use porchlight_e2e::a11y::Language;
use porchlight_e2e::demo::{DEMO_PASSWORD, OFFICER};
use porchlight_e2e::mail::{
    decoded_header, header, link_in, plain_text, start_smtp_sink, wait_for_email, SmtpSink,
};
use porchlight_e2e::posting::{draw_polygon, landing_after_submit, submit_a_drawn_polygon};
use porchlight_e2e::{
    http_request, valid_draft, Api, E2e, HarnessError, Result, ServerOptions, Viewport,
};

/// How long an email may take: the outbox worker runs every second.
const MAIL_WAIT: Duration = Duration::from_secs(30);

/// The demo, publishing at once (no review), sending through `sink`.
fn options(sink: &SmtpSink) -> ServerOptions {
    ServerOptions::new()
        .demo()
        .arg("--review")
        .arg("off")
        .arg("--smtp-url")
        .arg(sink.url())
        .arg("--outbox-interval-secs")
        .arg("1")
}

/// The link in `text` under `prefix`, or an error that shows the text.
fn link(text: &str, prefix: &str) -> Result<String> {
    link_in(text, prefix)
        .ok_or_else(|| HarnessError::new(format!("no link to {prefix}… in:\n{text}")))
}

#[tokio::test]
async fn a_drawn_area_is_confirmed_alerted_about_and_unsubscribed_in_one_click() -> Result<()> {
    let sink = start_smtp_sink();
    let e2e = E2e::start(options(&sink), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    let to = "resident-alerts@example.org";

    // From the map page's link: a plain link, the alert form's build loads.
    e2e.open("/").await?;
    browser
        .wait_for("[data-testid='map-alerts-link']")
        .await?
        .click()
        .await?;
    browser
        .wait_until(
            "the alert form opens",
            "location.pathname === '/alerts/new'",
        )
        .await?;
    browser.wait_for_visible("#alert-form").await?;
    browser
        .wait_for_visible(".form-map .leaflet-container")
        .await?;
    browser
        .wait_for("#alert-email")
        .await?
        .send_keys(to)
        .await?;
    // The request form's own tool: a rectangle of corners well around the officer's
    // polygon below (drawn at the same offsets from the same default view).
    draw_polygon(browser, &[(-120, -90), (120, -90), (120, 90), (-120, 90)]).await?;
    let size = browser
        .wait_for_text("[data-testid='alert-area-size']", "sq mi")
        .await?
        .text()
        .await?;
    assert!(size.starts_with("Area drawn: "), "{size}");
    assert_eq!(
        browser.count("#area-msg .field-error").await?,
        0,
        "the area is allowed"
    );
    browser
        .wait_for("#alert-type-burglary")
        .await?
        .click()
        .await?;
    browser
        .eval("document.querySelector('h1').scrollIntoView({ block: 'start', behavior: 'instant' }); return true;")
        .await?;
    browser.screenshot("alerts-subscribe-1280").await?;
    browser.set_viewport(Viewport::PHONE).await?;
    browser
        .wait_until(
            "the page fits 390 px",
            "document.documentElement.scrollWidth <= 390",
        )
        .await?;
    browser
        .eval("document.querySelector('h1').scrollIntoView({ block: 'start', behavior: 'instant' }); return true;")
        .await?;
    browser.screenshot("alerts-subscribe-390").await?;
    browser.set_viewport(Viewport::DESKTOP).await?;
    browser
        .wait_for("#alert-form button[type='submit']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='alert-sent']", "Check your email")
        .await?;
    browser.screenshot("alerts-subscribe-sent").await?;

    // The confirmation email; its link opens the page, which confirms on a press.
    let confirmation =
        wait_for_email(&sink, to, "Confirm your Porchlight alerts", MAIL_WAIT).await?;
    let text = plain_text(&confirmation);
    assert!(text.contains("requests in the area you drew"), "{text}");
    assert!(text.contains("about: Burglary"), "{text}");
    let confirm = link(&text, &e2e.server.url_for("/alerts/confirm/"))?;
    browser.goto(&confirm).await?;
    browser
        .wait_for_visible("[data-testid='alert-confirm']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='alert-confirmed']", "Confirmed.")
        .await?
        .find(porchlight_e2e::Locator::Css("a"))
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='alert-state']", "Confirmed: alerts are sent")
        .await?;
    browser
        .wait_for_visible(".alert-map .leaflet-container")
        .await?;
    // The small map frames the area with an animated zoom: let it end.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    browser.screenshot("alerts-manage-1280").await?;

    // The officer posts a request inside the area through the form.
    let title = submit_a_drawn_polygon(&e2e, "alerts").await?;
    let landing = landing_after_submit(browser).await?;
    assert!(landing.starts_with("/requests/"), "{landing}");
    let alert = wait_for_email(&sink, to, &title, MAIL_WAIT).await?;
    assert_eq!(
        decoded_header(&alert, "Subject").as_deref(),
        Some(format!("Demo City Police Department asks for camera footage: {title}").as_str())
    );
    let text = plain_text(&alert);
    assert!(text.contains("Incident type: Burglary"), "{text}");
    assert!(text.contains("When: "), "{text}");
    assert!(
        text.contains("Where: ") && text.contains(" sq mi ("),
        "{text}"
    );
    let page = link(&text, &e2e.server.url_for("/requests/"))?;
    assert_eq!(page, e2e.server.url_for(&landing));
    browser.goto(&page).await?;
    browser.wait_for_text("h1", &title).await?;

    // One click, as a mail client's Unsubscribe button does it (RFC 8058).
    assert_eq!(
        header(&alert, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let list_unsubscribe = header(&alert, "List-Unsubscribe").unwrap_or_default();
    let unsubscribe = list_unsubscribe
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .replace(' ', "");
    assert!(
        unsubscribe.starts_with(&e2e.server.url_for("/api/v1/alerts/unsubscribe/")),
        "{list_unsubscribe}"
    );
    let answer = http_request(
        "POST",
        &unsubscribe,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some("List-Unsubscribe=One-Click"),
    )?;
    assert_eq!(answer.status, 204, "{}", answer.body);
    let manage = link(&text, &e2e.server.url_for("/alerts/manage/"))?;
    browser.goto(&manage).await?;
    browser
        .wait_for_text("[data-testid='alert-gone']", "no longer exists")
        .await?;
    e2e.finish().await
}

#[tokio::test]
async fn a_spanish_reader_subscribes_to_an_agency_and_gets_spanish_emails() -> Result<()> {
    let sink = start_smtp_sink();
    let e2e = E2e::start(options(&sink), Viewport::PHONE).await?;
    let browser = e2e.browser();
    let to = "vecina@example.org";
    e2e.open("/").await?;
    Language::Spanish.choose(browser).await?;

    // From the agency's profile: the agency is chosen.
    e2e.open("/agencies/demo-city-police").await?;
    browser
        .wait_for("[data-testid='agency-alerts']")
        .await?
        .click()
        .await?;
    browser
        .wait_until(
            "the alert form opens with the agency",
            "location.pathname === '/alerts/new' && location.search === '?agency=demo-city-police'",
        )
        .await?;
    browser.wait_for_visible("#alert-form").await?;
    Language::Spanish.assert_shown(browser).await?;
    browser
        .wait_until(
            "the agency is chosen",
            "document.querySelector('#alert-agency')?.value === 'demo-city-police'",
        )
        .await?;
    browser
        .wait_for("#alert-email")
        .await?
        .send_keys(to)
        .await?;
    browser
        .wait_for("#alert-form button[type='submit']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='alert-sent']", "Revise su correo")
        .await?;

    let confirmation =
        wait_for_email(&sink, to, "Confirme sus alertas de Porchlight", MAIL_WAIT).await?;
    let text = plain_text(&confirmation);
    assert!(
        text.contains("las solicitudes de Demo City Police Department"),
        "{text}"
    );
    let confirm = link(&text, &e2e.server.url_for("/alerts/confirm/"))?;
    browser.goto(&confirm).await?;
    browser
        .wait_for_text("[data-testid='alert-confirm']", "Confirmar")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("[data-testid='alert-confirmed']", "Confirmado.")
        .await?;

    // The officer publishes over the API; the alert is in Spanish.
    let base = e2e.server.url_for("");
    let id = tokio::task::spawn_blocking(move || -> Result<i64> {
        let officer = Api::sign_in(base, OFFICER, DEMO_PASSWORD)?;
        let answer = officer.post(
            "/api/v1/requests",
            &valid_draft("26-E2E-ES", -122.68, 45.515),
        )?;
        let body = answer.json()?;
        body["id"]
            .as_i64()
            .ok_or_else(|| HarnessError::new(format!("{} {}", answer.status, answer.body)))
    })
    .await
    .map_err(|e| HarnessError::new(format!("posting: {e}")))??;
    let alert = wait_for_email(&sink, to, "pide grabaciones de cámaras", MAIL_WAIT).await?;
    let text = plain_text(&alert);
    assert!(
        text.contains("Demo City Police Department publicó una solicitud"),
        "{text}"
    );
    assert!(
        text.contains("Footage for case 26-E2E-ES (caso 26-E2E-ES)"),
        "{text}"
    );
    assert!(
        text.contains("Tipo de incidente: Robo en vivienda o local"),
        "{text}"
    );
    assert!(text.contains("hora de America/Los_Angeles"), "{text}");
    assert!(text.contains(" mi² ("), "{text}");
    let page = link(&text, &e2e.server.url_for("/requests/"))?;
    assert_eq!(page, e2e.server.url_for(&format!("/requests/{id}")));
    for english in ["Incident type", "When:", "Where:", "sq mi"] {
        assert!(!text.contains(english), "{english} in {text}");
    }
    e2e.finish().await
}

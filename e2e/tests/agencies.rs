//! The agency directory and profiles end to end, signed out, on the demo data: search
//! the directory, open the demo police department, see its chart and history, follow a
//! request, and find every request of the history in the GeoJSON download.

use std::collections::BTreeSet;

use porchlight_e2e::input::{scroll_into_view, Place};
use porchlight_e2e::{http_get, E2e, Locator, Result, ServerOptions, Viewport};
use serde_json::Value;

const DEMO_AGENCY: &str = "Demo City Police Department";

#[tokio::test]
async fn signed_out_resident_finds_the_agency_its_record_and_open_data() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    e2e.open("/agencies").await?;

    // Signed out: the header offers to sign in.
    browser.wait_for_text("header", "Sign in").await?;
    browser.wait_for("[data-testid='agency-item']").await?;
    assert_eq!(
        browser.count("[data-testid='agency-item']").await?,
        3,
        "the three demo agencies"
    );
    browser
        .wait_until(
            "the directory map drew",
            "document.querySelector('.directory-map .leaflet-container') !== null",
        )
        .await?;

    // Search by part of the name, in any case.
    let search = browser
        .wait_for_visible("[data-testid='agency-search']")
        .await?;
    search.send_keys("city POLICE").await?;
    browser
        .wait_until(
            "one agency matches",
            "document.querySelectorAll(\"[data-testid='agency-item']\").length === 1",
        )
        .await?;
    let item = browser
        .wait_for_text("[data-testid='agency-item']", DEMO_AGENCY)
        .await?;
    item.find(Locator::Css("a")).await?.click().await?;

    // The profile: header, statistics with the chart, history.
    browser.wait_for_text("main h1", DEMO_AGENCY).await?;
    browser.wait_for("[data-testid='month-chart'] svg").await?;
    // Script, read only: one read for every bar's count rather than a WebDriver round
    // trip per bar (the same for the history's ids and texts below).
    let bars = browser
        .eval("return Array.from(document.querySelectorAll(\"[data-testid='chart-bar']\")).map(b => Number(b.dataset.count));")
        .await?;
    let bars: Vec<u64> = serde_json::from_value(bars).expect("bar counts");
    assert_eq!(bars.len(), 24);
    let total_text = browser
        .wait_for("[data-testid='stat-total']")
        .await?
        .text()
        .await?;
    let total: u64 = total_text.replace(',', "").parse().expect("a number");
    // The demo requests are all from the last 90 days: inside the 24-month window.
    assert_eq!(
        bars.iter().sum::<u64>(),
        total,
        "bars {bars:?} vs total {total}"
    );
    assert!(total >= 20, "demo agency has {total} requests");
    let page = browser.page_text().await?;
    assert!(page.contains("Months are counted in UTC."), "{page}");

    // The complete history, newest first, page after page.
    browser.wait_for("[data-testid='history-item']").await?;
    loop {
        let shown = browser.count("[data-testid='history-item']").await? as u64;
        if shown >= total {
            break;
        }
        browser
            .wait_for_visible("[data-testid='history-more']")
            .await?
            .click()
            .await?;
        browser
            .wait_until(
                "the next page of the history",
                &format!(
                    "document.querySelectorAll(\"[data-testid='history-item']\").length > {shown}"
                ),
            )
            .await?;
    }
    assert_eq!(
        browser.count("[data-testid='history-item']").await? as u64,
        total
    );
    assert!(
        browser.count("[data-testid='history-more']").await? == 0,
        "no more pages"
    );
    let ids = browser
        .eval("return Array.from(document.querySelectorAll(\"[data-testid='history-item']\")).map(li => Number(li.dataset.requestId));")
        .await?;
    let ids: Vec<i64> = serde_json::from_value(ids).expect("ids");
    let permanent = browser
        .eval("return Array.from(document.querySelectorAll(\"[data-testid='history-item']\")).every(li => li.innerText.includes('Permanent record'));")
        .await?;
    assert_eq!(
        permanent,
        Value::Bool(true),
        "every entry says it is a permanent record"
    );
    let no_edit = browser
        .eval("return Array.from(document.querySelectorAll('main button, main a')).every(e => !/edit|delete/i.test(e.innerText));")
        .await?;
    assert_eq!(no_edit, Value::Bool(true), "no edit or delete control");

    // Open data: the GeoJSON download holds every request of the history.
    let href = browser
        .wait_for("[data-testid='download-geojson']")
        .await?
        .attr("href")
        .await?
        .expect("href");
    let download = http_get(&e2e.server.url_for(&href))?;
    assert_eq!(download.status, 200);
    assert!(download
        .header("content-disposition")
        .unwrap_or_default()
        .contains("demo-city-police-requests.geojson"));
    let geojson: Value = serde_json::from_str(&download.body).expect("GeoJSON is JSON");
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().expect("features");
    let in_file: BTreeSet<i64> = features.iter().filter_map(|f| f["id"].as_i64()).collect();
    let in_history: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(
        in_history.len(),
        ids.len(),
        "the history repeats no request"
    );
    assert_eq!(
        in_file, in_history,
        "GeoJSON and history hold the same requests"
    );
    for feature in features {
        let ring = feature["geometry"]["coordinates"][0]
            .as_array()
            .expect("a ring");
        assert_eq!(ring.first(), ring.last(), "closed ring");
        let lng = ring[0][0].as_f64().unwrap();
        assert!(
            (-123.0..-122.0).contains(&lng),
            "[lng, lat] order: {:?}",
            ring[0]
        );
    }

    // Follow the newest request to its page.
    let first = browser.wait_for("[data-testid='history-item'] a").await?;
    let title = first.text().await?;
    first.click().await?;
    browser.wait_for_text("main h1", &title).await?;
    let url = browser.current_url().await?;
    assert!(
        url.ends_with(&format!("/requests/{}", ids[0])),
        "now at {url}"
    );

    e2e.finish().await
}

/// Screenshots of the directory and a profile at `viewport`, for people to look at.
async fn screenshots(viewport: Viewport, size: &str) -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), viewport).await?;
    let browser = e2e.browser();
    e2e.open("/agencies").await?;
    browser.wait_for("[data-testid='agency-item']").await?;
    browser
        .wait_for(".directory-map .leaflet-container")
        .await?;
    // Leaflet's fitBounds animates briefly.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    println!(
        "screenshot: {}",
        browser
            .screenshot(&format!("agencies-directory-{size}"))
            .await?
            .display()
    );

    e2e.open("/agencies/demo-city-police").await?;
    browser.wait_for("[data-testid='month-chart'] svg").await?;
    browser.wait_for("[data-testid='history-item']").await?;
    browser
        .wait_for(".agency-areas-map .leaflet-container")
        .await?;
    // Fitted to the areas, not stuck at the maximum zoom of a 0×0 box.
    browser
        .wait_until(
            "the areas map is fitted to the areas",
            "!document.querySelector('.agency-areas-map .leaflet-control-zoom-in').classList.contains('leaflet-disabled')",
        )
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    println!(
        "screenshot: {}",
        browser
            .screenshot(&format!("agency-profile-{size}"))
            .await?
            .display()
    );
    // Further down: the chart and the history.
    scroll_into_view(browser, "[data-testid='agency-stats'] h3", Place::Top).await?;
    println!(
        "screenshot: {}",
        browser
            .screenshot(&format!("agency-profile-stats-{size}"))
            .await?
            .display()
    );
    scroll_into_view(browser, "#agency-map-heading", Place::Top).await?;
    println!(
        "screenshot: {}",
        browser
            .screenshot(&format!("agency-profile-map-{size}"))
            .await?
            .display()
    );
    scroll_into_view(browser, "#history-heading", Place::Top).await?;
    println!(
        "screenshot: {}",
        browser
            .screenshot(&format!("agency-profile-history-{size}"))
            .await?
            .display()
    );
    e2e.finish().await
}

#[tokio::test]
async fn screenshots_on_a_phone() -> Result<()> {
    screenshots(Viewport::PHONE, "390x844").await
}

#[tokio::test]
async fn screenshots_on_a_desktop() -> Result<()> {
    screenshots(Viewport::DESKTOP, "1280x800").await
}

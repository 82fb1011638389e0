//! The map page end to end, as a resident uses it, on the demo data: the requests in
//! the feed are the areas on the map; panning (a mouse drag, then the arrow keys)
//! changes both; a request opens from its area on the map; signed in, opting out in the
//! settings empties map and feed, a reload keeps them empty, and opting back in brings
//! the same requests back. Every step is real input; the map's areas are checked as
//! painted pixels where each request's area lies (`porchlight_e2e::map_page`).

use std::time::{Duration, Instant};

use porchlight_e2e::demo::RESIDENT;
use porchlight_e2e::input::{click_at, drag, press, tab_to};
use porchlight_e2e::keys::UP;
use porchlight_e2e::map_page::{
    area_centre, areas_painted, feed_ids, feed_when_loaded, map_container, painted_pixels,
    shown_view, MapView, FEED_ROW, MAP,
};
use porchlight_e2e::posting::sign_in_from_header;
use porchlight_e2e::{
    E2e, HarnessError, Locator, Result, ServerOptions, Viewport, DEFAULT_TIMEOUT,
};

/// An area is checked when its centre is this far inside the map (in CSS pixels).
const MARGIN_PX: f64 = 4.0;

/// The feed has loaded and each of its requests whose area's centre is in view is
/// drawn there; returns the feed's ids. At least `min_drawn` must be in view, so that
/// the check cannot pass on an empty map.
async fn shows_requests(e2e: &E2e, min_drawn: usize) -> Result<Vec<i64>> {
    let browser = e2e.browser();
    let ids = feed_when_loaded(browser).await?;
    let drawn = areas_painted(browser, e2e.server.url(), &ids, MARGIN_PX).await?;
    assert!(
        drawn >= min_drawn,
        "only {drawn} of the feed's {} requests have their centre on the map",
        ids.len()
    );
    // Painted where the areas are, and not everywhere: most of the map is bare.
    let [_, _, width, height] = map_container(browser).await?;
    let painted = painted_pixels(browser).await? as f64;
    assert!(
        painted > 0.0 && painted < 0.5 * width * height,
        "{painted} of the map's {width}×{height} px are painted"
    );
    Ok(ids)
}

/// Waits until the map has moved away from `from` (the URL keeps the new view) and the
/// feed, reloaded for it, lists something else than `before`; returns the new view.
async fn feed_follows_the_map(e2e: &E2e, from: MapView, before: &[i64]) -> Result<MapView> {
    let browser = e2e.browser();
    let deadline = Instant::now() + DEFAULT_TIMEOUT;
    loop {
        let view = shown_view(browser, e2e.server.url()).await?;
        let ids = feed_ids(browser).await?;
        if view != from && !ids.is_empty() && ids != before {
            return Ok(view);
        }
        if Instant::now() >= deadline {
            return Err(HarnessError::new(format!(
                "after the pan the view is {view:?} (was {from:?}) and the feed lists \
                 {ids:?} (was {before:?})"
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opting out (or back in): the settings' checkbox, clicked, saved.
async fn set_show_requests(e2e: &E2e, show: bool) -> Result<()> {
    let browser = e2e.browser();
    let checkbox = browser
        .wait_for_visible("[data-testid=show-requests]")
        .await?;
    let checked = |v: Option<String>| v.as_deref() == Some("true");
    assert_eq!(
        checked(checkbox.prop("checked").await?),
        !show,
        "the setting before the click"
    );
    checkbox.click().await?;
    browser.wait_for_text(".save-status", "Saved.").await?;
    let checkbox = browser
        .wait_for_visible("[data-testid=show-requests]")
        .await?;
    assert_eq!(checked(checkbox.prop("checked").await?), show);
    Ok(())
}

/// The map page with the requests hidden: the notice in the feed and on the map, no
/// rows, nothing painted on the map.
async fn shows_no_requests(e2e: &E2e) -> Result<()> {
    let browser = e2e.browser();
    browser
        .wait_for_visible(".feed-body [data-testid=opt-out-notice]")
        .await?;
    browser
        .wait_for_visible(".map-notice [data-testid=opt-out-notice]")
        .await?;
    browser.wait_for_visible(MAP).await?;
    browser
        .wait_until(
            "the feed is not loading",
            "document.querySelector('.feed-body').getAttribute('aria-busy') === 'false'",
        )
        .await?;
    assert_eq!(browser.count(FEED_ROW).await?, 0, "rows in the feed");
    assert_eq!(painted_pixels(browser).await?, 0, "painted map pixels");
    Ok(())
}

#[tokio::test]
async fn a_resident_pans_opens_a_request_and_opts_out_and_back_in() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    let base = e2e.server.url().to_owned();
    e2e.open("/").await?;

    // The requests in view: in the feed, and drawn on the map where their areas are.
    let first = shows_requests(&e2e, 5).await?;
    let start = shown_view(browser, &base).await?;
    browser.screenshot("map-flow-1-requests").await?;

    // A mouse drag pans the map east (the map moves left): a new view in the URL, a
    // new feed, and its areas on the map.
    let map = browser.wait_for_visible(MAP).await?;
    drag(browser, &map, -400, 0).await?;
    let east = feed_follows_the_map(&e2e, start, &first).await?;
    assert!(east.lng > start.lng, "dragged east: {start:?} → {east:?}");
    let panned = shows_requests(&e2e, 3).await?;

    // The keyboard pans too: Tab reaches the map, the up arrow moves it north.
    tab_to(browser, MAP, 25).await?;
    press(browser, &UP.repeat(3)).await?;
    let north = feed_follows_the_map(&e2e, east, &panned).await?;
    assert!(north.lat > east.lat, "panned north: {east:?} → {north:?}");
    let seen = shows_requests(&e2e, 3).await?;
    browser.screenshot("map-flow-2-panned").await?;

    // A click on a request's area (the one nearest the map's middle, clear of the
    // controls) opens its popup and highlights its row; the popup's link opens it.
    let container = map_container(browser).await?;
    let [_, _, width, height] = container;
    let mut nearest: Option<(f64, f64, f64)> = None;
    for &id in &seen {
        let (lat, lng) = area_centre(&base, id)?;
        let (x, y) = north.screen_point(container, lat, lng);
        let (dx, dy) = (
            x - container[0] - width / 2.0,
            y - container[1] - height / 2.0,
        );
        let distance = dx.hypot(dy);
        if nearest.is_none_or(|(d, ..)| distance < d) {
            nearest = Some((distance, dx, dy));
        }
    }
    let (_, dx, dy) = nearest.expect("requests in view");
    click_at(browser, &map, dx.round() as i64, dy.round() as i64).await?;
    let link = browser
        .wait_for_visible(".main-map .leaflet-popup a[href^='/requests/']")
        .await?;
    let href = link.attr("href").await?.unwrap_or_default();
    let id: i64 = href
        .trim_start_matches("/requests/")
        .parse()
        .map_err(|e| HarnessError::new(format!("popup link {href:?}: {e}")))?;
    let title = browser
        .wait_for(".main-map .leaflet-popup strong")
        .await?
        .text()
        .await?;
    browser
        .wait_for(&format!(
            ".feed-pane .feed-item.highlighted[data-request-id='{id}']"
        ))
        .await?;
    browser.screenshot("map-flow-3-popup").await?;
    link.click().await?;
    browser.wait_for_text("main h1", &title).await?;
    assert!(browser.current_url().await?.ends_with(&href));

    // Signing in from the header, then opting out in the settings.
    sign_in_from_header(browser, RESIDENT).await?;
    browser
        .wait_until("signing in goes on to the map", "location.pathname === '/'")
        .await?;
    browser
        .wait_for_visible("header a[href='/settings']")
        .await?
        .click()
        .await?;
    set_show_requests(&e2e, false).await?;

    // The map page shows none, on the map or in the feed, and a reload keeps it so.
    browser
        .client()
        .find(Locator::Css("header nav a[href='/']"))
        .await?
        .click()
        .await?;
    shows_no_requests(&e2e).await?;
    browser.screenshot("map-flow-4-opted-out").await?;
    browser.client().refresh().await?;
    shows_no_requests(&e2e).await?;

    // Opting back in (from the notice's link) brings back the same requests.
    browser
        .wait_for_visible(".feed-body [data-testid=opt-out-notice] a[href='/settings']")
        .await?
        .click()
        .await?;
    set_show_requests(&e2e, true).await?;
    browser
        .client()
        .find(Locator::Css("header nav a[href='/']"))
        .await?
        .click()
        .await?;
    let back = shows_requests(&e2e, 5).await?;
    assert_eq!(
        back, first,
        "the default view's requests, as before opting out"
    );
    browser.screenshot("map-flow-5-opted-in").await?;
    e2e.finish().await
}

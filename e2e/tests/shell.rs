//! The walking skeleton end to end: the real server binary serves the real release
//! build, and real Chromium shows the app shell and the Leaflet map.

use porchlight_e2e::demo::OFFICER;
use porchlight_e2e::posting::sign_in_from_header;
use porchlight_e2e::{
    copy_of_dist, http_get, Browser, E2e, HarnessError, Locator, Network, Result, Server,
    ServerOptions, Viewport,
};

/// Opens `/` at `viewport`: the header with the product name and the map container
/// (created by Leaflet, so the wasm app ran), with a real height. Saves a screenshot.
async fn map_page_shows_header_and_map(viewport: Viewport, name: &str) -> Result<()> {
    let e2e = E2e::start(ServerOptions::new(), viewport).await?;
    let browser = e2e.browser();
    e2e.open("/").await?;

    // The boot screen's static header is replaced by the app's once it mounts: wait
    // for the text on whichever is there (an element found just before the swap is
    // stale a moment later), then for the app's map.
    browser
        .wait_for_text("header.site-header", "Porchlight")
        .await?;
    let map = browser.wait_for_visible(".leaflet-container").await?;
    let header_text = browser
        .wait_for_visible("header.site-header")
        .await?
        .text()
        .await?;
    assert!(
        header_text.contains("Porchlight"),
        "header text: {header_text:?}"
    );
    let (_, _, width, height) = map.rectangle().await?;
    // A zero-height map div is Leaflet's classic failure: it renders nothing.
    assert!(
        height >= viewport.height as f64 / 3.0 && width >= viewport.width as f64 / 2.0,
        "the map is only {width}×{height} px in a {}×{} viewport",
        viewport.width,
        viewport.height
    );

    let shot = browser.screenshot(&format!("shell-map-{name}")).await?;
    println!("screenshot: {}", shot.display());
    e2e.finish().await
}

#[tokio::test]
async fn map_page_on_a_phone() -> Result<()> {
    map_page_shows_header_and_map(Viewport::PHONE, "390x844").await
}

#[tokio::test]
async fn map_page_on_a_desktop() -> Result<()> {
    map_page_shows_header_and_map(Viewport::DESKTOP, "1280x800").await
}

#[tokio::test]
async fn deep_link_is_served_the_app_not_a_server_404() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new(), Viewport::DESKTOP).await?;

    // What the server itself answers, which a browser would not show us.
    let response = http_get(&e2e.server.url_for("/agencies/x"))?;
    assert_eq!(response.status, 200, "GET /agencies/x: {response:?}");
    let content_type = response.header("content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("text/html"),
        "content-type {content_type:?}"
    );

    let browser = e2e.browser();
    e2e.open("/agencies/x").await?;
    let header = browser.wait_for_visible("header").await?;
    let header_text = header.text().await?;
    assert!(
        header_text.contains("Porchlight"),
        "header text: {header_text:?}"
    );
    // The router kept the deep link rather than redirecting to `/`, and rendered a
    // page of its own under the header.
    let url = browser.current_url().await?;
    assert!(url.ends_with("/agencies/x"), "now at {url}");
    browser.wait_for_visible("main h1").await?;

    browser.screenshot("shell-deep-link-1280x800").await?;
    e2e.finish().await
}

/// The wasm builds this page has fetched, by file name (script, read only: the
/// performance timeline is not visible to WebDriver).
async fn wasm_loaded(browser: &Browser) -> Result<Vec<String>> {
    let names = browser
        .eval(
            "return performance.getEntriesByType('resource')
                .map(e => e.name.split('/').pop())
                .filter(n => n.endsWith('.wasm'));",
        )
        .await?;
    serde_json::from_value(names).map_err(|e| HarnessError::new(format!("resource names: {e}")))
}

/// `/` downloads only the map page's own build; following a link from it hands over to
/// the public pages' build, which then shows the map too, and history works across the
/// switch; signing in there stays in that build, and the header's link to the request
/// form hands over to the whole app.
#[tokio::test]
async fn the_map_page_hands_over_to_the_public_pages_then_to_the_form() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    e2e.open("/").await?;
    browser.wait_for_visible(".leaflet-container").await?;
    browser.wait_for_visible("[data-testid=feed-item]").await?;
    let loaded = wasm_loaded(browser).await?;
    assert!(
        loaded.len() == 1 && loaded[0].starts_with("porchlight-map-"),
        "the map page fetched {loaded:?}"
    );
    // It came as the build's own brotli file (quality 11), not compressed on the fly
    // (script, read only: the performance timeline).
    let served = browser
        .eval("return performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')).encodedBodySize;")
        .await?;
    let on_disk = std::fs::metadata(Server::dist().join(format!("{}.br", loaded[0])))?.len();
    assert_eq!(
        served.as_u64(),
        Some(on_disk),
        "bytes sent for {}",
        loaded[0]
    );

    // A filter changes the query in place, still in the map page's build.
    browser
        .wait_for_visible("#status-filter")
        .await?
        .select_by_value("open")
        .await?;
    browser
        .wait_until(
            "the URL keeps the filter",
            "location.search.includes('status=open')",
        )
        .await?;
    browser
        .wait_until(
            "the feed reloaded with open requests only",
            "document.querySelector('.feed-body').getAttribute('aria-busy') === 'false' \
             && document.querySelector('[data-testid=feed-item]') \
             && !document.querySelector('[data-testid=feed-item] .badge-resolved')",
        )
        .await?;
    assert_eq!(
        wasm_loaded(browser).await?.len(),
        1,
        "a filter loaded another build"
    );
    let link = browser
        .wait_for_visible("[data-testid=feed-item] h3 a")
        .await?;
    let title = link.text().await?;

    link.click().await?;
    let details = browser
        .wait_for_visible("[data-testid=request-details]")
        .await?;
    assert!(
        details.text().await?.contains(&title),
        "not the request {title:?}"
    );
    let url = browser.current_url().await?;
    assert!(url.contains("/requests/"), "now at {url}");
    let loaded = wasm_loaded(browser).await?;
    assert_eq!(
        loaded,
        ["porchlight-public_bg.wasm"],
        "the request page fetched"
    );

    // The public pages' build has the map as well: no second switch on the way back.
    browser
        .client()
        .find(Locator::LinkText("Map"))
        .await?
        .click()
        .await?;
    browser.wait_for_visible(".leaflet-container").await?;
    browser.wait_for_visible("[data-testid=feed-item]").await?;
    assert_eq!(wasm_loaded(browser).await?, ["porchlight-public_bg.wasm"]);
    browser.client().back().await?;
    browser
        .wait_for_visible("[data-testid=request-details]")
        .await?;
    browser.assert_no_panics().await?;

    // Signing in from the header is in-app: still the public pages' build.
    sign_in_from_header(browser, OFFICER).await?;
    browser
        .wait_until("signing in goes on to the map", "location.pathname === '/'")
        .await?;
    let new_request = browser
        .wait_for_visible("header a[href='/requests/new']")
        .await?;
    assert_eq!(
        wasm_loaded(browser).await?,
        ["porchlight-public_bg.wasm"],
        "signing in loaded another build"
    );
    // The header's link to the form loads the whole app, which shows it.
    new_request.click().await?;
    browser
        .wait_until("the whole app started", "performance.getEntriesByType('resource').some(e => e.name.endsWith('/porchlight-app_bg.wasm'))")
        .await?;
    browser.wait_for_visible("#request-form").await?;
    assert!(browser.current_url().await?.ends_with("/requests/new"));
    assert_eq!(wasm_loaded(browser).await?, ["porchlight-app_bg.wasm"]);
    browser.assert_no_panics().await?;
    e2e.finish().await
}

/// On a slow network the map page shows index.html's header and status at once, and
/// asks for its build (JS glue and wasm) and the server's config while leaflet.js is
/// still arriving, not after it (the loader's preloads). Each is fetched once: the
/// preloaded responses are the ones the app starts from. Once the app is up, the
/// stand-in is gone.
#[tokio::test]
async fn on_a_slow_network_the_build_downloads_beside_leaflet() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::PHONE).await?;
    let browser = e2e.browser();
    browser.emulate_network(Network::SLOW_4G).await?;
    e2e.open("/").await?;
    browser.wait_for_visible("[data-testid=feed-item]").await?;
    // Script, read only: the performance timeline.
    let timing = browser
        .eval(
            "const all = performance.getEntriesByType('resource');
             const pick = test => all.filter(e => test(e.name.split('/').pop()))
                 .map(e => ({ start: e.startTime, end: e.responseEnd }));
             const paint = performance.getEntriesByName('first-contentful-paint')[0];
             return {
                 leaflet: pick(n => n === 'leaflet.js'),
                 glue: pick(n => n.startsWith('porchlight-') && n.endsWith('.js')),
                 wasm: pick(n => n.endsWith('.wasm')),
                 config: pick(n => n === 'config'),
                 first_paint: paint ? paint.startTime : null,
                 headers: document.querySelectorAll('header').length,
                 boot: !!document.getElementById('boot'),
             };",
        )
        .await?;
    let spans = |key: &str| -> Vec<(f64, f64)> {
        timing[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["start"].as_f64().unwrap_or(f64::NAN),
                            e["end"].as_f64().unwrap_or(f64::NAN),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (leaflet, glue, wasm, config) = (
        spans("leaflet"),
        spans("glue"),
        spans("wasm"),
        spans("config"),
    );
    assert!(
        leaflet.len() == 1 && glue.len() == 1 && wasm.len() == 1 && config.len() == 1,
        "each file once: {timing}"
    );
    let leaflet_arrived = leaflet[0].1;
    assert!(
        glue[0].0 < leaflet_arrived,
        "the JS glue was asked for after leaflet.js arrived: {timing}"
    );
    assert!(
        wasm[0].0 < leaflet_arrived,
        "the wasm was asked for after leaflet.js arrived: {timing}"
    );
    assert!(
        config[0].0 < leaflet_arrived,
        "the config was asked for after leaflet.js arrived: {timing}"
    );
    // Something showed (index.html's header and status) long before the app could.
    let first_paint = timing["first_paint"].as_f64().unwrap_or(f64::INFINITY);
    assert!(
        first_paint < wasm[0].1,
        "nothing was painted before the wasm arrived: {timing}"
    );
    // The app replaced the stand-in: one header, no leftover.
    assert_eq!(
        (timing["headers"].as_u64(), timing["boot"].as_bool()),
        (Some(1), Some(false)),
        "{timing}"
    );
    e2e.finish().await
}

/// When the app cannot start (here its wasm is missing from the server), the page says
/// so in plain words instead of staying on "Loading" for ever.
#[tokio::test]
async fn a_build_that_cannot_load_says_so() -> Result<()> {
    let dist = copy_of_dist()?;
    let mut removed = 0;
    for entry in std::fs::read_dir(dist.path())? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("porchlight-map-") && name.contains("_bg.wasm") {
            std::fs::remove_file(&path)?;
            removed += 1;
        }
    }
    assert!(removed > 0, "no map wasm in {}", dist.path().display());
    let e2e = E2e::start(ServerOptions::new().dist(dist.path()), Viewport::PHONE).await?;
    let browser = e2e.browser();
    e2e.open("/").await?;
    browser
        .wait_for_text("#boot-status", "could not start")
        .await?;
    // The stand-in header still leads to the other pages.
    assert_eq!(browser.count("header a[href='/agencies']").await?, 1);
    browser.screenshot("shell-could-not-start-390x844").await?;
    e2e.finish().await
}

/// On a phone the list can take most of the screen and give it back; the map follows
/// its new size (Leaflet re-measures).
#[tokio::test]
async fn on_a_phone_the_list_can_take_most_of_the_screen() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::PHONE).await?;
    let browser = e2e.browser();
    e2e.open("/").await?;
    browser.wait_for_visible(".leaflet-container").await?;
    browser.wait_for_visible("[data-testid=feed-item]").await?;
    let before = pane_heights(browser).await?;
    let toggle = browser
        .wait_for_visible("[data-testid=feed-size-toggle]")
        .await?;
    assert_eq!(
        toggle.attr("aria-expanded").await?.as_deref(),
        Some("false")
    );
    toggle.click().await?;
    browser
        .wait_until(
            "the list is taller than the map",
            "document.querySelector('.feed-pane').getBoundingClientRect().height > \
             2 * document.querySelector('.map-pane').getBoundingClientRect().height",
        )
        .await?;
    assert_eq!(toggle.attr("aria-expanded").await?.as_deref(), Some("true"));
    // Leaflet follows the smaller map: its container is as tall as the pane.
    browser
        .wait_until(
            "Leaflet re-measured",
            "Math.abs(document.querySelector('.leaflet-container').getBoundingClientRect().height - \
             document.querySelector('.map-pane').getBoundingClientRect().height) < 2",
        )
        .await?;
    browser
        .screenshot("shell-map-list-expanded-390x844")
        .await?;
    toggle.click().await?;
    browser
        .wait_until(
            "the map is back",
            "document.querySelector('.map-pane').getBoundingClientRect().height > \
             document.querySelector('.feed-pane').getBoundingClientRect().height",
        )
        .await?;
    let after = pane_heights(browser).await?;
    assert_eq!(before, after, "the layout came back as it was");
    e2e.finish().await
}

/// The heights of the map's and the list's panes, in CSS pixels.
async fn pane_heights(browser: &Browser) -> Result<(f64, f64)> {
    let map = browser.wait_for(".map-pane").await?.rectangle().await?.3;
    let feed = browser.wait_for(".feed-pane").await?.rectangle().await?.3;
    Ok((map, feed))
}

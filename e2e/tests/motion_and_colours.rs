//! `prefers-reduced-motion` and forced colours, with Chromium's emulation of the two
//! media features (the DevTools protocol's `Emulation.setEmulatedMedia`), on the map
//! page with demo data:
//! - Less motion asked for: zooming with the map's button and panning with the arrow
//!   keys move the map at once (Leaflet never animates its panes), and nothing on the
//!   page has a CSS animation or transition. Without the preference the same steps do
//!   animate: the check can see an animation when there is one.
//! - Forced colours: open and resolved areas keep apart by their outline (solid and
//!   dashed, which forced colours do not change), and so do the legend's swatches;
//!   screenshots at 1280 and 390 px are left in `e2e/artifacts/` to look at.

use std::time::Duration;

use porchlight_e2e::a11y::emulate_media;
use porchlight_e2e::input::{press, tab_to};
use porchlight_e2e::keys::RIGHT;
use porchlight_e2e::map_page::{feed_when_loaded, shown_view, MAP};
use porchlight_e2e::{Browser, E2e, Result, ServerOptions, Viewport};

/// Starts recording every class Leaflet gives the map while it animates a zoom or a pan
/// (`leaflet-zoom-anim`, `leaflet-pan-anim`). The observer only reads the page.
async fn watch_map_motion(browser: &Browser) -> Result<()> {
    browser
        .eval(&format!(
            "window.__mapMotion = [];\
             new MutationObserver(list => list.forEach(m => {{\
                 const c = String(m.target.className);\
                 if (/leaflet-(zoom|pan)-anim/.test(c)) window.__mapMotion.push(c);\
             }})).observe(document.querySelector({MAP:?}),\
                 {{ attributes: true, attributeFilter: ['class'], subtree: true }});\
             return true;"
        ))
        .await?;
    Ok(())
}

/// Every element with a CSS animation or a transition that takes time (tag and class).
async fn moving_elements(browser: &Browser) -> Result<Vec<String>> {
    let found = browser
        .eval(
            "return [...document.querySelectorAll('*')].filter(e => {\
                 const s = getComputedStyle(e);\
                 return s.animationName !== 'none'\
                     || s.transitionDuration.split(',').some(d => parseFloat(d) > 0);\
             }).map(e => e.tagName.toLowerCase() + '.' + String(e.className).trim().replace(/\\s+/g, '.'));",
        )
        .await?;
    Ok(serde_json::from_value(found).unwrap_or_default())
}

/// Zooms in with the map's + button and pans right with the arrow key; returns what
/// Leaflet animated meanwhile.
async fn zoom_and_pan(e2e: &E2e) -> Result<Vec<String>> {
    let browser = e2e.browser();
    e2e.open("/").await?;
    browser.wait_for_visible(MAP).await?;
    feed_when_loaded(browser).await?;
    watch_map_motion(browser).await?;
    let before = shown_view(browser, e2e.server.url()).await?;
    browser
        .wait_for_visible(".leaflet-control-zoom-in")
        .await?
        .click()
        .await?;
    browser
        .wait_until(
            "the zoom in the URL changes",
            &format!("!location.search.includes('z={}')", before.zoom),
        )
        .await?;
    let zoomed = shown_view(browser, e2e.server.url()).await?;
    tab_to(browser, MAP, 30).await?;
    press(browser, RIGHT).await?;
    browser
        .wait_until(
            "the longitude in the URL changes",
            &format!("!location.search.includes('lng={}')", zoomed.lng),
        )
        .await?;
    // Anything still moving would show by now.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = browser.eval("return window.__mapMotion;").await?;
    Ok(serde_json::from_value(seen).unwrap_or_default())
}

#[tokio::test]
async fn with_less_motion_asked_for_the_map_jumps_and_nothing_animates() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();

    // The control: without the preference, Leaflet animates the same zoom and pan.
    emulate_media(browser, &[("prefers-reduced-motion", "no-preference")]).await?;
    let animated = zoom_and_pan(&e2e).await?;
    assert!(
        animated.iter().any(|c| c.contains("leaflet-zoom-anim"))
            && animated.iter().any(|c| c.contains("leaflet-pan-anim")),
        "without the preference the zoom and pan should animate (the check sees \
         nothing otherwise): {animated:?}"
    );

    emulate_media(browser, &[("prefers-reduced-motion", "reduce")]).await?;
    let animated = zoom_and_pan(&e2e).await?;
    let reduce = browser
        .eval("return matchMedia('(prefers-reduced-motion: reduce)').matches;")
        .await?;
    assert_eq!(reduce.as_bool(), Some(true), "the emulation is on");
    assert!(
        animated.is_empty(),
        "less motion asked for, yet the map animated: {animated:?}"
    );
    for path in ["/", "/agencies", "/requests/new"] {
        e2e.open(path).await?;
        browser.wait_for("main h1").await?;
        let moving = moving_elements(browser).await?;
        assert!(
            moving.is_empty(),
            "{path}: less motion asked for, yet these animate: {moving:?}"
        );
    }
    e2e.finish().await
}

#[tokio::test]
async fn in_forced_colours_open_and_resolved_areas_stay_apart() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    emulate_media(browser, &[("forced-colors", "active")]).await?;
    e2e.open("/?period=12m").await?;
    browser.wait_for_visible(MAP).await?;
    feed_when_loaded(browser).await?;
    let forced = browser
        .eval("return matchMedia('(forced-colors: active)').matches;")
        .await?;
    assert_eq!(forced.as_bool(), Some(true), "the emulation is on");
    // The legend's swatches: outlines of different styles, each visible.
    let styles = browser
        .eval(
            "return ['.swatch-open', '.swatch-resolved'].map(s => {\
                 const c = getComputedStyle(document.querySelector(s));\
                 return [c.borderTopStyle, c.borderTopWidth, c.borderTopColor, c.backgroundColor];\
             });",
        )
        .await?;
    let styles: Vec<Vec<String>> = serde_json::from_value(styles).unwrap_or_default();
    assert_eq!(styles.len(), 2, "{styles:?}");
    assert_eq!(styles[0][0], "solid", "open swatch: {styles:?}");
    assert_eq!(styles[1][0], "dashed", "resolved swatch: {styles:?}");
    for s in &styles {
        assert_ne!(s[1], "0px", "a swatch without an outline: {styles:?}");
        assert_ne!(s[2], s[3], "an outline the colour of its fill: {styles:?}");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.screenshot("forced-colours-map-1280").await?;
    browser.set_viewport(Viewport::PHONE).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.screenshot("forced-colours-map-390").await?;
    // A dark theme (white on black, as Windows' "Night sky"): the same page.
    emulate_media(
        browser,
        &[
            ("forced-colors", "active"),
            ("prefers-color-scheme", "dark"),
        ],
    )
    .await?;
    browser.set_viewport(Viewport::DESKTOP).await?;
    e2e.open("/?period=12m").await?;
    feed_when_loaded(browser).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.screenshot("forced-colours-dark-map-1280").await?;
    e2e.finish().await
}

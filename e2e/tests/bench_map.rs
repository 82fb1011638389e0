//! Map and feed benchmark (issue 9) on what residents get: the release build of the
//! app (`trunk build --release`, wasm-opt included: the shipped bytes) served by the
//! release server, on a database of 1 000, 10 000 and 100 000 requests around Portland
//! (`porchlight-server seed`, one agency), in real Chromium at 1280×800 with a warm
//! cache (the download is `bench_first_load`'s subject; this is the page's own work).
//!
//! For each size:
//! - every request in view (zoom 11): the map draws grid cells. Timed from navigation
//!   start to the frame the cells are painted, and for a pan (the right arrow key on
//!   the map) from the key press, and from the moment the app asks for the new view
//!   (it waits for the map to rest 300 ms), to the frame the new cells are painted.
//!   Checked: the cells' numbers add up to every request, there are as many cells as
//!   the data has 64-pixel cells, and the feed holds its first page.
//! - zoomed in until at most 250 requests are in view: the map draws each area.
//!   Timed the same way; checked: the feed (every page loaded) holds the requests whose
//!   areas meet the view, and each of them is painted where its area lies.
//! - 10 000 only: every page of the feed loaded, then scrolled to its end with the
//!   mouse wheel: the most rows in the DOM and the slowest frame while scrolling.
//!
//! Times come from an observer that runs in the page from its first moment and only
//! reads it: each animation frame it looks at the DOM (and the map's canvas), and
//! notes the time of the first frame where what is awaited is there, so the figures
//! are frame-accurate (16.7 ms). Prints `BENCH <name> <value> <unit>` lines for
//! `scripts/bench-browser.sh`. Ignored by `cargo test`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, WheelAction, WheelActions};
use porchlight_e2e::input::{press, tab_to};
use porchlight_e2e::keys::RIGHT;
use porchlight_e2e::map_page::{
    areas_painted_at, cell_counts, map_container, polygon_centre, MapView, FEED_ROW, MAP,
};
use porchlight_e2e::{
    Browser, E2e, HarnessError, Locator, Result, Server, ServerOptions, Viewport,
};
use serde_json::Value;
use sqlx::{Connection, Row};

/// Loads of each page, for the median.
const RUNS: usize = 3;
/// The seeded agency's centre (`porchlight-server seed`'s big agency).
const PORTLAND: (f64, f64) = (45.5152, -122.6784);
/// Requests per feed page (the app's `PAGE_SIZE`) and the most feed rows it keeps in
/// the DOM (`MAX_RENDERED_ROWS`).
const PAGE: usize = 50;
const MAX_ROWS: usize = 40;
/// Most requests the map draws one by one (`MAX_MAP_AREAS`); the areas case stays
/// well below it.
const AREAS_AT_MOST: usize = 250;

/// The observer, run before the page's own scripts: a loop on animation frames that
/// calls `bench.check` (set by each measurement) and keeps the most feed rows seen and
/// the longest frame. It only reads the page.
const OBSERVER: &str = r#"
(() => {
    const bench = (window.porchlightBench = { marks: {}, maxRows: 0, worstFrame: 0 });
    bench.mark = name => { if (!(name in bench.marks)) bench.marks[name] = performance.now(); };
    bench.rows = () => document.querySelectorAll('.feed-pane [data-testid=feed-item]').length;
    // The cells' labels, leaving out `old` ones (Leaflet fades a removed label out for
    // 200 ms before it leaves the DOM).
    bench.cells = (old = []) => {
        let sum = 0, n = 0;
        for (const label of document.querySelectorAll('.main-map .leaflet-tooltip.cell-count')) {
            if (old.includes(label)) continue;
            sum += Number(label.textContent.replace(/\D/g, ''));
            n++;
        }
        return { sum, n };
    };
    bench.painted = () => {
        const c = document.querySelector('.main-map .leaflet-overlay-pane canvas');
        if (!c || !c.width) return false;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i]) return true;
        return false;
    };
    bench.feedKey = () => {
        const rows = document.querySelectorAll('.feed-pane [data-testid=feed-item]');
        return rows.length ? rows[0].dataset.requestId + '/' + rows[0].getAttribute('aria-setsize') : '';
    };
    let last = null;
    const frame = now => {
        if (last !== null) bench.worstFrame = Math.max(bench.worstFrame, now - last);
        last = now;
        bench.maxRows = Math.max(bench.maxRows, bench.rows());
        try { if (bench.check) bench.check(bench); } catch (e) { bench.error = String(e); }
        requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
})();
"#;

/// First render with every request in view: the cells add up to `n`, and are painted.
fn grid_drawn(n: usize) -> String {
    format!(
        "window.porchlightBench.check = b => {{
             if (b.rows() > 0) b.mark('feed');
             if (b.cells().sum === {n} && b.painted()) b.mark('drawn');
         }};"
    )
}

/// First render of areas: feed rows, and the areas painted.
const AREAS_DRAWN: &str = "window.porchlightBench.check = b => {
    if (b.rows() > 0) { b.mark('feed'); if (b.painted()) b.mark('drawn'); }
};";

/// A pan, set up on the loaded page just before the key press: `key` at the press,
/// `asked` when the app puts the new view in the URL (then it asks the server), and
/// `drawn` at the first frame the new view is drawn: for cells, when new labels add up
/// to `n` (their circles are painted on the canvas in the same frame); for areas, one
/// frame after the feed changed (the areas are handed to Leaflet in the same task, and
/// painted in the next frame).
fn pan_drawn(grid_sum: Option<usize>) -> String {
    let drawn = match grid_sum {
        Some(n) => format!("if (b.cells(old).sum === {n} && b.painted()) b.mark('drawn');"),
        None => "if ('feed' in b.marks) { if (seen) b.mark('drawn'); seen = true; } \
                 else if (b.feedKey() !== feed) b.mark('feed');"
            .to_owned(),
    };
    format!(
        "const b = window.porchlightBench;
         b.marks = {{}};
         b.worstFrame = 0;
         const search = location.search;
         const feed = b.feedKey();
         const old = [...document.querySelectorAll('.main-map .leaflet-tooltip.cell-count')];
         let seen = false;
         document.addEventListener('keydown', () => b.mark('key'), {{ capture: true, once: true, passive: true }});
         b.check = b => {{
             if (location.search !== search) b.mark('asked');
             if (!('asked' in b.marks)) return;
             {drawn}
         }};
         return null;"
    )
}

/// The times the observer noted, once `drawn` is there (ms since navigation start).
async fn marks(browser: &Browser) -> Result<Value> {
    browser
        .wait_until(
            "the observer saw the view drawn",
            "window.porchlightBench && window.porchlightBench.marks.drawn !== undefined \
             || window.porchlightBench && window.porchlightBench.error",
        )
        .await?;
    let bench = browser.eval("return window.porchlightBench;").await?;
    if let Some(error) = bench["error"].as_str() {
        return Err(HarnessError::new(format!("the observer failed: {error}")));
    }
    Ok(bench["marks"].clone())
}

fn report(name: &str, value: f64, unit: &str) {
    println!("BENCH {name} {value:.1} {unit}");
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// One request of the seeded database: its area's extent and centre.
struct Seeded {
    id: i64,
    /// `[west, south, east, north]`, degrees.
    extent: [f64; 4],
    /// `(lat, lng)`.
    centre: (f64, f64),
}

/// A database of `n` requests of one agency around Portland, made by the server's own
/// `seed` command, and what it holds (read from the file: the expectations do not come
/// from the server under test).
async fn seed(dir: &Path, n: usize) -> Result<(PathBuf, Vec<Seeded>)> {
    let db = dir.join(format!("bench-{n}.db"));
    let output = Command::new(Server::binary())
        .args(["seed", "--db"])
        .arg(&db)
        .args(["--requests", &n.to_string(), "--agencies", "1"])
        .args(["--big-agency-requests", &n.to_string(), "--years", "1"])
        .output()?;
    if !output.status.success() {
        return Err(HarnessError::new(format!(
            "seeding {n} requests: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let fail = |e: sqlx::Error| HarnessError::new(format!("reading {}: {e}", db.display()));
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .map_err(fail)?;
    let rows = sqlx::query("SELECT id, west, south, east, north, area_geojson FROM requests")
        .fetch_all(&mut conn)
        .await
        .map_err(fail)?;
    conn.close().await.map_err(fail)?;
    let mut requests = Vec::with_capacity(rows.len());
    for row in rows {
        let area: String = row.get("area_geojson");
        let area: Value = serde_json::from_str(&area)
            .map_err(|e| HarnessError::new(format!("an area in the seed: {e}")))?;
        requests.push(Seeded {
            id: row.get("id"),
            extent: [
                row.get("west"),
                row.get("south"),
                row.get("east"),
                row.get("north"),
            ],
            centre: polygon_centre(&area)
                .ok_or_else(|| HarnessError::new("an area without a ring in the seed"))?,
        });
    }
    assert_eq!(requests.len(), n, "seeded requests");
    Ok((db, requests))
}

/// The box a map of `view` shows in a container of `size` CSS pixels, widened by
/// `margin_px` on every side (negative: narrowed), `[west, south, east, north]`.
fn view_box(view: MapView, size: (f64, f64), margin_px: f64) -> [f64; 4] {
    let scale = 256.0 * 2f64.powf(view.zoom);
    let (cx, cy) = view.world_pixel(view.lat, view.lng);
    let (hw, hh) = (size.0 / 2.0 + margin_px, size.1 / 2.0 + margin_px);
    let lng = |x: f64| x / scale * 360.0 - 180.0;
    let lat = |y: f64| {
        (std::f64::consts::PI * (1.0 - 2.0 * y / scale))
            .sinh()
            .atan()
            .to_degrees()
    };
    [lng(cx - hw), lat(cy + hh), lng(cx + hw), lat(cy - hh)]
}

fn meets(extent: [f64; 4], bbox: [f64; 4]) -> bool {
    extent[0] <= bbox[2] && extent[2] >= bbox[0] && extent[1] <= bbox[3] && extent[3] >= bbox[1]
}

/// The URL of the map page at `view`, every request (any age) shown.
fn map_url(e2e: &E2e, view: MapView) -> String {
    e2e.server.url_for(&format!(
        "/?lat={:.5}&lng={:.5}&z={}&period=all",
        view.lat, view.lng, view.zoom
    ))
}

/// Opens `url` with the observer and `check` running from the page's first moment;
/// returns the observer's times.
async fn first_render(browser: &Browser, url: &str, check: &str) -> Result<Render> {
    let id = browser
        .run_on_every_page(&format!("{OBSERVER}\n{check}"))
        .await?;
    browser.goto(url).await?;
    let marks = marks(browser).await;
    browser.stop_running_on_every_page(&id).await?;
    let drawn = marks?["drawn"].as_f64().unwrap_or(f64::NAN);
    let (_, answered) = api_times(browser, 0.0).await?;
    Ok(Render { drawn, answered })
}

/// A first render, in milliseconds since navigation start.
struct Render {
    /// The map and the feed drawn.
    drawn: f64,
    /// The server's answers for them (map and feed) arrived.
    answered: f64,
}

/// The medians of some first renders: drawn, answered.
fn medians(renders: &[Render]) -> (f64, f64) {
    (
        median(renders.iter().map(|r| r.drawn).collect()),
        median(renders.iter().map(|r| r.answered).collect()),
    )
}

/// Presses the right arrow `presses` times on the focused map; returns the times of the
/// key, the app's request for the new view, and the new view drawn.
async fn pan(browser: &Browser, presses: usize, grid_sum: Option<usize>) -> Result<Pan> {
    tab_to(browser, MAP, 25).await?;
    browser.eval(&pan_drawn(grid_sum)).await?;
    press(browser, &RIGHT.repeat(presses)).await?;
    let marks = marks(browser).await?;
    let at = |k: &str| marks[k].as_f64().unwrap_or(f64::NAN);
    let (asked, answered) = api_times(browser, at("key")).await?;
    let worst_frame = browser
        .eval("return window.porchlightBench.worstFrame;")
        .await?
        .as_f64()
        .unwrap_or(f64::NAN);
    Ok(Pan {
        from_key: at("drawn") - at("key"),
        from_asked: at("drawn") - asked,
        answered: answered - asked,
        worst_frame,
    })
}

/// How a pan went, in milliseconds.
struct Pan {
    /// From the key press to the new view drawn (Leaflet's pan animation and the
    /// app's 300 ms rest included).
    from_key: f64,
    /// From the app asking the server for the new view to the new view drawn.
    from_asked: f64,
    /// From asking to the server's last answer (map and feed) arriving.
    answered: f64,
    /// The longest frame from the key press until the new view was drawn: the page's
    /// longest stall while panning.
    worst_frame: f64,
}

/// When the page first asked for requests (the map's grid or the feed) after `since`
/// (ms since navigation start), and when the last of those answers arrived: from the
/// page's performance timeline (script, read only).
async fn api_times(browser: &Browser, since: f64) -> Result<(f64, f64)> {
    let times = browser
        .eval(&format!(
            "const api = performance.getEntriesByType('resource')
                 .filter(e => e.name.includes('/api/v1/requests') && e.startTime >= {since});
             return [Math.min(...api.map(e => e.startTime)), Math.max(...api.map(e => e.responseEnd))];"
        ))
        .await?;
    match (times[0].as_f64(), times[1].as_f64()) {
        (Some(asked), Some(answered)) => Ok((asked, answered)),
        _ => Err(HarnessError::new(format!(
            "no request for the map's data after {since} ms: {times}"
        ))),
    }
}

/// The feed's `aria-setsize`: how many requests it has loaded.
async fn feed_size(browser: &Browser) -> Result<usize> {
    loop {
        let row = browser.wait_for(FEED_ROW).await?;
        let size = match row.attr("aria-setsize").await {
            Ok(size) => size.unwrap_or_default(),
            // Re-rendered while we read: read again.
            Err(e) if e.is_stale_element_reference() => continue,
            Err(e) => return Err(e.into()),
        };
        return size
            .parse()
            .map_err(|e| HarnessError::new(format!("a feed row's aria-setsize {size:?}: {e}")));
    }
}

/// Clicks "Show older requests" until the feed has loaded every page; returns how many
/// it holds then.
async fn load_every_page(browser: &Browser) -> Result<usize> {
    loop {
        let before = feed_size(browser).await?;
        let more = browser
            .client()
            .find(Locator::Css(".feed-pane .load-more"))
            .await;
        let Ok(more) = more else {
            return Ok(before);
        };
        more.click().await?;
        let deadline = Instant::now() + Duration::from_secs(15);
        while feed_size(browser).await? == before {
            if Instant::now() >= deadline {
                return Err(HarnessError::new(format!(
                    "\"Show older requests\" did not add to the feed's {before}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Every request in view: the grid cells.
async fn grid_case(e2e: &E2e, n: usize, requests: &[Seeded]) -> Result<()> {
    let browser = e2e.browser();
    let view = MapView {
        lat: PORTLAND.0,
        lng: PORTLAND.1,
        zoom: 11.0,
    };
    let mut renders = Vec::new();
    for _ in 0..RUNS {
        renders.push(first_render(browser, &map_url(e2e, view), &grid_drawn(n)).await?);
    }
    // What was drawn: every request counted once, in as many 64 px cells as the data
    // fills (cells of 360° / 2^11 / 4 at zoom 11), and the feed's first page.
    let counts = cell_counts(browser).await?;
    assert_eq!(counts.iter().sum::<u64>(), n as u64, "the cells' numbers");
    let cell = 360.0 / 2f64.powi(11) / 4.0;
    let cells: HashSet<(i64, i64)> = requests
        .iter()
        .map(|r| {
            let [w, s, e, no] = r.extent;
            (
                (((w + e) / 2.0 + 180.0) / cell) as i64,
                (((s + no) / 2.0 + 90.0) / cell) as i64,
            )
        })
        .collect();
    assert_eq!(counts.len(), cells.len(), "grid cells drawn");
    assert_eq!(feed_size(browser).await?, PAGE, "the feed's first page");
    assert_eq!(
        browser.count(FEED_ROW).await?,
        MAX_ROWS,
        "feed rows in the DOM"
    );
    report(
        &format!("map_grid_cells_{n}"),
        counts.len() as f64,
        "shapes",
    );
    let (drawn, answered) = medians(&renders);
    report(&format!("map_first_render_grid_{n}"), drawn, "ms");
    report(&format!("map_first_answered_grid_{n}"), answered, "ms");

    let pan = pan(browser, 1, Some(n)).await?;
    report(&format!("map_pan_redraw_grid_{n}"), pan.from_asked, "ms");
    report(&format!("map_pan_answered_grid_{n}"), pan.answered, "ms");
    report(&format!("map_pan_from_key_grid_{n}"), pan.from_key, "ms");
    report(
        &format!("map_pan_worst_frame_grid_{n}"),
        pan.worst_frame,
        "ms",
    );
    Ok(())
}

/// Zoomed in to at most [`AREAS_AT_MOST`] requests: the areas, one by one.
async fn areas_case(e2e: &E2e, n: usize, requests: &[Seeded]) -> Result<()> {
    let browser = e2e.browser();
    let [_, _, width, height] = map_container(browser).await?;
    // The widest view (lowest zoom) with few enough requests; counted from the data
    // with the view's box two pixels narrower and wider than the map (what the server
    // counts as in view lies between).
    let in_view = |view: MapView, margin_px: f64| {
        let bbox = view_box(view, (width, height), margin_px);
        requests.iter().filter(|r| meets(r.extent, bbox)).count()
    };
    let view = (12..=19)
        .map(|z| MapView {
            lat: PORTLAND.0,
            lng: PORTLAND.1,
            zoom: f64::from(z),
        })
        .find(|&v| in_view(v, 2.0) <= AREAS_AT_MOST)
        .expect("some zoom shows few enough requests");
    let (fewest, most) = (in_view(view, -2.0), in_view(view, 2.0));
    let mut renders = Vec::new();
    for _ in 0..RUNS {
        renders.push(first_render(browser, &map_url(e2e, view), AREAS_DRAWN).await?);
    }
    let (drawn, answered) = medians(&renders);
    report(&format!("map_first_render_areas_{n}"), drawn, "ms");
    report(&format!("map_first_answered_areas_{n}"), answered, "ms");

    // What was drawn: with every page loaded, the feed holds the requests in view, and
    // each one whose centre is on the map is painted there.
    let loaded = load_every_page(browser).await?;
    assert!(
        (fewest..=most).contains(&loaded),
        "the feed holds {loaded} requests; {fewest} to {most} are in view at zoom {}",
        view.zoom
    );
    // Every request surely in view is loaded, so drawn: each is painted at its centre.
    let bbox = view_box(view, (width, height), -2.0);
    let centres: Vec<(i64, (f64, f64))> = requests
        .iter()
        .filter(|r| meets(r.extent, bbox))
        .map(|r| (r.id, r.centre))
        .collect();
    let painted = areas_painted_at(browser, e2e.server.url(), &centres, 2.0).await?;
    report(&format!("map_areas_{n}"), loaded as f64, "shapes");
    report(&format!("map_areas_checked_{n}"), painted as f64, "shapes");

    let pan = pan(browser, 3, None).await?;
    report(&format!("map_pan_redraw_areas_{n}"), pan.from_asked, "ms");
    report(&format!("map_pan_answered_areas_{n}"), pan.answered, "ms");
    report(&format!("map_pan_from_key_areas_{n}"), pan.from_key, "ms");
    report(
        &format!("map_pan_worst_frame_areas_{n}"),
        pan.worst_frame,
        "ms",
    );
    Ok(())
}

/// A point over the feed's list, for the mouse wheel.
async fn feed_wheel_point(browser: &Browser) -> Result<(i64, i64)> {
    let (left, top, width, height) = browser
        .wait_for(".feed-pane .feed")
        .await?
        .rectangle()
        .await?;
    let bottom = f64::from(Viewport::DESKTOP.height).min(top + height);
    Ok((
        (left + width / 2.0) as i64,
        ((top.max(0.0) + bottom) / 2.0) as i64,
    ))
}

/// `ticks` turns of the mouse wheel at `(x, y)`, `delta` pixels each.
async fn wheel(browser: &Browser, x: i64, y: i64, ticks: usize, delta: i64) -> Result<()> {
    let mut wheel = WheelActions::new("wheel".to_owned());
    for _ in 0..ticks {
        wheel = wheel.then(WheelAction::Scroll {
            duration: None,
            x,
            y,
            delta_x: 0,
            delta_y: delta,
        });
    }
    Ok(browser.client().perform_actions(wheel).await?)
}

/// 10 000 requests in the feed, scrolled through to the end with the mouse wheel.
async fn feed_case(e2e: &E2e, n: usize) -> Result<()> {
    let browser = e2e.browser();
    let loaded = load_every_page(browser).await?;
    assert_eq!(loaded, n, "every request in view loaded into the feed");
    browser
        .eval(
            "const b = window.porchlightBench; b.check = null; b.maxRows = 0; b.worstFrame = 0; \
             return null;",
        )
        .await?;
    let (x, y) = feed_wheel_point(browser).await?;
    let mut last = String::new();
    for _ in 0..100 {
        wheel(browser, x, y, 40, 2000).await?;
        let rows = browser.client().find_all(Locator::Css(FEED_ROW)).await?;
        let Some(row) = rows.last() else { continue };
        let at = row.attr("aria-posinset").await?.unwrap_or_default();
        if at == n.to_string() || at == last {
            last = at;
            break;
        }
        last = at;
    }
    assert_eq!(last, n.to_string(), "scrolling reaches the last request");
    let bench = browser.eval("return window.porchlightBench;").await?;
    let most = bench["maxRows"].as_f64().unwrap_or(f64::NAN);
    assert!(
        most <= MAX_ROWS as f64,
        "{most} rows in the DOM while scrolling"
    );
    report(&format!("feed_max_dom_rows_{n}"), most, "rows");
    report(
        "feed_scroll_frame_worst",
        bench["worstFrame"].as_f64().unwrap_or(f64::NAN),
        "ms",
    );
    Ok(())
}

#[tokio::test]
#[ignore = "benchmark: run by scripts/bench-browser.sh"]
async fn bench_map_and_feed() -> Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("porchlight-bench-map-")
        .tempdir()?;
    for n in [1_000, 10_000, 100_000] {
        let (db, requests) = seed(dir.path(), n).await?;
        let e2e = E2e::start(ServerOptions::new().db(&db), Viewport::DESKTOP).await?;
        grid_case(&e2e, n, &requests).await?;
        if n == 10_000 {
            feed_case(&e2e, n).await?;
        }
        areas_case(&e2e, n, &requests).await?;
        e2e.finish().await?;
    }
    Ok(())
}

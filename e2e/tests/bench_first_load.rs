//! First-load benchmark (issue 9): how soon a first visit on a slow network shows the
//! map page's feed and the agency directory, with the shipped loader and with the same
//! build loaded without its early start (a copy of `dist/` whose loader does not
//! preload), so the figures come with a baseline measured in the same run.
//!
//! Ignored by `cargo test`; `scripts/bench-first-load.sh` runs it and prints the table.

use std::path::Path;

use porchlight_e2e::{copy_of_dist, E2e, HarnessError, Network, Result, ServerOptions, Viewport};
use serde_json::Value;

/// Cold loads per page, network and loader; the median is reported.
const RUNS: usize = 5;

/// The preload calls of the loader (`Trunk.toml`'s `pattern_script`); the baseline copy
/// has them removed.
const PRELOADS: [&str; 3] = [
    "preload('modulepreload', js);",
    "preload('preload', wasm, 'fetch');",
    "preload('preload', '/api/v1/config', 'fetch');",
];

/// What one page must show to count as loaded, and the API answer it waits for.
struct Page {
    path: &'static str,
    ready: &'static str,
    api: &'static str,
}

const PAGES: [Page; 2] = [
    Page {
        path: "/",
        ready: "[data-testid=feed-item]",
        api: "/api/v1/requests?",
    },
    Page {
        path: "/agencies",
        ready: ".agency-directory li",
        api: "/api/v1/agencies",
    },
];

/// Milliseconds since navigation start, read from the page's performance timeline.
#[derive(Debug, Clone, Copy, Default)]
struct Load {
    /// First contentful paint (the header, before any data).
    first_paint: f64,
    /// The app's wasm fully downloaded.
    wasm_arrived: f64,
    /// The page's API answer fully downloaded: the app has what the list shows. The
    /// ratio is taken on this.
    data_arrived: f64,
    /// Largest contentful paint, as browsers report it.
    largest_paint: f64,
}

#[tokio::test]
#[ignore = "benchmark: run by scripts/bench-first-load.sh"]
async fn bench_first_load() -> Result<()> {
    let baseline = baseline_dist()?;
    println!("first visit, phone viewport, cold cache; median of {RUNS} loads, ms after navigation start");
    println!(
        "{:<32} {:<10} {:<10} {:>11} {:>13} {:>13} {:>9} {:>8}",
        "network", "page", "loader", "first paint", "wasm arrived", "data arrived", "LCP", "ratio"
    );
    for network in [Network::SLOW_4G, Network::SLOW_3G] {
        for page in &PAGES {
            let without = median_load(&network, page, Some(baseline.path())).await?;
            let with = median_load(&network, page, None).await?;
            for (label, load) in [("no preload", without), ("shipped", with)] {
                println!(
                    "{:<32} {:<10} {:<10} {:>11.0} {:>13.0} {:>13.0} {:>9.0} {:>8.2}",
                    network.name,
                    page.path,
                    label,
                    load.first_paint,
                    load.wasm_arrived,
                    load.data_arrived,
                    load.largest_paint,
                    load.data_arrived / without.data_arrived,
                );
            }
        }
    }
    Ok(())
}

/// A copy of the release build whose loader starts the app only after leaflet.js and
/// the stylesheets, as it did before the preloads.
fn baseline_dist() -> Result<tempfile::TempDir> {
    let copy = copy_of_dist()?;
    let index = copy.path().join("index.html");
    let mut html = std::fs::read_to_string(&index)?;
    for call in PRELOADS {
        if !html.contains(call) {
            return Err(HarnessError::new(format!(
                "the loader in dist/index.html no longer has `{call}`"
            )));
        }
        html = html.replace(call, "");
    }
    std::fs::write(&index, html)?;
    Ok(copy)
}

async fn median_load(network: &Network, page: &Page, dist: Option<&Path>) -> Result<Load> {
    let mut loads = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        loads.push(one_load(network, page, dist).await?);
    }
    let median = |f: fn(&Load) -> f64| {
        let mut v: Vec<f64> = loads.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Ok(Load {
        first_paint: median(|l| l.first_paint),
        wasm_arrived: median(|l| l.wasm_arrived),
        data_arrived: median(|l| l.data_arrived),
        largest_paint: median(|l| l.largest_paint),
    })
}

/// One cold load in a fresh browser (a fresh profile: nothing cached), timed by the
/// page's own performance timeline rather than by polling from outside.
async fn one_load(network: &Network, page: &Page, dist: Option<&Path>) -> Result<Load> {
    let mut options = ServerOptions::new().demo();
    if let Some(dist) = dist {
        options = options.dist(dist);
    }
    let e2e = E2e::start(options, Viewport::PHONE).await?;
    let browser = e2e.browser();
    browser.emulate_network(*network).await?;
    e2e.open(page.path).await?;
    browser.wait_for_visible(page.ready).await?;
    // WebDriver waits for a returned promise; LCP entries come only to an observer.
    let script = format!(
        "const all = performance.getEntriesByType('resource');
         const end = test => Math.max(0, ...all.filter(e => test(e.name)).map(e => e.responseEnd));
         const paint = performance.getEntriesByName('first-contentful-paint')[0];
         return new Promise(resolve => {{
             const report = largest => resolve({{
                 first_paint: paint ? paint.startTime : NaN,
                 wasm_arrived: end(n => n.endsWith('.wasm')),
                 data_arrived: end(n => n.includes({api:?})),
                 largest_paint: largest,
             }});
             new PerformanceObserver(list => report(list.getEntries().pop().startTime))
                 .observe({{ type: 'largest-contentful-paint', buffered: true }});
             setTimeout(() => report(NaN), 2000);
         }});",
        api = page.api,
    );
    let timing = browser.eval(&script).await?;
    let get = |key: &str| timing.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let load = Load {
        first_paint: get("first_paint"),
        wasm_arrived: get("wasm_arrived"),
        data_arrived: get("data_arrived"),
        largest_paint: get("largest_paint"),
    };
    e2e.finish().await?;
    Ok(load)
}

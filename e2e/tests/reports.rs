//! The annual report end to end, signed out, on the demo data: the report page of the
//! demo police department for this year shows its charts and the heat map, and its
//! printed PDF (Chromium's print to PDF, with the print stylesheet) holds the agency,
//! the year and the log's signed tree head of the report, and none of the page's
//! controls. Screenshots at 390 and 1280 px and of the PDF's first pages (pdftoppm)
//! go to e2e/artifacts/.

use std::process::Command;

use porchlight_e2e::{artifacts_dir, http_get, E2e, Result, ServerOptions, Viewport};
use serde_json::Value;

const DEMO_SLUG: &str = "demo-city-police";
const DEMO_AGENCY: &str = "Demo City Police Department";

/// The text of a PDF, through poppler's `pdftotext` (scripts/setup.sh installs it).
fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils: scripts/setup.sh --with-browser)");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `1234567` → `"1,234,567"`, as the English page writes counts.
fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[tokio::test]
async fn the_report_page_shows_its_charts_and_heat_map_and_prints_with_the_tree_head() -> Result<()>
{
    let year = time::OffsetDateTime::now_utc().year();
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();

    // The demo agency has requests this year (the demo's are of the last 90 days).
    let api = http_get(
        &e2e.server
            .url_for(&format!("/api/v1/agencies/{DEMO_SLUG}/reports/{year}")),
    )?;
    assert_eq!(api.status, 200, "{}", api.body);
    let report: Value = serde_json::from_str(&api.body).expect("JSON");
    assert!(
        report["totals"]["requests"].as_u64().unwrap() > 0,
        "{}",
        api.body
    );

    // From the profile, its "Annual reports" link.
    e2e.open(&format!("/agencies/{DEMO_SLUG}")).await?;
    browser.wait_for_text("main h1", DEMO_AGENCY).await?;
    let feed = browser.wait_for("[data-testid='agency-feed']").await?;
    assert_eq!(
        feed.attr("href").await?.as_deref(),
        Some(format!("/api/v1/feeds/agencies/{DEMO_SLUG}.atom").as_str())
    );
    browser
        .wait_for("[data-testid='agency-reports']")
        .await?
        .click()
        .await?;
    browser
        .wait_for_text("main h1", &format!("{DEMO_AGENCY}: {year}"))
        .await?;

    // The charts, with bars, and the heat map with its cells drawn.
    browser
        .wait_for("[data-testid='chart-months'] svg [data-testid='chart-months-bar']")
        .await?;
    let bars = browser
        .eval("return Array.from(document.querySelectorAll(\"[data-testid='chart-months-bar']\")).map(b => Number(b.dataset.value));")
        .await?;
    let bars: Vec<u64> = serde_json::from_value(bars).expect("bar values");
    assert_eq!(bars.len(), 12);
    assert_eq!(
        bars.iter().sum::<u64>(),
        report["totals"]["requests"].as_u64().unwrap()
    );
    browser
        .wait_until(
            "the heat map drew its cells",
            "document.querySelector(\"[data-testid='heat-map'] .leaflet-container canvas\") !== null",
        )
        .await?;
    let cells = browser.count("[data-testid='heat-legend-item']").await?;
    assert!(cells >= 1, "a legend");
    // The tree head on the page is the report's.
    let root = report["log_checkpoint"]["root_hash"]
        .as_str()
        .unwrap()
        .to_owned();
    let size = report["log_checkpoint"]["tree_size"].as_u64().unwrap();
    browser
        .wait_for_text("[data-testid='tree-root']", &root)
        .await?;
    let alternate = browser
        .eval("return document.querySelector(\"head link[rel='alternate'][data-page-feed]\")?.getAttribute('href');")
        .await?;
    assert_eq!(
        alternate.as_str(),
        Some(format!("/api/v1/feeds/agencies/{DEMO_SLUG}.atom").as_str())
    );

    browser.screenshot("report-1280-top").await?;
    browser
        .eval("document.querySelector(\"[data-testid='heat-map']\").scrollIntoView(); return null;")
        .await?;
    browser.screenshot("report-1280-heat-map").await?;

    // Printed: the document alone, with the tree head.
    let pdf = browser.print_pdf("report-printed").await?;
    let text = pdf_text(&pdf);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(DEMO_AGENCY), "{flat}");
    assert!(flat.contains(&year.to_string()), "{flat}");
    assert!(flat.contains("Public log's signed tree head"), "{flat}");
    // A long hash may wrap: compare without spaces.
    let packed: String = text.split_whitespace().collect();
    assert!(
        packed.contains(&root),
        "the root hash {root} is not in the PDF: {flat}"
    );
    let signature = report["log_checkpoint"]["signature"].as_str().unwrap();
    assert!(
        packed.contains(signature),
        "the signature is not in the PDF: {flat}"
    );
    assert!(
        flat.contains(&format!("{} entries", with_commas(size))),
        "{flat}"
    );
    assert!(
        flat.contains("Requests per month")
            && flat.contains("Where")
            && flat.contains("Moderation outcomes"),
        "{flat}"
    );
    // No header navigation, no year menu, no buttons.
    for control in ["Sign in", "Skip to", "Year:", "Español"] {
        assert!(!flat.contains(control), "the PDF shows {control:?}: {flat}");
    }
    let pages = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "3"])
        .arg(&pdf)
        .arg(artifacts_dir().join("report-printed"))
        .status()
        .expect("pdftoppm runs");
    assert!(pages.success());

    // A phone.
    browser.set_viewport(Viewport::PHONE).await?;
    e2e.open(&format!("/agencies/{DEMO_SLUG}/reports/{year}"))
        .await?;
    browser.wait_for("[data-testid='chart-months'] svg").await?;
    browser
        .wait_until(
            "the heat map drew its cells",
            "document.querySelector(\"[data-testid='heat-map'] .leaflet-container canvas\") !== null",
        )
        .await?;
    browser.screenshot("report-390-top").await?;
    browser
        .eval("document.querySelector(\"[data-testid='chart-types']\").scrollIntoView(); return null;")
        .await?;
    browser.screenshot("report-390-types").await?;

    // Every agency side by side, from the report's link.
    browser.set_viewport(Viewport::DESKTOP).await?;
    browser
        .wait_for("[data-testid='report-all']")
        .await?
        .click()
        .await?;
    browser.wait_for("[data-testid='years-row']").await?;
    assert_eq!(
        browser.count("[data-testid='years-row']").await?,
        3,
        "the three demo agencies"
    );
    browser.screenshot("reports-year-1280").await?;

    // The map page's feed ends with the Atom feed of the view it shows.
    e2e.open("/").await?;
    browser
        .wait_until(
            "the map's feed link names the view",
            "(document.getElementById('feed-atom')?.getAttribute('href') || '').startsWith('/api/v1/feeds/requests.atom?bbox=')",
        )
        .await?;
    let href = browser
        .eval("return document.getElementById('feed-atom').getAttribute('href');")
        .await?;
    let feed = http_get(&e2e.server.url_for(href.as_str().unwrap()))?;
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert!(
        feed.body.contains("<feed") && feed.body.contains("<entry>"),
        "{}",
        feed.body
    );
    browser
        .eval("document.getElementById('feed-atom').scrollIntoView(); return null;")
        .await?;
    browser.screenshot("map-feed-atom-link-1280").await?;

    e2e.finish().await
}

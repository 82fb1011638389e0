//! Residents' footage end to end (issue 16), in real Chromium against the real server:
//! the demo officer creates the agency's key in the browser (the key file is
//! downloaded; only the public key reaches the server) and publishes it; a resident
//! shares two clips of which only the one captured inside the request's time frame is
//! sent, encrypted, and sees the receipt; a second resident shares one and withdraws it
//! before it is opened; the officer imports the key file into a browser that does not
//! have it, unlocks it, opens the response and downloads the clip, byte-identical to
//! the original.

use std::path::{Path, PathBuf};
use std::time::Duration;

use porchlight_e2e::demo::{DEMO_PASSWORD, MODERATOR, OFFICER, RESIDENT};
use porchlight_e2e::posting::{sign_in, sign_out};
use porchlight_e2e::{valid_draft, Api, E2e, HarnessError, Result, ServerOptions, Viewport};
use serde_json::{json, Value};
use time::OffsetDateTime;

const SLUG: &str = "demo-city-police";
const PASSPHRASE: &str = "porch light keeps watch 42";

/// The fixture MP4 (tests of porchlight-footage) with its `mvhd` creation time set to
/// `at`: a clip "recorded" then.
fn clip_recorded_at(at: OffsetDateTime) -> Vec<u8> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut bytes =
        std::fs::read(format!("{root}/../footage/tests/fixtures/porch.mp4")).expect("the fixture");
    let mvhd = bytes
        .windows(4)
        .position(|w| w == b"mvhd")
        .expect("an mvhd box");
    assert_eq!(bytes[mvhd + 4], 0, "a version-0 mvhd");
    let seconds = u32::try_from(at.unix_timestamp() + 2_082_844_800).expect("after 1904");
    bytes[mvhd + 8..mvhd + 12].copy_from_slice(&seconds.to_be_bytes());
    bytes
}

/// Waits until a finished download named `name` is in `dir` and returns its path.
async fn downloaded(dir: &Path, name_starts: &str) -> Result<PathBuf> {
    for _ in 0..200 {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with(name_starts) && !name.ends_with(".crdownload") {
                    return Ok(entry.path());
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(HarnessError::new(format!(
        "no download {name_starts}* in {}",
        dir.display()
    )))
}

async fn click(e2e: &E2e, css: &str) -> Result<()> {
    e2e.browser().wait_for_visible(css).await?.click().await?;
    Ok(())
}

async fn type_into(e2e: &E2e, css: &str, text: &str) -> Result<()> {
    e2e.browser()
        .wait_for_visible(css)
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

/// A published request whose time frame ended an hour ago (3 h to 1 h ago), posted by
/// the demo officer over the API (and approved by the demo moderator if this server
/// reviews).
fn post_request(base: &str) -> Result<i64> {
    let officer = Api::sign_in(base, OFFICER, DEMO_PASSWORD)?;
    let posted = officer.post(
        "/api/v1/requests",
        &valid_draft("26-990016", -122.6795, 45.5155),
    )?;
    let body: Value = serde_json::from_str(&posted.body).expect("JSON");
    let id = body["id"].as_i64().expect("an id");
    match posted.status {
        201 => {}
        202 => {
            let moderator = Api::sign_in(base, MODERATOR, DEMO_PASSWORD)?;
            let review = json!({ "decision": "approve", "reasons": [], "note": null });
            let answer = moderator.post(&format!("/api/v1/requests/{id}/review"), &review)?;
            assert_eq!(answer.status, 200, "{}", answer.body);
        }
        other => panic!("posting: {other} {}", posted.body),
    }
    Ok(id)
}

/// Shares `files` (paths) for request `id` as whoever is signed in, sending only what
/// is inside the time frame, and returns the receipt's text.
async fn share(
    e2e: &E2e,
    id: i64,
    files: &[&Path],
    inside: &str,
    outside: Option<&str>,
) -> Result<String> {
    let browser = e2e.browser();
    e2e.open(&format!("/requests/{id}")).await?;
    click(e2e, "[data-testid='share-footage']").await?;
    browser
        .wait_until(
            "the share page opens",
            &format!("location.pathname === '/requests/{id}/share'"),
        )
        .await?;
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    browser
        .wait_for("[data-testid='file-input']")
        .await?
        .send_keys(&paths.join("\n"))
        .await?;
    browser
        .wait_for_text("[data-testid='files-shared']", inside)
        .await?;
    if let Some(outside) = outside {
        let skipped = browser
            .wait_for_text("[data-testid='files-skipped']", outside)
            .await?;
        assert!(skipped
            .text()
            .await?
            .contains("before the requested time frame"));
    }
    click(e2e, "[data-testid='to-about']").await?;
    click(e2e, "[data-testid='to-consent']").await?;
    let consent = browser
        .wait_for_visible("[data-testid='step-consent']")
        .await?
        .text()
        .await?;
    assert!(consent.contains(inside), "{consent}");
    assert!(
        consent.contains("Ignoring or declining a request is never recorded."),
        "{consent}"
    );
    if let Some(outside) = outside {
        assert!(!consent.contains(outside), "{consent}");
    }
    // The key it encrypts to is the one the public log recorded.
    browser
        .wait_for_text(
            "[data-testid='step-consent'] [data-testid='log-badge']",
            "Verified in the public log",
        )
        .await?;
    click(e2e, "[data-testid='send']").await?;
    let receipt = browser
        .wait_for_within("[data-testid='step-receipt']", Duration::from_secs(30))
        .await?
        .text()
        .await?;
    Ok(receipt)
}

#[tokio::test]
async fn an_agency_key_a_shared_clip_a_withdrawal_and_a_byte_identical_download() -> Result<()> {
    let e2e = E2e::start(ServerOptions::new().demo(), Viewport::DESKTOP).await?;
    let browser = e2e.browser();
    let downloads = tempfile::tempdir().expect("a temporary directory");
    let allow =
        json!({ "behavior": "allow", "downloadPath": downloads.path().display().to_string() });
    if browser
        .cdp("Browser.setDownloadBehavior", allow.clone())
        .await
        .is_err()
    {
        browser.cdp("Page.setDownloadBehavior", allow).await?;
    }
    let now = OffsetDateTime::now_utc();
    let clips = tempfile::tempdir().expect("a temporary directory");
    let inside = clips.path().join("porch-inside.mp4");
    let outside = clips.path().join("porch-earlier.mp4");
    let original = clip_recorded_at(now - time::Duration::hours(2));
    std::fs::write(&inside, &original).unwrap();
    std::fs::write(&outside, clip_recorded_at(now - time::Duration::hours(8))).unwrap();

    // The officer makes the agency's key in the browser and publishes it.
    sign_in(&e2e, OFFICER).await?;
    e2e.open(&format!("/agencies/{SLUG}/keys")).await?;
    browser
        .wait_for_text("main h1", "Key for residents' footage")
        .await?;
    type_into(&e2e, "[data-testid='new-passphrase']", PASSPHRASE).await?;
    type_into(&e2e, "[data-testid='new-passphrase-again']", PASSPHRASE).await?;
    click(&e2e, "[data-testid='create-key']").await?;
    browser
        .wait_for_text("[data-testid='create-status']", "Key file downloaded")
        .await?;
    let key_file = downloaded(downloads.path(), &format!("porchlight-{SLUG}-")).await?;
    let armored = std::fs::read_to_string(&key_file).unwrap();
    assert!(
        armored.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{armored}"
    );
    assert!(!armored.contains("AGE-SECRET-KEY"));
    click(&e2e, "[data-testid='saved-key-file']").await?;
    click(&e2e, "[data-testid='publish-key']").await?;
    browser
        .wait_for_text("[data-testid='create-status']", "Published")
        .await?;
    type_into(&e2e, "[data-testid='retention-days']", "30").await?;
    click(&e2e, "[data-testid='save-retention']").await?;
    browser
        .wait_for_text("[data-testid='retention-status']", "Saved.")
        .await?;
    // The public profile shows the key's fingerprint and the retention period.
    let keys: Value = serde_json::from_str(
        &porchlight_e2e::http_get(&e2e.server.url_for(&format!("/api/v1/agencies/{SLUG}/keys")))?
            .body,
    )
    .unwrap();
    let fingerprint = keys[0]["fingerprint"].as_str().expect("a key").to_owned();
    assert!(
        key_file.display().to_string().contains(&fingerprint),
        "{}",
        key_file.display()
    );
    e2e.open(&format!("/agencies/{SLUG}")).await?;
    browser
        .wait_for_text("[data-testid='key-fingerprint']", &fingerprint)
        .await?;
    browser
        .wait_for_text("[data-testid='retention']", "30 days")
        .await?;
    sign_out(browser).await?;

    let id = {
        let base = e2e.server.url_for("");
        tokio::task::spawn_blocking(move || post_request(&base))
            .await
            .expect("the posting thread")?
    };

    // A resident shares two clips: only the one recorded inside the time frame goes.
    sign_in(&e2e, RESIDENT).await?;
    let receipt = share(
        &e2e,
        id,
        &[&inside, &outside],
        "porch-inside.mp4",
        Some("porch-earlier.mp4"),
    )
    .await?;
    assert!(receipt.contains("porch-inside.mp4"), "{receipt}");
    assert!(!receipt.contains("porch-earlier.mp4"), "{receipt}");
    e2e.open("/me/responses").await?;
    browser
        .wait_for_text("[data-testid='receipt']", "porch-inside.mp4")
        .await?;
    sign_out(browser).await?;

    // A second resident shares the clip and withdraws it before the agency opens it.
    let second = "second.resident@porchlight.test";
    {
        let base = e2e.server.url_for("");
        let email = second.to_owned();
        tokio::task::spawn_blocking(move || -> Result<()> {
            let body =
                json!({ "email": email, "password": DEMO_PASSWORD, "display_name": "Sam Second" });
            let answer = Api::new(base).post("/api/v1/auth/register", &body)?;
            assert!(
                answer.status == 201 || answer.status == 200,
                "{} {}",
                answer.status,
                answer.body
            );
            Ok(())
        })
        .await
        .expect("the register thread")?;
    }
    sign_in(&e2e, second).await?;
    share(&e2e, id, &[&inside], "porch-inside.mp4", None).await?;
    e2e.open("/me/responses").await?;
    click(&e2e, "[data-testid='withdraw']").await?;
    click(&e2e, "[data-testid='withdraw-confirm']").await?;
    browser
        .wait_for_text("[data-testid='receipt-status']", "Withdrawn")
        .await?;
    sign_out(browser).await?;

    // The officer, in a browser without the key, imports the key file, unlocks it and
    // downloads the clip.
    sign_in(&e2e, OFFICER).await?;
    browser
        .eval(&format!(
            "localStorage.removeItem('porchlight.agency-keys.{SLUG}'); return true;"
        ))
        .await?;
    e2e.open(&format!("/agencies/{SLUG}/responses")).await?;
    browser.wait_for("[data-testid='no-key-file']").await?;
    e2e.open(&format!("/agencies/{SLUG}/keys")).await?;
    browser
        .wait_for("[data-testid='key-file']")
        .await?
        .send_keys(&key_file.display().to_string())
        .await?;
    type_into(&e2e, "[data-testid='import-passphrase']", PASSPHRASE).await?;
    click(&e2e, "[data-testid='import-key']").await?;
    browser
        .wait_for_text(
            "[data-testid='import-status']",
            &format!("Imported the key {fingerprint}"),
        )
        .await?;
    e2e.open(&format!("/agencies/{SLUG}/responses")).await?;
    type_into(&e2e, "[data-testid='unlock-passphrase']", PASSPHRASE).await?;
    click(&e2e, "[data-testid='unlock']").await?;
    browser.wait_for("[data-testid='unlocked']").await?;
    // The withdrawn response is not listed: one response.
    assert_eq!(browser.count("[data-testid='agency-response']").await?, 1);
    click(&e2e, "[data-testid='open-response']").await?;
    click(&e2e, "[data-testid='download-file']").await?;
    browser
        .wait_for_text(
            "[data-testid='download-status']",
            "matches the resident's receipt",
        )
        .await?;
    let clip = downloaded(downloads.path(), "porch-inside").await?;
    assert_eq!(
        std::fs::read(&clip).unwrap(),
        original,
        "the downloaded clip is the original, byte for byte"
    );
    browser
        .wait_for_text("[data-testid='response-status']", "Opened")
        .await?;
    click(&e2e, "[data-testid='keep-response']").await?;
    browser
        .wait_for_text("[data-testid='response-status']", "Kept as evidence")
        .await?;
    browser.screenshot("responses-agency").await?;
    browser.assert_no_panics().await?;
    e2e.finish().await
}

//! Residents' footage end to end (issue 16), in real Chromium against the real server:
//! the demo officer creates the agency's key in the browser (the key file is
//! downloaded; only the public key reaches the server) and publishes it; a resident
//! shares two clips of which only the one captured inside the request's time frame is
//! sent, encrypted, and sees the receipt; a second resident shares one and withdraws it
//! before it is opened; the officer imports the key file into a browser that does not
//! have it, unlocks it, opens the response and downloads the clip, byte-identical to
//! the original.
//!
//! Each state of the flow is audited on the way (`porchlight_e2e::audit`, as
//! `tests/accessibility.rs` audits every page: axe-core at 1280 and 390 px, touch
//! targets, the skip link): the officer's key page with a key file made and with the
//! key published, the share page's steps (the files screened, one inside the time frame
//! and one outside with its reason; the identity fields chosen and filled; the consent
//! screen; the upload in progress; the receipt), the resident's receipts, and the
//! agency's responses locked, then unlocked with a response opened. The first resident
//! reads the app in English, the second in Spanish (share steps, receipts, withdrawal).

use std::path::{Path, PathBuf};
use std::time::Duration;

use porchlight_e2e::a11y::Language;
use porchlight_e2e::audit::Audit;
use porchlight_e2e::demo::{DEMO_PASSWORD, MODERATOR, OFFICER, RESIDENT};
use porchlight_e2e::input::{scroll_into_view, Place};
use porchlight_e2e::posting::{sign_in, sign_out};
use porchlight_e2e::{
    valid_draft, workspace_root, Api, E2e, HarnessError, Result, ServerOptions, Viewport,
};
use serde_json::{json, Value};
use time::OffsetDateTime;

const SLUG: &str = "demo-city-police";
const PASSPHRASE: &str = "porch light keeps watch 42";

/// How many moderate or minor axe rules the footage pages may break: none, as for
/// every other page (`tests/accessibility.rs`). Never raise it to make a problem pass.
const LESSER_RULES_AT_MOST: usize = 0;

/// The longest stretch of literal text (between its placeholders) of the app's text
/// `key` in `language` (`locales/<code>/pages.json`): what a page showing it contains,
/// whatever fills the placeholders.
fn said(language: Language, key: &str) -> String {
    let path = workspace_root().join(format!("locales/{}/pages.json", language.code()));
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the app's text")).unwrap();
    let text = all[key]
        .as_str()
        .unwrap_or_else(|| panic!("no text {key:?} in {}", path.display()));
    text.split(['{', '}'])
        .step_by(2)
        .max_by_key(|part| part.chars().count())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

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

/// What a resident chooses to tell the agency about themselves: every field ticked
/// (name and email as the account has them), the phone and the message typed.
struct About<'a> {
    phone: &'a str,
    message: &'a str,
}

/// Makes the browser's uploads of footage chunks fail as a dropped connection does
/// (Chromium's URL blocking), or (`false`) lets them through again.
async fn drop_chunk_uploads(e2e: &E2e, drop: bool) -> Result<()> {
    let browser = e2e.browser();
    browser.cdp("Network.enable", json!({})).await?;
    let urls: Vec<&str> = if drop { vec!["*/chunks/*"] } else { vec![] };
    browser
        .cdp("Network.setBlockedURLs", json!({ "urls": urls }))
        .await?;
    Ok(())
}

/// Waits until the share page's step whose heading (or message) has the id `id` has
/// focus, as it takes it when the flow comes to it.
async fn step_has_focus(e2e: &E2e, id: &str) -> Result<()> {
    e2e.browser()
        .wait_until(
            &format!("focus moves to #{id}"),
            &format!("document.activeElement && document.activeElement.id === '{id}'"),
        )
        .await
}

/// Waits until the element with focus has an id starting with `prefix` (followed by
/// a response's id): where focus goes when what had it is gone.
async fn focus_moves_to(e2e: &E2e, prefix: &str) -> Result<()> {
    e2e.browser()
        .wait_until(
            &format!("focus moves to #{prefix}…"),
            &format!("document.activeElement && document.activeElement.id.startsWith('{prefix}')"),
        )
        .await
}

/// Shares `files` (paths) for request `id` as whoever is signed in, in the audit's
/// language, sending only what is inside the time frame, and auditing each step on the
/// way; returns the receipt's text.
async fn share(
    e2e: &E2e,
    audit: &mut Audit<'_>,
    id: i64,
    files: &[&Path],
    inside: &str,
    outside: Option<&str>,
    about: &About<'_>,
) -> Result<String> {
    let browser = e2e.browser();
    let language = audit.language();
    e2e.open(&format!("/requests/{id}")).await?;
    click(e2e, "[data-testid='share-footage']").await?;
    browser
        .wait_until(
            "the share page opens",
            &format!("location.pathname === '/requests/{id}/share'"),
        )
        .await?;
    language.assert_shown(browser).await?;

    // 1. The files, screened against the time frame in the browser.
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
        let reason = said(language, "share.reason.before");
        assert!(skipped.text().await?.contains(&reason), "{reason}");
    }
    audit
        .check("share, 1 files chosen: one inside the time frame, one outside")
        .await?;
    // How the screened files look on a phone, for a person to look at.
    browser.set_viewport(Viewport::PHONE).await?;
    scroll_into_view(browser, "[data-testid='files-shared']", Place::Top).await?;
    browser
        .screenshot(&format!("responses-share-files-390-{}", language.code()))
        .await?;
    browser.set_viewport(Viewport::DESKTOP).await?;

    // 2. What to say about oneself: every field, filled.
    click(e2e, "[data-testid='to-about']").await?;
    step_has_focus(e2e, "share-step-about").await?;
    for field in ["name", "email", "phone", "message"] {
        click(e2e, &format!("[data-testid='share-{field}']")).await?;
    }
    type_into(e2e, "#about-phone", about.phone).await?;
    type_into(e2e, "#about-message", about.message).await?;
    for field in ["name", "email"] {
        browser
            .wait_until(
                &format!("the {field} is filled in from the account"),
                &format!("document.getElementById('about-{field}').value.trim() !== ''"),
            )
            .await?;
    }
    audit
        .check("share, 2 about you: every field filled")
        .await?;

    // 3. Consent: exactly what goes to whom.
    click(e2e, "[data-testid='to-consent']").await?;
    step_has_focus(e2e, "share-step-consent").await?;
    let consent = browser
        .wait_for_visible("[data-testid='step-consent']")
        .await?
        .text()
        .await?;
    assert!(consent.contains(inside), "{consent}");
    let never = said(language, "share.consent.never_recorded");
    assert!(consent.contains(&never), "{consent}");
    if let Some(outside) = outside {
        assert!(!consent.contains(outside), "{consent}");
    }
    let told = browser
        .wait_for("[data-testid='consent-about']")
        .await?
        .text()
        .await?;
    assert!(
        told.contains(about.phone) && told.contains(about.message),
        "{told}"
    );
    // The key it encrypts to is the one the public log recorded.
    browser
        .wait_for_text(
            "[data-testid='step-consent'] [data-testid='log-badge']",
            &said(language, "log.badge.verified"),
        )
        .await?;
    audit.check("share, 3 consent").await?;

    // 4. The upload, caught in progress: the connection drops after the response is
    // made, and the upload waits to resume.
    drop_chunk_uploads(e2e, true).await?;
    click(e2e, "[data-testid='send']").await?;
    browser
        .wait_for_visible("[data-testid='step-upload']")
        .await?;
    step_has_focus(e2e, "share-step-upload").await?;
    browser
        .wait_for_text(
            "[data-testid='upload-status']",
            &said(language, "share.upload.retrying"),
        )
        .await?;
    browser.wait_for("[data-testid='file-progress']").await?;
    audit
        .check("share, 4 upload in progress (the connection dropped)")
        .await?;
    let still = browser.wait_for("[data-testid='step-upload']").await?;
    assert!(
        still.is_displayed().await?,
        "the upload was still under way through its audit"
    );
    drop_chunk_uploads(e2e, false).await?;
    let receipt = browser
        .wait_for_within("[data-testid='step-receipt']", Duration::from_secs(45))
        .await?
        .text()
        .await?;
    step_has_focus(e2e, "share-receipt-done").await?;
    audit.check("share, receipt").await?;
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
    let mut english = Audit::named(&e2e, Language::English, "responses");
    let mut spanish = Audit::named(&e2e, Language::Spanish, "responses");

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
    browser
        .wait_for_visible("[data-testid='publish-key']")
        .await?;
    english
        .check("agency key, key file made, not yet published")
        .await?;
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
    browser
        .wait_for("[data-testid='current-fingerprint']")
        .await?;
    english.check("agency key, published").await?;
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
    let about = About {
        phone: "503-555-0116",
        message: "The camera faces the bus stop.",
    };
    let receipt = share(
        &e2e,
        &mut english,
        id,
        &[&inside, &outside],
        "porch-inside.mp4",
        Some("porch-earlier.mp4"),
        &about,
    )
    .await?;
    assert!(receipt.contains("porch-inside.mp4"), "{receipt}");
    assert!(!receipt.contains("porch-earlier.mp4"), "{receipt}");
    english.open("/me/responses").await?;
    browser
        .wait_for_text("[data-testid='receipt']", "porch-inside.mp4")
        .await?;
    english.check("footage shared, a receipt").await?;
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
    // They read the app in Spanish.
    sign_in(&e2e, second).await?;
    Language::Spanish.choose(browser).await?;
    let receipt = share(
        &e2e,
        &mut spanish,
        id,
        &[&inside, &outside],
        "porch-inside.mp4",
        Some("porch-earlier.mp4"),
        &About {
            phone: "503-555-0117",
            message: "La cámara da a la parada del autobús.",
        },
    )
    .await?;
    assert!(!receipt.contains("porch-earlier.mp4"), "{receipt}");
    spanish.open("/me/responses").await?;
    browser
        .wait_for_text("[data-testid='receipt']", "porch-inside.mp4")
        .await?;
    spanish.check("footage shared, a receipt").await?;
    click(&e2e, "[data-testid='withdraw']").await?;
    browser
        .wait_for_visible("[data-testid='withdraw-confirm']")
        .await?;
    focus_moves_to(&e2e, "withdraw-no-").await?;
    spanish.check("footage shared, withdrawal asked").await?;
    click(&e2e, "[data-testid='withdraw-confirm']").await?;
    browser
        .wait_for_text(
            "[data-testid='receipt-status']",
            &said(Language::Spanish, "response.status.withdrawn"),
        )
        .await?;
    focus_moves_to(&e2e, "receipt-").await?;
    spanish.check("footage shared, withdrawn").await?;
    sign_out(browser).await?;
    // Back to the browser's language (English) for the officer.
    browser
        .eval(&format!(
            "localStorage.removeItem({:?}); return true;",
            Language::STORAGE_KEY
        ))
        .await?;

    // The officer, in a browser without the key, imports the key file, unlocks it and
    // downloads the clip.
    sign_in(&e2e, OFFICER).await?;
    browser
        .eval(&format!(
            "localStorage.removeItem('porchlight.agency-keys.{SLUG}'); return true;"
        ))
        .await?;
    english.open(&format!("/agencies/{SLUG}/responses")).await?;
    browser.wait_for("[data-testid='no-key-file']").await?;
    english.open(&format!("/agencies/{SLUG}/keys")).await?;
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
    english.check("agency key, key file imported").await?;
    english.open(&format!("/agencies/{SLUG}/responses")).await?;
    browser.wait_for("[data-testid='agency-response']").await?;
    english
        .check("agency responses, key file here, locked")
        .await?;
    type_into(&e2e, "[data-testid='unlock-passphrase']", PASSPHRASE).await?;
    click(&e2e, "[data-testid='unlock']").await?;
    browser.wait_for("[data-testid='unlocked']").await?;
    focus_moves_to(&e2e, "unlocked").await?;
    // The withdrawn response is not listed: one response.
    assert_eq!(browser.count("[data-testid='agency-response']").await?, 1);
    click(&e2e, "[data-testid='open-response']").await?;
    focus_moves_to(&e2e, "envelope-").await?;
    click(&e2e, "[data-testid='download-file']").await?;
    browser
        .wait_for_text(
            "[data-testid='download-status']",
            "matches the resident's receipt",
        )
        .await?;
    // What the resident chose to tell the agency, decrypted here.
    let envelope = browser
        .wait_for("[data-testid='envelope']")
        .await?
        .text()
        .await?;
    assert!(
        envelope.contains(about.phone) && envelope.contains(about.message),
        "{envelope}"
    );
    english
        .check("agency responses, unlocked, a response opened")
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
    focus_moves_to(&e2e, "response-status-").await?;
    browser.screenshot("responses-agency").await?;
    browser.assert_no_panics().await?;
    english.report(LESSER_RULES_AT_MOST);
    spanish.report(LESSER_RULES_AT_MOST);
    e2e.finish().await
}

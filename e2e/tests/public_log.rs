//! The public log end to end: a request page in real Chromium shows the verified badge;
//! after the database file is edited behind the server's back (server stopped, trigger
//! dropped, title changed, server restarted on the same file) the page shows the red
//! warning and the `porchlight-server audit` command fails.

use std::path::Path;
use std::process::Command;

use porchlight_e2e::{http_get, E2e, HarnessError, Result, Server, ServerOptions, Viewport};
use sqlx::Connection;

/// `porchlight-server audit --url <url>`: exit status and everything it printed.
fn run_audit(url: &str) -> Result<(bool, String)> {
    let output = Command::new(Server::binary())
        .args(["audit", "--url", url])
        .output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok((output.status.success(), text))
}

/// The id and title of the newest demo request.
fn newest_request(server: &Server) -> Result<(i64, String)> {
    let response = http_get(&server.url_for("/api/v1/requests?limit=1"))?;
    let page: serde_json::Value = serde_json::from_str(&response.body)
        .map_err(|e| HarnessError::new(format!("GET /api/v1/requests: {e}: {}", response.body)))?;
    let item = &page["items"][0];
    match (item["id"].as_i64(), item["title"].as_str()) {
        (Some(id), Some(title)) => Ok((id, title.to_owned())),
        _ => Err(HarnessError::new(format!(
            "no demo request in {}",
            response.body
        ))),
    }
}

/// Edits the stopped server's database file the way someone with shell access would.
async fn edit_title(db: &Path, id: i64, title: &str) -> Result<()> {
    let fail = |e: sqlx::Error| HarnessError::new(format!("editing {}: {e}", db.display()));
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .map_err(fail)?;
    sqlx::query("DROP TRIGGER requests_refuse_update")
        .execute(&mut conn)
        .await
        .map_err(fail)?;
    let changed = sqlx::query("UPDATE requests SET title = ? WHERE id = ?")
        .bind(title)
        .bind(id)
        .execute(&mut conn)
        .await
        .map_err(fail)?
        .rows_affected();
    conn.close().await.map_err(fail)?;
    assert_eq!(changed, 1, "request {id} was not edited");
    Ok(())
}

#[tokio::test]
async fn a_request_page_is_verified_until_the_database_is_edited() -> Result<()> {
    let data = tempfile::tempdir()?;
    let db = data.path().join("porchlight.db");

    // 1. The honest server: the badge says verified, and the audit passes.
    let e2e = E2e::start(ServerOptions::new().demo().db(&db), Viewport::DESKTOP).await?;
    assert!(
        data.path().join("porchlight-log.key").is_file(),
        "the log key lives next to the database"
    );
    let (id, title) = newest_request(&e2e.server)?;
    e2e.open(&format!("/requests/{id}")).await?;
    let browser = e2e.browser();
    let badge = browser
        .wait_for_text(
            "[data-testid='log-badge'].log-verified",
            "Verified in the public log, entry #",
        )
        .await?;
    let badge_text = badge.text().await?;
    assert!(
        badge_text.contains("Verified in the public log, entry #"),
        "{badge_text:?}"
    );
    browser.wait_for_text("h1", &title).await?;
    browser.screenshot("public-log-verified-1280x800").await?;
    let (passed, report) = run_audit(e2e.server.url())?;
    assert!(passed && report.contains("audit passed"), "{report}");
    e2e.finish().await?;

    // 2. Stop, edit the file, restart on the same file (and the same key).
    let edited = "Footage wanted near the old mill";
    edit_title(&db, id, edited).await?;
    let e2e = E2e::start(ServerOptions::new().demo().db(&db), Viewport::DESKTOP).await?;
    e2e.open(&format!("/requests/{id}")).await?;
    let browser = e2e.browser();
    browser.wait_for_text("h1", edited).await?;
    let warning = browser
        .wait_for_text(
            "[data-testid='log-badge'].log-failed",
            "does not match the public log",
        )
        .await?;
    assert_eq!(warning.attr("role").await?.as_deref(), Some("alert"));
    assert_eq!(
        browser.count(".log-verified").await?,
        0,
        "no verified badge beside the warning"
    );
    browser.screenshot("public-log-tampered-1280x800").await?;
    let (passed, report) = run_audit(e2e.server.url())?;
    assert!(!passed, "the audit must fail: {report}");
    assert!(
        report.contains("AUDIT FAILED") && report.contains(&format!("request {id}")),
        "{report}"
    );
    e2e.finish().await
}

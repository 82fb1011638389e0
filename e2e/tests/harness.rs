//! Checks of the harness itself, so that a broken harness fails loudly instead of
//! making the app tests pass or fail for the wrong reason.

use porchlight_e2e::{Browser, ChromeDriver, Result, Server, ServerOptions, Viewport};

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[tokio::test]
async fn screenshots_have_exactly_the_requested_viewport() -> Result<()> {
    let driver = ChromeDriver::start()?;
    let browser = Browser::start(&driver, Viewport::PHONE).await?;
    browser
        .goto("data:text/html,<!doctype html><title>t</title><p id=hello>hello</p>")
        .await?;
    browser.wait_for_text("#hello", "hello").await?;
    for viewport in [Viewport::PHONE, Viewport::DESKTOP] {
        browser.set_viewport(viewport).await?;
        let path = browser
            .screenshot(&format!("harness-{}x{}", viewport.width, viewport.height))
            .await?;
        let png = std::fs::read(&path)?;
        assert_eq!(
            png_size(&png),
            (viewport.width, viewport.height),
            "{}",
            path.display()
        );
    }
    browser.close().await
}

#[tokio::test]
async fn a_wait_that_times_out_says_what_it_saw() -> Result<()> {
    let driver = ChromeDriver::start()?;
    let browser = Browser::start(&driver, Viewport::DESKTOP).await?;
    browser
        .goto("data:text/html,<!doctype html><title>Plain</title><p>only this text</p>")
        .await?;
    let err = browser
        .wait_for_within(".leaflet-container", std::time::Duration::from_millis(300))
        .await
        .expect_err("there is no map on this page");
    let message = err.to_string();
    assert!(
        message.contains("no element matches `.leaflet-container`"),
        "{message}"
    );
    assert!(message.contains("only this text"), "{message}");
    assert!(message.contains("\"Plain\""), "{message}");
    browser.close().await
}

#[test]
fn a_missing_server_binary_is_an_error_not_a_skip() {
    let err = Server::start(&ServerOptions::new().binary("/nonexistent/porchlight-server"))
        .expect_err("the binary does not exist");
    let message = err.to_string();
    assert!(
        message.contains("/nonexistent/porchlight-server does not exist"),
        "{message}"
    );
    assert!(
        message.contains("cargo build -p porchlight-server"),
        "{message}"
    );
}

#[test]
fn a_missing_app_build_is_an_error_not_a_skip() {
    // Any existing file will do as the binary: the dist check comes before starting it.
    let err = Server::start(
        &ServerOptions::new()
            .binary("/bin/sh")
            .dist("/nonexistent/dist"),
    )
    .expect_err("the app build does not exist");
    let message = err.to_string();
    assert!(
        message.contains("/nonexistent/dist has no index.html"),
        "{message}"
    );
    assert!(message.contains("trunk build --release"), "{message}");
}

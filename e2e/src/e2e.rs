use crate::browser::{Browser, Viewport};
use crate::chromedriver::ChromeDriver;
use crate::error::Result;
use crate::server::{Server, ServerOptions};

/// Everything one end-to-end test needs: the server on a fresh database, chromedriver
/// and a headless Chromium. Dropping it (also when a test panics) kills the processes.
#[derive(Debug)]
pub struct E2e {
    /// The browser; `None` only after [`E2e::finish`] took it.
    browser: Option<Browser>,
    /// The server under test.
    pub server: Server,
    // Declared after `browser` so the session is gone before its driver is killed.
    driver: ChromeDriver,
}

impl E2e {
    /// Starts the server (with `options`), chromedriver and Chromium at `viewport`.
    pub async fn start(options: ServerOptions, viewport: Viewport) -> Result<Self> {
        let server = Server::start(&options)?;
        let driver = ChromeDriver::start()?;
        let browser = Browser::start(&driver, viewport).await?;
        Ok(Self {
            browser: Some(browser),
            server,
            driver,
        })
    }

    /// The browser.
    pub fn browser(&self) -> &Browser {
        self.browser
            .as_ref()
            .expect("the browser is open until finish()")
    }

    /// The chromedriver (for its log).
    pub fn driver(&self) -> &ChromeDriver {
        &self.driver
    }

    /// Opens a path of the app, such as `/` or `/agencies/x`.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.browser().goto(&self.server.url_for(path)).await
    }

    /// Checks the app did not panic, then closes the browser session cleanly. The
    /// processes are killed when `self` drops at the end of this call.
    pub async fn finish(mut self) -> Result<()> {
        let browser = self.browser.take().expect("finish() is called once");
        let panics = browser.assert_no_panics().await;
        browser.close().await?;
        panics
    }
}

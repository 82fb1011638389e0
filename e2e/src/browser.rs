use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::chromedriver::ChromeDriver;
use crate::error::{HarnessError, Result};
use crate::paths::artifacts_dir;

/// How long the `wait_*` helpers wait unless told otherwise. Generous for a shared
/// 2-core CI machine, where the first load compiles a few hundred KB of wasm.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// How often the `wait_*` helpers look again.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// The Chromium binary: `CHROME_BIN`, default Debian's `/usr/bin/chromium`.
fn chromium_binary() -> String {
    std::env::var("CHROME_BIN")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "/usr/bin/chromium".to_owned())
}

/// The size of the page's viewport in CSS pixels (device pixel ratio 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// Width in CSS pixels.
    pub width: u32,
    /// Height in CSS pixels.
    pub height: u32,
}

impl Viewport {
    /// A common phone (iPhone 12–15 class), portrait.
    pub const PHONE: Viewport = Viewport {
        width: 390,
        height: 844,
    };
    /// A small laptop.
    pub const DESKTOP: Viewport = Viewport {
        width: 1280,
        height: 800,
    };
}

/// A headless Chromium session through chromedriver, with helpers that wait for the
/// page and explain what they saw when they give up.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    /// Chromium's profile, thrown away with the browser.
    _profile: TempDir,
    /// Console messages read so far (chromedriver hands each one out only once).
    console: Mutex<Vec<String>>,
    screenshots: Mutex<u32>,
}

impl Browser {
    /// Opens a fresh headless Chromium with a private profile and the given viewport.
    pub async fn start(driver: &ChromeDriver, viewport: Viewport) -> Result<Self> {
        let chromium = chromium_binary();
        if !std::path::Path::new(&chromium).is_file() {
            return Err(HarnessError::new(format!(
                "Chromium not found at {chromium}.\n\
                 Install it with `scripts/setup.sh --with-browser`, or point CHROME_BIN at it."
            )));
        }
        let profile = tempfile::Builder::new()
            .prefix("porchlight-chromium-")
            .tempdir()?;
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            // Without these Chromium keeps calling home over a network we do not have.
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--force-device-scale-factor=1".to_owned(),
            // The order of a date field's segments follows the language
            // (`input::type_datetime_local` types month, day, year).
            "--lang=en-US".to_owned(),
            format!("--window-size={},{}", viewport.width, viewport.height),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("json! of an object literal is an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(Capabilities::from_iter(capabilities))
            .connect(driver.url())
            .await
            .map_err(|e| {
                HarnessError::new(format!(
                    "{}\n--- chromedriver log ---\n{}",
                    HarnessError::from(e),
                    driver.log_tail()
                ))
            })?;
        let browser = Self {
            client,
            _profile: profile,
            console: Mutex::new(Vec::new()),
            screenshots: Mutex::new(0),
        };
        browser.set_viewport(viewport).await?;
        Ok(browser)
    }

    /// The underlying fantoccini client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Resizes the window so the page's viewport is exactly `viewport`.
    pub async fn set_viewport(&self, viewport: Viewport) -> Result<()> {
        let (w, h) = (viewport.width, viewport.height);
        self.client.set_window_size(w, h).await?;
        // The window may be larger than its viewport (scroll bars, frame): measure and
        // grow the window by the difference. A resize from another size may not have
        // reached the page at the first measure: measure again, a few times.
        for _ in 0..4 {
            let (iw, ih) = self.inner_size().await?;
            if (iw, ih) == (w, h) {
                return Ok(());
            }
            let (ow, oh) = self.client.get_window_size().await?;
            let (dw, dh) = (w as i64 - iw as i64, h as i64 - ih as i64);
            self.client
                .set_window_size((ow as i64 + dw) as u32, (oh as i64 + dh) as u32)
                .await?;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let got = self.inner_size().await?;
        if got != (w, h) {
            return Err(HarnessError::new(format!(
                "asked for a {w}×{h} viewport, the page reports {}×{}",
                got.0, got.1
            )));
        }
        Ok(())
    }

    async fn inner_size(&self) -> Result<(u32, u32)> {
        let v = self
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await?;
        let dim = |i: usize| v.get(i).and_then(Value::as_u64).unwrap_or(0) as u32;
        Ok((dim(0), dim(1)))
    }

    /// Navigates to an absolute URL and waits for the document to load (not for the
    /// app to render: use a `wait_*` helper for that).
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .map_err(|e| HarnessError::from(e).context(format!("opening {url}")))
    }

    /// The current URL.
    pub async fn current_url(&self) -> Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    /// Waits until an element matches the CSS selector, and returns it.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        self.wait_for_within(css, DEFAULT_TIMEOUT).await
    }

    /// [`Browser::wait_for`] with a timeout.
    pub async fn wait_for_within(&self, css: &str, timeout: Duration) -> Result<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => return Ok(element),
                Err(e) if e.is_no_such_element() => {}
                Err(e) => return Err(HarnessError::from(e).context(format!("finding `{css}`"))),
            }
            if Instant::now() >= deadline {
                return Err(self
                    .gave_up(&format!("no element matches `{css}`"), timeout)
                    .await);
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Waits until an element matching the CSS selector is displayed (has a size and is
    /// not hidden), and returns it.
    pub async fn wait_for_visible(&self, css: &str) -> Result<Element> {
        let deadline = Instant::now() + DEFAULT_TIMEOUT;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => match element.is_displayed().await {
                    Ok(true) => return Ok(element),
                    Ok(false) => {}
                    Err(e) if e.is_stale_element_reference() => {}
                    Err(e) => return Err(e.into()),
                },
                Err(e) if e.is_no_such_element() => {}
                Err(e) => return Err(HarnessError::from(e).context(format!("finding `{css}`"))),
            }
            if Instant::now() >= deadline {
                return Err(self
                    .gave_up(
                        &format!("no displayed element matches `{css}`"),
                        DEFAULT_TIMEOUT,
                    )
                    .await);
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Waits until an element matching the CSS selector contains `needle` in its
    /// rendered text, and returns it.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<Element> {
        let deadline = Instant::now() + DEFAULT_TIMEOUT;
        loop {
            match self.client.find_all(Locator::Css(css)).await {
                Ok(elements) => {
                    for element in elements {
                        match element.text().await {
                            Ok(text) if text.contains(needle) => return Ok(element),
                            Ok(_) => {}
                            Err(e) if e.is_stale_element_reference() => {}
                            Err(e) => return Err(e.into()),
                        }
                    }
                }
                Err(e) => return Err(HarnessError::from(e).context(format!("finding `{css}`"))),
            }
            if Instant::now() >= deadline {
                return Err(self
                    .gave_up(
                        &format!("no `{css}` contains the text {needle:?}"),
                        DEFAULT_TIMEOUT,
                    )
                    .await);
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Waits until the JavaScript expression (a read: it must change nothing) is truthy
    /// in the page, e.g.
    /// `document.querySelectorAll('.feed li').length >= 5`. `what` describes the
    /// condition for the error message.
    pub async fn wait_until(&self, what: &str, js_expression: &str) -> Result<()> {
        let script = format!("return Boolean({js_expression});");
        let deadline = Instant::now() + DEFAULT_TIMEOUT;
        loop {
            let value = self.client.execute(&script, vec![]).await.map_err(|e| {
                HarnessError::from(e).context(format!("evaluating `{js_expression}`"))
            })?;
            if value == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(self
                    .gave_up(
                        &format!("{what} (`{js_expression}` stayed false)"),
                        DEFAULT_TIMEOUT,
                    )
                    .await);
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Runs JavaScript in the page (a function body: `return …;`) and returns its value.
    /// For reading what the page shows or knows, never for changing it: the flows act
    /// through real input (`crate::input`).
    pub async fn eval(&self, script: &str) -> Result<Value> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|e| HarnessError::from(e).context(format!("running `{script}`")))
    }

    /// How many elements match the CSS selector right now.
    pub async fn count(&self, css: &str) -> Result<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// The rendered text of the whole page.
    pub async fn page_text(&self) -> Result<String> {
        let v = self
            .eval("return document.body ? document.body.innerText : '';")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Saves a PNG of the viewport as `e2e/artifacts/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let file: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let path = dir.join(format!("{file}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Every console message the page logged so far (level and text), oldest first.
    pub async fn console(&self) -> Result<Vec<String>> {
        let fresh = self.client.issue_cmd(ReadBrowserLog).await?;
        let mut all = self.console.lock().expect("console lock");
        if let Value::Array(entries) = fresh {
            for entry in entries {
                let level = entry.get("level").and_then(Value::as_str).unwrap_or("?");
                let message = entry.get("message").and_then(Value::as_str).unwrap_or("");
                all.push(format!("[{level}] {message}"));
            }
        }
        Ok(all.clone())
    }

    /// Fails when the app panicked or the wasm trapped: the panic hook writes
    /// "panicked at" to the console, a trap shows as a `RuntimeError`.
    pub async fn assert_no_panics(&self) -> Result<()> {
        let console = self.console().await?;
        let bad: Vec<&String> = console
            .iter()
            .filter(|m| m.contains("panicked at") || m.contains("RuntimeError"))
            .collect();
        if bad.is_empty() {
            Ok(())
        } else {
            Err(HarnessError::new(format!(
                "the app panicked or trapped:\n{}",
                bad.iter()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            )))
        }
    }

    /// Makes every request of this browser as slow as `network` (Chromium's own network
    /// emulation, through chromedriver): for first-load tests and benchmarks.
    pub async fn emulate_network(&self, network: Network) -> Result<()> {
        self.client.issue_cmd(SetNetworkConditions(network)).await?;
        Ok(())
    }

    /// Runs `source` in every page this browser opens from now on, before the page's
    /// own scripts (Chromium's `Page.addScriptToEvaluateOnNewDocument`, through
    /// chromedriver): for benchmarks that observe a page from its first moment. The
    /// observer must only read the page. Returns its identifier for
    /// [`Browser::stop_running_on_every_page`].
    pub async fn run_on_every_page(&self, source: &str) -> Result<String> {
        let answer = self
            .client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": source }),
            })
            .await?;
        answer["identifier"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| HarnessError::new(format!("no identifier in {answer}")))
    }

    /// Stops running a script given to [`Browser::run_on_every_page`].
    pub async fn stop_running_on_every_page(&self, identifier: &str) -> Result<()> {
        self.client
            .issue_cmd(Cdp {
                cmd: "Page.removeScriptToEvaluateOnNewDocument",
                params: json!({ "identifier": identifier }),
            })
            .await?;
        Ok(())
    }

    /// Sends a Chrome DevTools Protocol command (through chromedriver) and returns its
    /// answer: for Chromium's emulation of media features and the like.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value> {
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .map_err(|e| HarnessError::from(e).context(format!("CDP {cmd}")))
    }

    /// Prints the page as Chromium's "Save as PDF" does (`Page.printToPDF`: the print
    /// stylesheet, A4-ish Letter paper, no header or footer lines) and saves it as
    /// `e2e/artifacts/<name>.pdf`; returns its path.
    pub async fn print_pdf(&self, name: &str) -> Result<PathBuf> {
        let answer = self
            .cdp(
                "Page.printToPDF",
                json!({ "printBackground": false, "displayHeaderFooter": false }),
            )
            .await?;
        let data = answer["data"]
            .as_str()
            .ok_or_else(|| HarnessError::new(format!("no PDF in {answer}")))?;
        let pdf = decode_base64(data)
            .ok_or_else(|| HarnessError::new("the PDF is not base64".to_owned()))?;
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf)?;
        Ok(path)
    }

    /// Ends the WebDriver session, which closes Chromium.
    pub async fn close(self) -> Result<()> {
        Ok(self.client.close().await?)
    }

    /// Builds the error for a wait that timed out: what was expected, where the page
    /// is, what it shows and logged, and a screenshot.
    async fn gave_up(&self, expected: &str, timeout: Duration) -> HarnessError {
        let url = self
            .current_url()
            .await
            .unwrap_or_else(|e| format!("? ({e})"));
        let title = self.client.title().await.unwrap_or_default();
        let mut text = self
            .page_text()
            .await
            .unwrap_or_else(|e| format!("? ({e})"));
        if text.chars().count() > 1200 {
            text = text.chars().take(1200).collect::<String>() + "…";
        }
        let console = match self.console().await {
            Ok(lines) if lines.is_empty() => "(nothing)".to_owned(),
            Ok(lines) => lines.join("\n"),
            Err(e) => format!("? ({e})"),
        };
        let shot = {
            let mut n = self.screenshots.lock().expect("screenshot counter");
            *n += 1;
            let test = std::thread::current()
                .name()
                .unwrap_or("e2e")
                .replace("::", "-");
            format!("FAILED-{test}-{n}")
        };
        let shot = match self.screenshot(&shot).await {
            Ok(path) => path.display().to_string(),
            Err(e) => format!("(no screenshot: {e})"),
        };
        HarnessError::new(format!(
            "after {}s: {expected}\n  url: {url}\n  title: {title:?}\n  screenshot: {shot}\n\
             --- page text ---\n{text}\n--- browser console ---\n{console}",
            timeout.as_secs()
        ))
    }
}

/// A network to emulate: latency added to every request, and bandwidth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Network {
    /// What the profile is called in reports.
    pub name: &'static str,
    /// Added to every request, in milliseconds.
    pub latency_ms: u32,
    /// Download bandwidth in bytes per second.
    pub download_bytes_per_s: u32,
    /// Upload bandwidth in bytes per second.
    pub upload_bytes_per_s: u32,
}

impl Network {
    /// Lighthouse's mobile throttling ("slow 4G"): 150 ms round trips, 1.6 Mbit/s down,
    /// 750 kbit/s up.
    pub const SLOW_4G: Network = Network {
        name: "slow 4G (150 ms, 1.6 Mbit/s)",
        latency_ms: 150,
        download_bytes_per_s: 1_600_000 / 8,
        upload_bytes_per_s: 750_000 / 8,
    };
    /// Chrome DevTools' "3G" preset: 300 ms round trips, 780 kbit/s down, 330 kbit/s up.
    pub const SLOW_3G: Network = Network {
        name: "3G (300 ms, 780 kbit/s)",
        latency_ms: 300,
        download_bytes_per_s: 780_000 / 8,
        upload_bytes_per_s: 330_000 / 8,
    };
}

/// chromedriver's (non-W3C) endpoint for Chromium's network emulation.
#[derive(Debug)]
struct SetNetworkConditions(Network);

impl WebDriverCompatibleCommand for SetNetworkConditions {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/chromium/network_conditions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let Network {
            latency_ms,
            download_bytes_per_s,
            upload_bytes_per_s,
            ..
        } = self.0;
        let body = json!({ "network_conditions": {
            "offline": false,
            "latency": latency_ms,
            "download_throughput": download_bytes_per_s,
            "upload_throughput": upload_bytes_per_s,
        }});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// chromedriver's (non-W3C) endpoint for a Chrome DevTools Protocol command.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// chromedriver's (non-W3C) endpoint for the browser console, enabled by the
/// `goog:loggingPrefs` capability.
#[derive(Debug)]
struct ReadBrowserLog;

impl WebDriverCompatibleCommand for ReadBrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// Standard base64 (with padding, no line breaks) to bytes; `None` if malformed.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let produced = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&n.to_be_bytes()[1..1 + produced]);
    }
    Some(out)
}

#[cfg(test)]
mod base64_tests {
    #[test]
    fn decodes_padded_and_unpadded_base64() {
        assert_eq!(super::decode_base64("JVBERi0=").unwrap(), b"%PDF-");
        assert_eq!(super::decode_base64("TWFu").unwrap(), b"Man");
        assert_eq!(super::decode_base64("TWE=").unwrap(), b"Ma");
        assert!(super::decode_base64("T!==").is_none());
    }
}

//! Harness for the end-to-end tests: the real `porchlight-server` binary on a temporary
//! database, serving the real release build of the app, driven by a real headless
//! Chromium through chromedriver.
//!
//! A test starts everything with [`E2e::start`], drives the [`Browser`], and ends with
//! [`E2e::finish`]; dropping an [`E2e`] (also on panic) kills every process it started.

mod browser;
mod chromedriver;
pub mod demo;
mod e2e;
mod error;
mod http;
pub mod keys;
mod paths;
pub mod posting;
mod process;
mod server;
mod site;

pub use browser::{Browser, Network, Viewport, DEFAULT_TIMEOUT};
pub use chromedriver::ChromeDriver;
pub use e2e::E2e;
pub use error::{HarnessError, Result};
pub use http::{http_get, HttpResponse};
pub use paths::{artifacts_dir, copy_of_dist, workspace_root};
pub use server::{Server, ServerOptions};
pub use site::{open, BrowserAt, Site};

/// Re-exported so tests can use element handles and locators without naming the crate.
pub use fantoccini::{elements::Element, Locator};

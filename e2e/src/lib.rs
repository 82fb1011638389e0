//! Harness for the end-to-end tests: the real `porchlight-server` binary on a temporary
//! database, serving the real release build of the app, driven by a real headless
//! Chromium through chromedriver.
//!
//! A test starts everything with [`E2e::start`], drives the [`Browser`], and ends with
//! [`E2e::finish`]; dropping an [`E2e`] (also on panic) kills every process it started.
//!
//! The deployment of several instances (`tests/instances.rs`) puts servers on one
//! PostgreSQL [`TestDatabase`] behind a [`Balancer`] running `deploy/haproxy.cfg`.

pub mod a11y;
mod api;
pub mod audit;
mod balancer;
mod browser;
mod chromedriver;
pub mod demo;
mod draft;
mod e2e;
mod error;
mod http;
pub mod input;
pub mod keys;
pub mod mail;
pub mod map_page;
mod paths;
mod postgres;
pub mod posting;
mod process;
mod server;
mod site;

pub use api::Api;
pub use balancer::Balancer;
pub use browser::{Browser, Network, Viewport, DEFAULT_TIMEOUT};
pub use chromedriver::ChromeDriver;
pub use draft::valid_draft;
pub use e2e::E2e;
pub use error::{HarnessError, Result};
pub use http::{http_get, http_request, HttpResponse};
pub use paths::{artifacts_dir, copy_of_dist, workspace_root};
pub use postgres::{Roles, TestDatabase, TEST_POSTGRES_VAR};
pub use server::{Server, ServerOptions};
pub use site::{open, BrowserAt, Site};

/// Re-exported so tests can use element handles and locators without naming the crate.
pub use fantoccini::{elements::Element, Locator};

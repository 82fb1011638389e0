use crate::browser::Browser;
use crate::e2e::E2e;
use crate::error::Result;

/// Where a test's browser opens the app: one server ([`E2e`]), or a load balancer in
/// front of several ([`BrowserAt`]). The shared flows (`posting`) take any of them.
pub trait Site {
    /// The browser.
    fn browser(&self) -> &Browser;

    /// The absolute URL of a path such as `/agencies/x`.
    fn url_for(&self, path: &str) -> String;
}

impl Site for E2e {
    fn browser(&self) -> &Browser {
        E2e::browser(self)
    }

    fn url_for(&self, path: &str) -> String {
        self.server.url_for(path)
    }
}

/// A browser on the app at any base URL, e.g. `http://127.0.0.1:41234` (no trailing
/// slash).
#[derive(Debug, Clone, Copy)]
pub struct BrowserAt<'a> {
    /// The browser.
    pub browser: &'a Browser,
    /// The app's base URL.
    pub base_url: &'a str,
}

impl Site for BrowserAt<'_> {
    fn browser(&self) -> &Browser {
        self.browser
    }

    fn url_for(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// Opens a path of the app, such as `/` or `/agencies/x`.
pub async fn open(site: &impl Site, path: &str) -> Result<()> {
    site.browser().goto(&site.url_for(path)).await
}

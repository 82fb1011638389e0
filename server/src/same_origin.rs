//! Refuses state-changing requests that a browser sent from another site's page: defence
//! in depth beside the session cookie's `SameSite=Strict` (which a sibling subdomain
//! gets past: it is the same *site*) and the API's JSON-only bodies (which a browser
//! will not send cross-origin without a CORS preflight the server never grants).
//!
//! "Our own origin" is the `--public-url` when it is set. Without it the server does not
//! know the name it is reached by (127.0.0.1:8080, a name on the local network, a proxy
//! that passes `Host` on), so it takes the request's own `Host`: a page on another site
//! can make the browser send a request here, but the browser then writes our host in
//! `Host` and the other site in `Origin`, and neither can be changed by the page.
//! Requests without `Origin` (curl, API clients, server to server) are not a browser
//! acting for a page, and pass.

use std::fmt;
use std::str::FromStr;

use axum::extract::{Request, State};
use axum::http::uri::{Authority, Scheme};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// A web origin: scheme, host and port, the scheme's default port when none is written.
///
/// ```
/// use porchlight_server::same_origin::WebOrigin;
/// let origin: WebOrigin = "https://Porchlight.Example/".parse().unwrap();
/// assert_eq!(origin.to_string(), "https://porchlight.example");
/// assert!(origin.is_https());
/// assert_eq!(origin, "https://porchlight.example:443".parse().unwrap());
/// assert!("https://porchlight.example/town".parse::<WebOrigin>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebOrigin {
    https: bool,
    /// Lower case; an IPv6 address keeps its brackets.
    host: String,
    port: u16,
}

impl WebOrigin {
    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.https
    }

    fn default_port(https: bool) -> u16 {
        if https {
            443
        } else {
            80
        }
    }

    /// Whether `authority` (a `Host` header, or an HTTP/2 request's `:authority`) names
    /// this origin's host and port; an authority without a port means the scheme's
    /// default.
    fn has_authority(&self, authority: &Authority) -> bool {
        !authority.as_str().contains('@')
            && authority.host().eq_ignore_ascii_case(&self.host)
            && authority
                .port_u16()
                .unwrap_or(Self::default_port(self.https))
                == self.port
    }
}

impl FromStr for WebOrigin {
    type Err = String;

    /// `http[s]://host[:port]`, with at most a trailing `/`: what a browser sends as
    /// `Origin`, and what `--public-url` takes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const EXPECTED: &str = "expected an origin, http[s]://host[:port], without a path";
        let uri: Uri = s.trim().parse().map_err(|_| EXPECTED.to_owned())?;
        let https = match uri.scheme() {
            Some(scheme) if *scheme == Scheme::HTTPS => true,
            Some(scheme) if *scheme == Scheme::HTTP => false,
            _ => return Err(EXPECTED.to_owned()),
        };
        let Some(authority) = uri.authority() else {
            return Err(EXPECTED.to_owned());
        };
        let bare = matches!(uri.path_and_query().map(|p| p.as_str()), None | Some("/"));
        if !bare || authority.host().is_empty() || authority.as_str().contains('@') {
            return Err(EXPECTED.to_owned());
        }
        Ok(WebOrigin {
            https,
            host: authority.host().to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(Self::default_port(https)),
        })
    }
}

impl fmt::Display for WebOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        write!(f, "{scheme}://{}", self.host)?;
        if self.port != Self::default_port(self.https) {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

/// Methods that change nothing; every other method (POST, PUT, PATCH, DELETE and any
/// unknown one) is checked.
fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Whether a request may go on: `Ok` unless it changes state and a browser says it
/// comes from a page of another origin (`Origin`) or another site (`Sec-Fetch-Site`).
///
/// `public` is the `--public-url`; without it our origin is the request's `Host` (or
/// HTTP/2 `:authority`, in `uri`), with the scheme the `Origin` names.
pub fn check(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    public: Option<&WebOrigin>,
) -> Result<(), AppError> {
    if is_safe(method) {
        return Ok(());
    }
    // `same-site` too: a sibling subdomain is the same site (its requests carry
    // SameSite=Strict cookies) but another origin.
    if let Some(site) = headers.get("sec-fetch-site") {
        if site == "cross-site" || site == "same-site" {
            return Err(refused());
        }
    }
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let Some(origin) = origins.next() else {
        return Ok(());
    };
    if origins.next().is_some() {
        return Err(refused());
    }
    // `null` (a sandboxed frame, a privacy-sensitive redirect) is no origin of ours.
    let Some(origin) = origin
        .to_str()
        .ok()
        .and_then(|o| o.parse::<WebOrigin>().ok())
    else {
        return Err(refused());
    };
    let ours = match public {
        Some(public) => origin == *public,
        None => own_authority(uri, headers).is_some_and(|host| origin.has_authority(&host)),
    };
    if ours {
        Ok(())
    } else {
        Err(refused())
    }
}

/// The authority the client addressed: `Host`, or the URI's (HTTP/2).
fn own_authority(uri: &Uri, headers: &HeaderMap) -> Option<Authority> {
    match headers.get(header::HOST) {
        Some(host) => host.to_str().ok()?.parse().ok(),
        None => uri.authority().cloned(),
    }
}

/// 403 `cross_origin_refused`.
pub fn refused() -> AppError {
    AppError::new(
        StatusCode::FORBIDDEN,
        "cross_origin_refused",
        "This request came from another website's page, so it was refused. \
         Open Porchlight itself to do this.",
    )
}

/// Middleware: [`check`] against the configured `--public-url`.
pub async fn refuse_cross_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let public = state.config.public_origin.as_ref();
    match check(request.method(), request.uri(), request.headers(), public) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn allowed(
        method: Method,
        pairs: &[(&'static str, &'static str)],
        public: Option<&str>,
    ) -> bool {
        let public = public.map(|p| p.parse::<WebOrigin>().unwrap());
        let uri: Uri = "/api/v1/auth/login".parse().unwrap();
        check(&method, &uri, &headers(pairs), public.as_ref()).is_ok()
    }

    #[test]
    fn origins_parse_as_browsers_write_them() {
        let o: WebOrigin = "http://127.0.0.1:8080".parse().unwrap();
        assert_eq!(o.to_string(), "http://127.0.0.1:8080");
        assert!(!o.is_https());
        let v6: WebOrigin = "http://[::1]:3000".parse().unwrap();
        assert_eq!(v6.to_string(), "http://[::1]:3000");
        assert_eq!(
            "http://example.org:80".parse::<WebOrigin>().unwrap(),
            "http://example.org".parse::<WebOrigin>().unwrap()
        );
        assert_ne!(
            "http://example.org".parse::<WebOrigin>().unwrap(),
            "https://example.org".parse::<WebOrigin>().unwrap()
        );
        for bad in [
            "null",
            "",
            "example.org",
            "ftp://example.org",
            "https://example.org/path",
            "https://example.org/?q",
            "https://user@example.org",
            "https://",
        ] {
            assert!(bad.parse::<WebOrigin>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn without_a_public_url_the_host_is_ours() {
        let same = [
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ];
        assert!(allowed(Method::POST, &same, None));
        let default_port = [
            ("host", "porchlight.example"),
            ("origin", "https://Porchlight.example"),
        ];
        assert!(allowed(Method::DELETE, &default_port, None));
        for foreign in [
            [
                ("host", "127.0.0.1:8080"),
                ("origin", "http://127.0.0.1:9999"),
            ],
            [
                ("host", "127.0.0.1:8080"),
                ("origin", "http://evil.example"),
            ],
            [
                ("host", "porchlight.example"),
                ("origin", "https://porchlight.example.evil.example"),
            ],
            [
                ("host", "porchlight.example"),
                ("origin", "https://porchlight.example:8443"),
            ],
            [("host", "porchlight.example"), ("origin", "null")],
        ] {
            assert!(!allowed(Method::POST, &foreign, None), "{foreign:?}");
            // Reads are never refused.
            assert!(allowed(Method::GET, &foreign, None));
            assert!(allowed(Method::HEAD, &foreign, None));
        }
        // No Host to compare with: refused rather than guessed.
        assert!(!allowed(
            Method::POST,
            &[("origin", "http://127.0.0.1:8080")],
            None
        ));
    }

    #[test]
    fn a_public_url_is_our_only_origin() {
        let public = Some("https://porchlight.example");
        assert!(allowed(
            Method::POST,
            &[
                ("host", "10.0.0.5:8080"),
                ("origin", "https://porchlight.example")
            ],
            public
        ));
        // The Host the server sees does not matter then: the proxy may rewrite it.
        assert!(!allowed(
            Method::POST,
            &[
                ("host", "10.0.0.5:8080"),
                ("origin", "http://10.0.0.5:8080")
            ],
            public
        ));
        assert!(!allowed(
            Method::PUT,
            &[
                ("host", "porchlight.example"),
                ("origin", "http://porchlight.example")
            ],
            public
        ));
    }

    #[test]
    fn no_origin_is_a_client_that_is_not_a_page() {
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(allowed(method.clone(), &[("host", "127.0.0.1:8080")], None));
            assert!(allowed(method, &[], Some("https://porchlight.example")));
        }
    }

    #[test]
    fn fetch_metadata_from_another_site_is_refused() {
        let host = ("host", "127.0.0.1:8080");
        assert!(!allowed(
            Method::POST,
            &[host, ("sec-fetch-site", "cross-site")],
            None
        ));
        assert!(!allowed(
            Method::POST,
            &[host, ("sec-fetch-site", "same-site")],
            None
        ));
        assert!(allowed(
            Method::POST,
            &[host, ("sec-fetch-site", "same-origin")],
            None
        ));
        assert!(allowed(
            Method::POST,
            &[host, ("sec-fetch-site", "none")],
            None
        ));
        assert!(allowed(
            Method::GET,
            &[host, ("sec-fetch-site", "cross-site")],
            None
        ));
    }

    #[test]
    fn unknown_methods_are_checked_and_two_origins_are_refused() {
        let foreign = [
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example"),
        ];
        let purge = Method::from_bytes(b"PURGE").unwrap();
        assert!(!allowed(purge, &foreign, None));
        let twice = [
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
            ("origin", "http://evil.example"),
        ];
        assert!(!allowed(Method::POST, &twice, None));
    }
}

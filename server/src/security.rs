//! Security headers on every response, with a Content-Security-Policy built at start-up
//! from the app's `index.html` (hashes of its inline scripts) and the tile origin.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers added to every response.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SecurityHeaders {
    /// Builds the headers for an app whose `index.html` is `index_html` (if built) and
    /// whose map loads tiles from `tile_url` (if any).
    pub fn new(index_html: Option<&str>, tile_url: Option<&str>, https: bool) -> Self {
        let csp = content_security_policy(index_html, tile_url);
        let mut headers = vec![
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_str(&csp).expect("CSP is ASCII"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
            (
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static(
                    "geolocation=(self), camera=(), microphone=(), interest-cohort=()",
                ),
            ),
        ];
        if https {
            headers.push((
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            ));
        }
        SecurityHeaders { headers }
    }

    /// The Content-Security-Policy value.
    pub fn csp(&self) -> &str {
        self.headers[0].1.to_str().unwrap_or_default()
    }
}

/// Middleware: sets the security headers on the response (replacing any earlier value).
pub async fn add_security_headers(
    State(headers): State<std::sync::Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let target = response.headers_mut();
    for (name, value) in &headers.headers {
        target.insert(name.clone(), value.clone());
    }
    response
}

/// `default-src 'self'`, scripts only from us (plus the hashed inline loader and
/// `'wasm-unsafe-eval'` to compile the wasm), no inline styles or scripts otherwise,
/// images also from the tile server, never framed.
pub fn content_security_policy(index_html: Option<&str>, tile_url: Option<&str>) -> String {
    let mut script_src = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    let mut style_src = vec!["'self'".to_owned()];
    if let Some(html) = index_html {
        script_src.extend(
            inline_element_texts(html, "script")
                .iter()
                .map(|t| sha256_source(t)),
        );
        style_src.extend(
            inline_element_texts(html, "style")
                .iter()
                .map(|t| sha256_source(t)),
        );
    }
    let mut img_src = vec!["'self'".to_owned(), "data:".to_owned()];
    if let Some(origin) = tile_url.and_then(tile_origin) {
        img_src.push(origin);
    }
    [
        "default-src 'self'".to_owned(),
        format!("script-src {}", script_src.join(" ")),
        format!("style-src {}", style_src.join(" ")),
        format!("img-src {}", img_src.join(" ")),
        "connect-src 'self'".to_owned(),
        "font-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ")
}

fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The texts of inline `<tag>` elements (those without a `src` attribute), exactly as
/// written between the tags: that is what the browser hashes.
pub fn inline_element_texts(html: &str, tag: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find(&open).map(|i| i + at) {
        let after_name = start + open.len();
        // `<scripts>` or `<style-x>` are other elements.
        match lower.as_bytes().get(after_name) {
            Some(b'>') | Some(b' ') | Some(b'\t') | Some(b'\n') | Some(b'\r') | Some(b'/') => {}
            _ => {
                at = after_name;
                continue;
            }
        }
        let Some(tag_end) = lower[after_name..].find('>').map(|i| i + after_name) else {
            break;
        };
        let attributes = &lower[after_name..tag_end];
        let Some(body_end) = lower[tag_end..].find(&close).map(|i| i + tag_end) else {
            break;
        };
        if !has_src_attribute(attributes) {
            found.push(html[tag_end + 1..body_end].to_owned());
        }
        at = body_end + close.len();
    }
    found
}

fn has_src_attribute(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a == "src" || a.starts_with("src="))
}

/// `https://{s}.tile.example.org:8443/{z}/{x}/{y}.png` → `https://*.tile.example.org:8443`.
pub fn tile_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    if host.is_empty() || !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = host.replace("{s}", "*");
    if host.contains(['{', '}', ' ', ';', '\'', ',']) {
        return None;
    }
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_LIKE: &str = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/app-1a2b.js">
<script type="module">
import init, * as bindings from '/app-1a2b.js';
window.wasmBindings = bindings;
init('/app-1a2b_bg.wasm');
</script>
<script src="/other.js"></script>
<STYLE>body{margin:0}</STYLE>
</head><body></body></html>"#;

    #[test]
    fn finds_inline_scripts_only() {
        let scripts = inline_element_texts(TRUNK_LIKE, "script");
        assert_eq!(scripts.len(), 1);
        assert!(scripts[0].starts_with("\nimport init"));
        assert!(scripts[0].ends_with("init('/app-1a2b_bg.wasm');\n"));
        assert_eq!(
            inline_element_texts(TRUNK_LIKE, "style"),
            vec!["body{margin:0}".to_owned()]
        );
    }

    #[test]
    fn hash_matches_a_known_value() {
        // `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            sha256_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn policy_has_no_unsafe_inline_and_allows_tiles() {
        let csp = content_security_policy(
            Some(TRUNK_LIKE),
            Some("https://{s}.tile.example.org/{z}/{x}/{y}.png"),
        );
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"));
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(csp.contains("img-src 'self' data: https://*.tile.example.org"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(csp.matches("'sha256-").count(), 2);
        let no_tiles = content_security_policy(None, None);
        assert!(no_tiles.contains("img-src 'self' data:;"));
    }

    #[test]
    fn tile_origins() {
        assert_eq!(
            tile_origin(crate::config::DEFAULT_TILE_URL).as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            tile_origin("http://127.0.0.1:9000/t/{z}/{x}/{y}.png").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(tile_origin("javascript:alert(1)"), None);
    }
}

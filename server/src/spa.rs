//! Serves the built app from `--dist`, answering deep links with `index.html`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The app's files, and its `index.html` read once at start-up.
#[derive(Debug, Clone)]
pub struct AppFiles {
    dir: PathBuf,
    index_html: Option<Arc<str>>,
}

impl AppFiles {
    /// Reads `dist/index.html`; a missing build is logged, not fatal (the API still works).
    pub fn load(dir: &Path) -> AppFiles {
        let index_html = match std::fs::read_to_string(dir.join("index.html")) {
            Ok(html) => Some(Arc::from(html)),
            Err(err) => {
                tracing::warn!(
                    "no app build at {}: {err}; serving the API only",
                    dir.display()
                );
                None
            }
        };
        AppFiles {
            dir: dir.to_owned(),
            index_html,
        }
    }

    /// The text of `index.html`, if the app is built.
    pub fn index_html(&self) -> Option<&str> {
        self.index_html.as_deref()
    }
}

/// Fallback handler for every non-API path.
pub async fn serve_app(State(files): State<Arc<AppFiles>>, request: Request) -> Response {
    let Some(index_html) = files.index_html.clone() else {
        return not_built();
    };
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = request.uri().path().to_owned();
    let is_head = request.method() == Method::HEAD;
    let served = ServeDir::new(&files.dir)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(request)
        .await
        .map(|r| r.map(Body::new));
    let response = match served {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let last_segment = path.rsplit('/').next().unwrap_or("");
    if response.status() == StatusCode::NOT_FOUND && !last_segment.contains('.') {
        // A deep link such as /agencies/x: the app's router decides what it shows.
        let body = if is_head {
            Body::empty()
        } else {
            Body::from(index_html.to_string())
        };
        return html_response(StatusCode::OK, body);
    }
    let mut response = response;
    if response.status().is_success() {
        let policy = if is_content_hashed(last_segment) {
            // A new build gives changed files new names: keep this one forever.
            "public, max-age=31536000, immutable"
        } else {
            // index.html, the whole app's build (named for the loader to find) and
            // copied files keep their names across builds: always revalidate.
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// True for a file Trunk named after its content: `name-<hash>.ext`, the hash a 64-bit
/// number in hex without leading zeros (`porchlight-map-71142bf2d42d2000_bg.wasm`,
/// `porchlight-map-eb4844b607e629b.js`). Fewer than 12 digits is read as a word
/// (`leaflet-face.css`): such a file is revalidated rather than cached for good.
fn is_content_hashed(file_name: &str) -> bool {
    let stem = file_name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty()
            && (12..=16).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn html_response(status: StatusCode, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn not_built() -> Response {
    html_response(
        StatusCode::SERVICE_UNAVAILABLE,
        Body::from(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Porchlight: app not built</title></head>\
             <body><h1>The Porchlight app is not built</h1>\
             <p>The server found no <code>index.html</code> in its <code>--dist</code> directory. \
             Build the app with <code>trunk build --release</code> (or use the README's run command) \
             and start the server again. The API under <code>/api/v1/</code> works meanwhile.</p></body></html>",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn recognises_trunk_content_hashes() {
        for hashed in [
            "porchlight-map-71142bf2d42d2000_bg.wasm",
            "porchlight-map-71142bf2d42d2000.js",
            "porchlight-map-eb4844b607e629b.js",
            "main-ec9c359e3fd07a21.css",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "index.html",
            "porchlight-app.js",
            "porchlight-app_bg.wasm",
            "leaflet.js",
            "favicon.svg",
            "-ec9c359e3fd07a21.css",
            "main-ec9c359e3fd07a211.css",
            "main-ec9c359e3fd07a2g.css",
            "leaflet-face.css",
            "",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}

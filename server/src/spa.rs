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
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        // index.html names the hashed assets of the current build: always revalidate.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
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

//! A fresh app per test: a temporary directory with the SQLite file and a fake build.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use porchlight_server::{app, AppState, Config, Db};
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

/// A minimal Trunk-like build: one inline loader script, one external script.
pub const INDEX_HTML: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Porchlight</title>\
<script type=\"module\">import init from '/porchlight-app-abc.js';init('/porchlight-app-abc_bg.wasm');</script>\
</head><body></body></html>";

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub _dir: TempDir,
}

impl TestApp {
    /// A fresh database and an app build in `dist/`.
    pub async fn new() -> TestApp {
        Self::with_dist(true).await
    }

    /// A fresh database; `built` decides whether `dist/index.html` exists.
    pub async fn with_dist(built: bool) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let dist = dir.path().join("dist");
        if built {
            std::fs::create_dir_all(dist.join("assets")).unwrap();
            std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
            std::fs::write(dist.join("assets/app.css"), "body{margin:0}").unwrap();
        }
        let db = Db::open(&dir.path().join("test.db")).await.expect("open db");
        let state = AppState::new(db, Config::for_tests(dist));
        let router = app(state.clone());
        TestApp { state, router, _dir: dir }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, None, None).await
    }

    /// Sends a request; `body` is sent as JSON.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>, cookie: Option<&str>) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        let request = match body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string()))
                .unwrap(),
            None => builder.body(Body::empty()).unwrap(),
        };
        self.raw(request).await
    }

    /// Sends a hand-built request.
    pub async fn raw(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        TestResponse { status, headers, bytes }
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the API's error shape and returns the first error's code.
    pub fn error_code(&self) -> String {
        let json = self.json();
        let code = json["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {json}"));
        let errors = json["errors"].as_array().unwrap_or_else(|| panic!("no errors array in {json}"));
        assert!(!errors.is_empty(), "empty errors in {json}");
        assert_eq!(errors[0], json["error"], "errors[0] must repeat error");
        assert!(json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "no message in {json}");
        code.to_owned()
    }
}

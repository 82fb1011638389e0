//! Health, config, the app with deep links, JSON 404s and security headers.

use axum::http::{Method, StatusCode};
use porchlight_server::db::sqlite::SqliteStore;

use crate::support::{TestApp, INDEX_HTML};

#[tokio::test]
async fn health_is_ok() {
    let app = TestApp::new().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json(), serde_json::json!({"status": "ok"}));
    assert!(response
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
}

/// About SQLite only: a SQLite file on the PostgreSQL run too.
#[tokio::test]
async fn sqlite_database_uses_wal_and_foreign_keys() {
    let app = TestApp::sqlite().await;
    let sqlite = app
        .state
        .db
        .as_any()
        .downcast_ref::<SqliteStore>()
        .expect("a SQLite store");
    assert_eq!(sqlite.journal_mode().await.unwrap(), "wal");
    assert!(sqlite.foreign_keys().await.unwrap());
}

#[tokio::test]
async fn health_says_when_the_database_does_not_answer() {
    let app = TestApp::new().await;
    app.state.db.close().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.json()["error"]["code"], "database_unavailable");
}

#[tokio::test]
async fn config_comes_from_the_configuration() {
    let app = TestApp::new().await;
    let json = app.get("/api/v1/config").await.json();
    assert_eq!(json["tile_url"], serde_json::Value::Null);
    assert_eq!(json["default_view"]["lat"], 45.5152);
    assert_eq!(json["default_view"]["lng"], -122.6784);
    assert_eq!(json["default_view"]["zoom"], 13.0);
    assert_eq!(json["tile_attribution"], "© OpenStreetMap contributors");
}

#[tokio::test]
async fn deep_links_get_the_app() {
    let app = TestApp::new().await;
    for path in ["/", "/agencies/x", "/requests/new", "/no/such/page"] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert_eq!(response.text(), INDEX_HTML, "{path}");
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(response.header("cache-control"), Some("no-cache"), "{path}");
    }
    let css = app.get("/assets/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.text(), "body{margin:0}");
    // Files without a content hash in their name may change under the same name.
    assert_eq!(css.header("cache-control"), Some("no-cache"));
    let dist = app.state.config.dist.clone();
    std::fs::write(
        dist.join("porchlight-map-71142bf2d42d2000_bg.wasm"),
        b"\0asm",
    )
    .unwrap();
    let hashed = app.get("/porchlight-map-71142bf2d42d2000_bg.wasm").await;
    assert_eq!(hashed.status, StatusCode::OK);
    assert_eq!(
        hashed.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // A missing asset is a 404, not HTML the browser would try to run as JS.
    assert_eq!(
        app.get("/assets/missing.js").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let app = TestApp::new().await;
    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/nothing",
        "/api/v2/health",
        "/api/v1/health/x",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.error_code(), "not_found", "{path}");
    }
    let post = app
        .send(
            Method::POST,
            "/api/v1/nothing",
            Some(serde_json::json!({})),
            None,
        )
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    assert_eq!(post.error_code(), "not_found");
}

#[tokio::test]
async fn wrong_method_on_a_known_path_is_a_json_405() {
    let app = TestApp::new().await;
    let response = app
        .send(
            Method::POST,
            "/api/v1/health",
            Some(serde_json::json!({})),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn missing_build_gives_a_clear_503() {
    let app = TestApp::with_dist(false).await;
    let response = app.get("/agencies").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().contains("The Porchlight app is not built"));
    // The API keeps working.
    assert_eq!(app.get("/api/v1/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let app = TestApp::new().await;
    for path in [
        "/",
        "/agencies/x",
        "/assets/app.css",
        "/api/v1/health",
        "/api/v1/nothing",
        "/assets/missing.js",
    ] {
        let response = app.get(path).await;
        let csp = response
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("no CSP on {path}"));
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            response.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn csp_allows_exactly_the_inline_loader_by_hash() {
    use base64::Engine;
    use sha2::Digest;
    let app = TestApp::new().await;
    let csp = app
        .get("/")
        .await
        .header("content-security-policy")
        .unwrap()
        .to_owned();
    let loader = "import init from '/porchlight-app-abc.js';init('/porchlight-app-abc_bg.wasm');";
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader));
    let script_src = csp
        .split("; ")
        .find(|d| d.starts_with("script-src "))
        .unwrap();
    assert_eq!(
        script_src,
        format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'")
    );
}

#[tokio::test]
async fn assets_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::new().await;
    let script = "export function greet() { return 'porchlight'; }\n".repeat(200);
    let dist = app.state.config.dist.clone();
    std::fs::write(dist.join("app.js"), &script).unwrap();
    let request = |encoding: Option<&str>| {
        let mut builder = axum::http::Request::builder().uri("/app.js");
        if let Some(e) = encoding {
            builder = builder.header("accept-encoding", e);
        }
        builder.body(axum::body::Body::empty()).unwrap()
    };
    let plain = app.raw(request(None)).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), script);
    let br = app.raw(request(Some("gzip, deflate, br"))).await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert!(
        br.bytes.len() * 10 < script.len(),
        "{} bytes",
        br.bytes.len()
    );
    assert!(br.header("content-security-policy").is_some());
    let gz = app.raw(request(Some("gzip"))).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    // A file the build precompressed is sent as it is.
    std::fs::write(dist.join("app.js.br"), b"precompressed").unwrap();
    let pre = app.raw(request(Some("br"))).await;
    assert_eq!(pre.header("content-encoding"), Some("br"));
    assert_eq!(pre.bytes, b"precompressed");
}

//! The app over a database, asked in-process as a browser would.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use porchlight_server::{app, AppState, Config, Db};
use serde_json::{json, Value};
use tower::ServiceExt;

/// The app over a database, asked in-process.
pub struct TestClient {
    app: axum::Router,
}

impl TestClient {
    pub fn new(db: Db) -> TestClient {
        let state = AppState::new(db, Config::for_tests("/nonexistent-dist".into()));
        TestClient { app: app(state) }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> (StatusCode, Value, Option<String>) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let set_cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_owned());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, json, set_cookie)
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> (StatusCode, Value) {
        let (status, body, _) = self.send(Method::GET, path, None, cookie).await;
        (status, body)
    }

    /// Signs in with a password; returns the session's `Cookie` header value.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let (status, body, set_cookie) = self
            .send(
                Method::POST,
                "/api/v1/auth/login",
                Some(json!({ "email": email, "password": password })),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "sign-in as {email}: {body}");
        let set_cookie = set_cookie.expect("a session cookie");
        set_cookie.split(';').next().unwrap().to_owned()
    }
}

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::error::{HarnessError, Result};
use crate::http::{http_request, HttpResponse};

/// The JSON API (`api/openapi.yaml`) over plain HTTP, outside the browser, optionally
/// signed in. Blocking, one connection a call: many of them on threads make a burst.
#[derive(Debug, Clone)]
pub struct Api {
    base: String,
    cookie: Option<String>,
}

impl Api {
    /// Signed out, at a base URL such as `http://127.0.0.1:41234`.
    pub fn new(base: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            cookie: None,
        }
    }

    /// Signs in (`POST /api/v1/auth/login`) and keeps the session cookie.
    pub fn sign_in(base: impl Into<String>, email: &str, password: &str) -> Result<Self> {
        let api = Self::new(base);
        let body = json!({ "email": email, "password": password });
        let response = api.post("/api/v1/auth/login", &body)?;
        if response.status != 200 {
            return Err(HarnessError::new(format!(
                "signing in as {email}: {} {}",
                response.status, response.body
            )));
        }
        let cookie = response
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .ok_or_else(|| HarnessError::new(format!("signing in as {email}: no Set-Cookie")))?;
        Ok(Self {
            cookie: Some(cookie.to_owned()),
            ..api
        })
    }

    /// The same session on another base URL: another instance, or the balancer.
    pub fn at(&self, base: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            cookie: self.cookie.clone(),
        }
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `GET path`, whatever the status.
    pub fn get(&self, path: &str) -> Result<HttpResponse> {
        self.send("GET", path, None)
    }

    /// `GET path`, which must answer 200 with JSON of type `T`.
    pub fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let response = self.get(path)?;
        if response.status != 200 {
            return Err(HarnessError::new(format!(
                "GET {}{path}: {} {}",
                self.base, response.status, response.body
            )));
        }
        serde_json::from_str(&response.body).map_err(|e| {
            HarnessError::new(format!("GET {}{path}: {e} in {}", self.base, response.body))
        })
    }

    /// `POST path` with a JSON body, whatever the status.
    pub fn post(&self, path: &str, body: &Value) -> Result<HttpResponse> {
        self.send("POST", path, Some(&body.to_string()))
    }

    fn send(&self, method: &str, path: &str, body: Option<&str>) -> Result<HttpResponse> {
        let mut headers = vec![("Accept", "application/json")];
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        if let Some(cookie) = &self.cookie {
            headers.push(("Cookie", cookie));
        }
        http_request(method, &format!("{}{path}", self.base), &headers, body)
    }
}

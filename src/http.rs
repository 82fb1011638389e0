//! The browser's `fetch`, called directly through `web_sys`: one [`Call`] is one HTTP
//! request. The API client (`api.rs`) is its only user.
//!
//! Why not `gloo-net`: its error type carries `serde_json` and `std::io` errors, whose
//! messages and formatting code then ship in every build, the map page's included.

use std::fmt::Write as _;

use js_sys::{Object, Reflect};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit, Response};

/// Why a call got no response.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The call was cancelled through its abort signal.
    Aborted,
    /// No answer: offline, server down, blocked (the browser's message).
    Network(String),
    /// The body could not be encoded as JSON.
    Encode(String),
}

/// One HTTP request to be sent: method, URL with its query string, and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    method: &'static str,
    url: String,
    body: Option<String>,
}

impl Call {
    /// A request without a body.
    pub fn new(method: &'static str, url: String) -> Call {
        Call { method, url, body: None }
    }

    /// Appends `key=value` pairs to the URL, each percent-encoded.
    pub fn query<'a>(mut self, params: impl IntoIterator<Item = (&'a str, String)>) -> Call {
        for (i, (key, value)) in params.into_iter().enumerate() {
            let separator = if i == 0 && !self.url.contains('?') { '?' } else { '&' };
            let _ = write!(self.url, "{separator}{}={}", encode(key), encode(&value));
        }
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: &impl Serialize) -> Result<Call, FetchError> {
        self.body = Some(serde_json::to_string(body).map_err(|e| FetchError::Encode(e.to_string()))?);
        Ok(self)
    }

    /// Sends the request (same-origin credentials, so the session cookie goes along) and
    /// waits for the response's status and headers.
    pub async fn send(self, signal: Option<&AbortSignal>) -> Result<Response, FetchError> {
        let init = RequestInit::new();
        init.set_method(self.method);
        let headers = Object::new();
        set(&headers, "Accept", "application/json");
        if let Some(body) = &self.body {
            set(&headers, "Content-Type", "application/json");
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        if let Some(signal) = signal {
            init.set_signal(Some(signal));
        }
        let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".to_owned()))?;
        let answer = JsFuture::from(window.fetch_with_str_and_init(&self.url, &init)).await;
        match answer {
            Ok(response) => {
                response.dyn_into::<Response>().map_err(|_| FetchError::Network("not a response".to_owned()))
            }
            Err(error) => Err(rejection(&error)),
        }
    }
}

/// What a rejected `fetch` means: an `AbortError` is our own cancellation; anything
/// else (a `TypeError`, usually) is the network.
fn rejection(error: &JsValue) -> FetchError {
    let text = |key: &str| Reflect::get(error, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
    if text("name").as_deref() == Some("AbortError") {
        FetchError::Aborted
    } else {
        FetchError::Network(text("message").unwrap_or_else(|| "fetch failed".to_owned()))
    }
}

fn set(object: &Object, key: &str, value: &str) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &JsValue::from_str(value));
}

/// Percent-encodes one path segment or query component.
pub fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

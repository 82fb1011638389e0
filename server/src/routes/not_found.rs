use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// Any unknown path under `/api`: JSON, never the app's index.html.
pub async fn api_not_found() -> AppError {
    AppError::new(StatusCode::NOT_FOUND, "not_found", "No such API endpoint.")
}

/// The error of a known API path asked with a method it does not support.
pub fn method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not support that method.",
    )
}

/// A known API path with a method it does not support. The router answers those itself
/// with an empty 405 that carries the `Allow` header it knows (RFC 9110 §15.5.6 asks for
/// one); this gives that answer the API's JSON error body and keeps the header. A 405
/// that already has a body (`request_immutable`) passes through unchanged.
pub async fn explain_method_not_allowed(response: Response) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut explained = method_not_allowed().into_response();
    if let Some(allow) = allow {
        explained.headers_mut().insert(header::ALLOW, allow);
    }
    explained
}

use axum::http::StatusCode;

use crate::error::AppError;

/// Any unknown path under `/api`: JSON, never the app's index.html.
pub async fn api_not_found() -> AppError {
    AppError::new(StatusCode::NOT_FOUND, "not_found", "No such API endpoint.")
}

/// A known API path with a method it does not support.
pub async fn api_method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not support that method.",
    )
}

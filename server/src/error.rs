//! One error type for every handler, rendered as the API's error body
//! `{ "error": {code, message, field?}, "errors": [...] }`.

use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use porchlight_domain::wire::{ApiErrorBody, ErrorDetail};

/// An error the API reports to its caller.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub errors: Vec<ErrorDetail>,
    /// Seconds, for 429 and 503.
    pub retry_after: Option<u64>,
}

impl AppError {
    /// One error with a status, a code and a message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        AppError {
            status,
            errors: vec![ErrorDetail::new(code, message)],
            retry_after: None,
        }
    }

    /// The same error, attached to an input field.
    pub fn with_field(mut self, field: &str) -> Self {
        if let Some(first) = self.errors.first_mut() {
            first.field = Some(field.to_owned());
        }
        self
    }

    /// 422 with every violation (at least one).
    pub fn unprocessable(errors: Vec<ErrorDetail>) -> Self {
        debug_assert!(!errors.is_empty());
        AppError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            retry_after: None,
        }
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn invalid(code: &str, field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).with_field(field)
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Sign in to do this.",
        )
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Your account is not allowed to do this.",
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No such {what}."),
        )
    }

    pub fn conflict(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn too_many_requests(code: &str, message: impl Into<String>, retry_after: u64) -> Self {
        AppError {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, code, message)
        }
    }

    /// 503 `busy` with `Retry-After`: the server cannot take this work now (every
    /// password-hashing thread is taken and their queue is full).
    pub fn busy(retry_after: u64) -> Self {
        AppError {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "The server is busy. Try again in a moment.",
            )
        }
    }

    /// A failure on our side: logged in full, reported without details.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {err}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on the server.",
        )
    }

    /// The error body.
    pub fn body(&self) -> ApiErrorBody {
        ApiErrorBody {
            error: self.errors[0].clone(),
            errors: self.errors.clone(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::internal(err)
    }
}

impl From<crate::db::DbError> for AppError {
    fn from(err: crate::db::DbError) -> Self {
        AppError::internal(err)
    }
}

impl From<crate::auth::HashingError> for AppError {
    fn from(err: crate::auth::HashingError) -> Self {
        match err {
            crate::auth::HashingError::Busy => AppError::busy(1),
            failed => AppError::internal(failed),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError::not_found("resource")
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::bad_request("invalid_query", rejection.body_text())
    }
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            payload_too_large()
        } else {
            AppError::bad_request("unreadable_body", "The request body could not be read.")
        }
    }
}

/// 413 for bodies over [`crate::MAX_BODY_BYTES`].
pub fn payload_too_large() -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "The request body is larger than {} KiB.",
            crate::MAX_BODY_BYTES / 1024
        ),
    )
}

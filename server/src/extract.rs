//! Request extractors whose failures use the API's error shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body: 415 without `application/json`, 400 `malformed_json` for bad syntax,
/// 422 `unknown_field` / `invalid_body` for JSON of the wrong shape, 413 when too big.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(unsupported_media_type());
        }
        let bytes = Bytes::from_request(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Like [`ApiJson`], but an empty body (no `Content-Type` needed) means `T::default()`.
pub struct OptionalJson<T>(pub T);

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = is_json(req.headers());
        let bytes = Bytes::from_request(req, state).await?;
        if bytes.is_empty() {
            return Ok(OptionalJson(T::default()));
        }
        if !json {
            return Err(unsupported_media_type());
        }
        parse_json(&bytes).map(OptionalJson)
    }
}

fn unsupported_media_type() -> AppError {
    AppError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Send the body as JSON with `Content-Type: application/json`.",
    )
}

fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Parses a JSON body, classifying serde's error into the API's codes. The syntax is
/// checked on its own first, so that `[1, 2` is malformed (400) rather than the wrong
/// shape (422).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|err| {
        AppError::bad_request(
            "malformed_json",
            format!(
                "The body is not valid JSON (line {}, column {}).",
                err.line(),
                err.column()
            ),
        )
    })?;
    serde_json::from_value(value).map_err(|err| data_error(&err.to_string()))
}

/// serde's data errors read like "unknown field `x`, expected one of … at line 1 column 9".
fn data_error(message: &str) -> AppError {
    let without_position = message.split(" at line ").next().unwrap_or(message);
    let quoted = without_position.split('`').nth(1).map(str::to_owned);
    if without_position.starts_with("unknown field") {
        let field = quoted.unwrap_or_default();
        AppError::invalid("unknown_field", &field, format!("Unknown field `{field}`."))
    } else if without_position.starts_with("missing field") {
        let field = quoted.unwrap_or_default();
        AppError::invalid(
            "missing_field",
            &field,
            format!("The field `{field}` is required."),
        )
    } else {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("The body does not have the expected shape: {without_position}."),
        )
    }
}

/// A path parameter; a malformed one is a JSON 404.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(ApiPath(value))
    }
}

/// A query string; a malformed one is a 400 `invalid_query`.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use porchlight_domain::wire::Credentials;

    #[test]
    fn classifies_serde_errors() {
        let e = parse_json::<Credentials>(b"{\"email\":").unwrap_err();
        assert_eq!(
            (e.status.as_u16(), e.errors[0].code.as_str()),
            (400, "malformed_json")
        );
        let e =
            parse_json::<Credentials>(br#"{"email":"a","password":"b","admin":true}"#).unwrap_err();
        assert_eq!(
            (e.status.as_u16(), e.errors[0].code.as_str()),
            (422, "unknown_field")
        );
        assert_eq!(e.errors[0].field.as_deref(), Some("admin"));
        let e = parse_json::<Credentials>(br#"{"email":"a"}"#).unwrap_err();
        assert_eq!(e.errors[0].code, "missing_field");
        let e = parse_json::<Credentials>(br#"{"email":1,"password":"b"}"#).unwrap_err();
        assert_eq!(e.errors[0].code, "invalid_body");
        let e = parse_json::<Credentials>(b"[1, 2").unwrap_err();
        assert_eq!(e.errors[0].code, "malformed_json");
    }
}

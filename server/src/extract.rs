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
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        data_error(&err.into_inner().to_string(), &path)
    })
}

/// serde's data errors read like "unknown field `x`, expected one of …"; `path` is where
/// in the body it happened (`contact.fax`, `area.type`, or `.` for the top level).
fn data_error(message: &str, path: &str) -> AppError {
    let message = message.split(" at line ").next().unwrap_or(message);
    let quoted = message.split('`').nth(1).unwrap_or_default();
    let within = |name: &str| match path {
        "." | "" => name.to_owned(),
        parent if parent.ends_with(name) => parent.to_owned(),
        parent => format!("{parent}.{name}"),
    };
    if message.starts_with("unknown field") {
        let field = within(quoted);
        AppError::invalid("unknown_field", &field, format!("Unknown field `{field}`."))
    } else if message.starts_with("missing field") {
        let field = within(quoted);
        AppError::invalid(
            "missing_field",
            &field,
            format!("The field `{field}` is required."),
        )
    } else if path == "." || path.is_empty() {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("The body does not have the expected shape: {message}."),
        )
    } else {
        AppError::invalid(
            "invalid_body",
            path,
            format!("`{path}` does not have the expected type: {message}."),
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
    use porchlight_domain::wire::{Credentials, RequestDraftInput};

    fn draft_with(change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
        let mut v = serde_json::json!({
            "incident_type": "theft", "case_number": "1", "title": "t", "description": "d",
            "contact": {"email": "a@b.example"},
            "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z"},
            "area": {"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]}
        });
        change(&mut v);
        v.to_string().into_bytes()
    }

    #[test]
    fn nested_problems_name_their_path() {
        let field = |body: Vec<u8>| {
            let e = parse_json::<RequestDraftInput>(&body).unwrap_err();
            (
                e.errors[0].code.clone(),
                e.errors[0].field.clone().unwrap_or_default(),
            )
        };
        assert_eq!(
            field(draft_with(|v| v["contact"]["fax"] = "1".into())),
            ("unknown_field".into(), "contact.fax".into())
        );
        assert_eq!(
            field(draft_with(|v| v["priority"] = "high".into())),
            ("unknown_field".into(), "priority".into())
        );
        assert_eq!(
            field(draft_with(|v| {
                v["time_frame"].as_object_mut().unwrap().remove("end");
            })),
            ("missing_field".into(), "time_frame.end".into())
        );
        assert_eq!(
            field(draft_with(|v| v["area"]["coordinates"] = "x".into())),
            ("invalid_body".into(), "area.coordinates".into())
        );
        assert_eq!(
            field(draft_with(|v| v["title"] = 5.into())),
            ("invalid_body".into(), "title".into())
        );
    }

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
        assert_eq!(e.errors[0].field.as_deref(), Some("email"));
        let e = parse_json::<Credentials>(b"[1, 2").unwrap_err();
        assert_eq!(e.errors[0].code, "malformed_json");
    }
}

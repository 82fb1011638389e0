//! Bad input gets a clear error in the API's one shape, and changes nothing.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

use crate::support::{draft, Fixture, TestResponse, Who};

/// Error bodies must never leak internals.
fn assert_clean(response: &TestResponse) {
    let text = response.text().to_lowercase();
    for leak in [
        "sqlx",
        "sqlite",
        "panicked",
        "src/",
        ".rs:",
        "backtrace",
        "argon2",
    ] {
        assert!(!text.contains(leak), "error body leaks `{leak}`: {text}");
    }
}

fn request(
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
    cookie: Option<&str>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(ct) = content_type {
        builder = builder.header("content-type", ct);
    }
    if let Some(cookie) = cookie {
        builder = builder.header("cookie", cookie);
    }
    builder.body(body.into()).unwrap()
}

#[tokio::test]
async fn malformed_json_is_400_everywhere() {
    let fx = Fixture::new().await;
    let staff = fx.cookie(Who::StaffA).await;
    let admin = fx.cookie(Who::Admin).await;
    for (path, method, cookie) in [
        ("/api/v1/auth/register", Method::POST, None),
        ("/api/v1/auth/login", Method::POST, None),
        ("/api/v1/me/preferences", Method::PUT, staff.as_deref()),
        ("/api/v1/agencies", Method::POST, admin.as_deref()),
        (
            "/api/v1/agencies/agency-a/staff",
            Method::POST,
            admin.as_deref(),
        ),
        ("/api/v1/requests", Method::POST, staff.as_deref()),
    ] {
        for body in ["{", "{\"email\": }", "not json", "[1, 2", "{\"a\":1}}"] {
            let response = fx
                .app
                .raw(request(
                    method.clone(),
                    path,
                    Some("application/json"),
                    body,
                    cookie,
                ))
                .await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path} {body}");
            assert_eq!(response.error_code(), "malformed_json", "{path} {body}");
            assert_clean(&response);
        }
    }
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 0);
}

#[tokio::test]
async fn unknown_fields_are_422_with_the_field() {
    let fx = Fixture::new().await;
    let staff = fx.cookie(Who::StaffA).await;
    let mut top = draft("U-1");
    top["priority"] = json!("high");
    let mut nested = draft("U-2");
    nested["contact"]["fax"] = json!("+1 503 555 0199");
    for (body, field) in [(top, "priority"), (nested, "contact.fax")] {
        let response = fx
            .app
            .send(
                Method::POST,
                "/api/v1/requests",
                Some(body),
                staff.as_deref(),
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.error_code(), "unknown_field");
        assert_eq!(response.json()["error"]["field"], field);
        assert_clean(&response);
    }
    let login = json!({"email": "resident@test.example", "password": "x", "remember": true});
    let response = fx
        .app
        .send(Method::POST, "/api/v1/auth/login", Some(login), None)
        .await;
    assert_eq!(response.error_code(), "unknown_field");
    let mut missing = draft("U-3");
    missing.as_object_mut().unwrap().remove("area");
    let response = fx
        .app
        .send(
            Method::POST,
            "/api/v1/requests",
            Some(missing),
            staff.as_deref(),
        )
        .await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "missing_field".into())
    );
    let mut wrong_type = draft("U-4");
    wrong_type["title"] = json!(42);
    let response = fx
        .app
        .send(
            Method::POST,
            "/api/v1/requests",
            Some(wrong_type),
            staff.as_deref(),
        )
        .await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body".into())
    );
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 0);
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let fx = Fixture::new().await;
    let staff = fx.cookie(Who::StaffA).await;
    let body = draft("T-1").to_string();
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data"),
    ] {
        let response = fx
            .app
            .raw(request(
                Method::POST,
                "/api/v1/requests",
                content_type,
                body.clone(),
                staff.as_deref(),
            ))
            .await;
        assert_eq!(
            response.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(response.error_code(), "unsupported_media_type");
    }
    // Parameters and +json types are fine.
    let ok = fx
        .app
        .raw(request(
            Method::POST,
            "/api/v1/requests",
            Some("application/json; charset=utf-8"),
            body,
            staff.as_deref(),
        ))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 1);
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let fx = Fixture::new().await;
    let staff = fx.cookie(Who::StaffA).await;
    let limit = porchlight_server::MAX_BODY_BYTES;
    assert_eq!(limit, 64 * 1024);
    // Pad a valid draft with whitespace to exactly the limit, then one byte more.
    let json = draft("S-1").to_string();
    let at_limit = format!("{json}{}", " ".repeat(limit - json.len()));
    let over = format!("{at_limit} ");
    let response = fx
        .app
        .raw(request(
            Method::POST,
            "/api/v1/requests",
            Some("application/json"),
            over.clone(),
            staff.as_deref(),
        ))
        .await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.error_code(), "payload_too_large");
    // Without Content-Length (streamed), too.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = over
        .as_bytes()
        .chunks(8192)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let streamed = Body::from_stream(futures_util::stream::iter(chunks));
    let response = fx
        .app
        .raw(request(
            Method::POST,
            "/api/v1/requests",
            Some("application/json"),
            streamed,
            staff.as_deref(),
        ))
        .await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 0);
    let response = fx
        .app
        .raw(request(
            Method::POST,
            "/api/v1/requests",
            Some("application/json"),
            at_limit,
            staff.as_deref(),
        ))
        .await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "exactly 64 KiB is accepted"
    );
}

#[tokio::test]
async fn bad_query_parameters_are_400_with_the_parameter() {
    let fx = Fixture::new().await;
    for (query, code, field) in [
        ("bbox=1,2,3", "invalid_bbox", "bbox"),
        ("bbox=a,b,c,d", "invalid_bbox", "bbox"),
        ("bbox=-122.6,45.5,-122.7,45.6", "invalid_bbox", "bbox"),
        ("bbox=-122.7,45.6,-122.6,45.5", "invalid_bbox", "bbox"),
        ("bbox=-190,45.5,-122.6,45.6", "invalid_bbox", "bbox"),
        ("bbox=NaN,45.5,-122.6,45.6", "invalid_bbox", "bbox"),
        ("status=closed", "invalid_status", "status"),
        ("since=yesterday", "invalid_since", "since"),
        ("since=2026-11-01", "invalid_since", "since"),
        ("limit=0", "invalid_limit", "limit"),
        ("limit=201", "invalid_limit", "limit"),
        ("limit=ten", "invalid_limit", "limit"),
        ("before=garbage", "invalid_cursor", "before"),
    ] {
        let response = fx.app.get(&format!("/api/v1/requests?{query}")).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(response.error_code(), code, "{query}");
        assert_eq!(response.json()["error"]["field"], field, "{query}");
        assert_clean(&response);
    }
    for query in [
        "limit=1",
        "limit=200",
        "status=open",
        "since=2026-11-01T00:00:00Z",
        "bbox=-122.7,45.5,-122.6,45.6",
    ] {
        assert_eq!(
            fx.app
                .get(&format!("/api/v1/requests?{query}"))
                .await
                .status,
            StatusCode::OK,
            "{query}"
        );
    }
    let history = fx
        .app
        .get("/api/v1/agencies/agency-a/requests?limit=-1")
        .await;
    assert_eq!(history.error_code(), "invalid_limit");
}

#[tokio::test]
async fn refused_registrations_and_agencies_leave_no_row() {
    let fx = Fixture::new().await;
    let admin = fx.cookie(Who::Admin).await;
    let bad = json!({"email": "short@test.example", "password": "short", "display_name": "S"});
    assert_eq!(
        fx.app
            .send(Method::POST, "/api/v1/auth/register", Some(bad), None)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(fx
        .app
        .state
        .db
        .account_by_email("short@test.example")
        .await
        .unwrap()
        .is_none());
    let mut agency = serde_json::to_value(crate::support::new_agency("valid-slug")).unwrap();
    agency["name"] = json!("");
    let response = fx
        .app
        .send(
            Method::POST,
            "/api/v1/agencies",
            Some(agency),
            admin.as_deref(),
        )
        .await;
    assert_eq!(response.error_code(), "name_invalid");
    assert_eq!(
        fx.app.get("/api/v1/agencies/valid-slug").await.status,
        StatusCode::NOT_FOUND
    );
}

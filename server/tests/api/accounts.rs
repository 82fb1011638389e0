//! Registration, sign-in, sessions, throttling, sign-out and preferences.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{Fixture, TestApp, TestResponse, Who, PASSWORD};

fn session_cookie(response: &TestResponse) -> String {
    let set_cookie = response.header("set-cookie").expect("Set-Cookie");
    set_cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn register_signs_in_a_resident() {
    let app = TestApp::new().await;
    let body = json!({"email": " Riley@Example.org ", "password": "twelve chars", "display_name": " Riley "});
    let response = app
        .send(Method::POST, "/api/v1/auth/register", Some(body), None)
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let me = response.json();
    assert_eq!(me["email"], "Riley@Example.org");
    assert_eq!(me["display_name"], "Riley");
    assert_eq!(me["role"], "resident");
    assert_eq!(me["agency"], serde_json::Value::Null);
    assert_eq!(me["hide_requests"], false);
    assert!(me.get("password_hash").is_none());
    let set_cookie = response.header("set-cookie").unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=1209600"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "not configured for https");
    let cookie = session_cookie(&response);
    let me_again = app
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me_again.status, StatusCode::OK);
    assert_eq!(me_again.json(), me);
    // The email is unique whatever its case.
    let again =
        json!({"email": "riley@example.org", "password": "another password", "display_name": "R"});
    let taken = app
        .send(Method::POST, "/api/v1/auth/register", Some(again), None)
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.error_code(), "email_taken");
}

#[tokio::test]
async fn register_reports_every_problem() {
    let app = TestApp::new().await;
    let body = json!({"email": "not-an-email", "password": "elevenchars", "display_name": ""});
    let response = app
        .send(Method::POST, "/api/v1/auth/register", Some(body), None)
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.error_code(), "email_invalid");
    let codes: Vec<_> = response.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes,
        [
            "email_invalid",
            "password_too_short",
            "display_name_invalid"
        ]
    );
    assert_eq!(response.json()["errors"][1]["field"], "password");
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let mut app = TestApp::new().await;
    let mut config = (*app.state.config).clone();
    config.secure_cookies = true;
    app.state.config = std::sync::Arc::new(config);
    app.router = porchlight_server::app(app.state.clone());
    let body = json!({"email": "s@example.org", "password": PASSWORD, "display_name": "S"});
    let response = app
        .send(Method::POST, "/api/v1/auth/register", Some(body), None)
        .await;
    assert!(response.header("set-cookie").unwrap().ends_with("; Secure"));
}

#[tokio::test]
async fn login_me_and_logout() {
    let fx = Fixture::new().await;
    let app = &fx.app;
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me").await.error_code(), "unauthenticated");

    let body = json!({"email": "STAFF-A@test.example", "password": PASSWORD});
    let response = app
        .send(Method::POST, "/api/v1/auth/login", Some(body), None)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.json()["role"], "agency_staff");
    assert_eq!(
        response.json()["agency"],
        json!({"slug": "agency-a", "name": "Agency agency-a"})
    );
    let cookie = session_cookie(&response);
    let token = cookie.strip_prefix("porchlight_session=").unwrap();
    assert!(token.len() >= 22, "at least 128 bits");

    // Only the token's hash is stored.
    let db = &app.state.db;
    let now = app.state.now();
    assert!(db.account_by_session(token, now).await.unwrap().is_none());
    assert!(db
        .account_by_session(&porchlight_server::auth::hash_token(token), now)
        .await
        .unwrap()
        .is_some());

    assert_eq!(
        app.send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    let sessions_before = db.session_count().await.unwrap();
    let logout = app
        .send(Method::POST, "/api/v1/auth/logout", None, Some(&cookie))
        .await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert!(logout.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(db.session_count().await.unwrap(), sessions_before - 1);
    // The old cookie no longer works, even if the browser kept it.
    assert_eq!(
        app.send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same() {
    let fx = Fixture::new().await;
    for body in [
        json!({"email": "resident@test.example", "password": "wrong password!"}),
        json!({"email": "nobody@test.example", "password": PASSWORD}),
    ] {
        let response = fx
            .app
            .send(Method::POST, "/api/v1/auth/login", Some(body), None)
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        assert_eq!(response.error_code(), "invalid_credentials");
        assert!(response.header("set-cookie").is_none());
    }
}

#[tokio::test]
async fn sessions_expire() {
    let fx = Fixture::new().await;
    let body = json!({"email": "resident@test.example", "password": PASSWORD});
    let response = fx
        .app
        .send(Method::POST, "/api/v1/auth/login", Some(body), None)
        .await;
    let cookie = session_cookie(&response);
    fx.app.state.clock.advance(time::Duration::days(13));
    assert_eq!(
        fx.app
            .send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    fx.app
        .state
        .clock
        .advance(time::Duration::days(1) + time::Duration::seconds(1));
    assert_eq!(
        fx.app
            .send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn repeated_failed_logins_are_throttled() {
    let fx = Fixture::new().await;
    let app = &fx.app;
    let wrong = json!({"email": "resident@test.example", "password": "wrong password!"});
    let right = json!({"email": "resident@test.example", "password": PASSWORD});
    for attempt in 1..=4 {
        let response = app
            .send(
                Method::POST,
                "/api/v1/auth/login",
                Some(wrong.clone()),
                None,
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let fifth = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            Some(wrong.clone()),
            None,
        )
        .await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(fifth.error_code(), "too_many_attempts");
    let retry_after: i64 = fifth.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    // Locked: even the right password is refused, without checking it.
    let locked = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            Some(right.clone()),
            None,
        )
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    // Other accounts are not affected.
    let other = json!({"email": "admin@test.example", "password": PASSWORD});
    assert_eq!(
        app.send(Method::POST, "/api/v1/auth/login", Some(other), None)
            .await
            .status,
        StatusCode::OK
    );
    // After the lockout the right password works, and resets the count.
    app.state
        .clock
        .advance(time::Duration::minutes(15) + time::Duration::seconds(1));
    assert_eq!(
        app.send(Method::POST, "/api/v1/auth/login", Some(right), None)
            .await
            .status,
        StatusCode::OK
    );
    let after = app
        .send(Method::POST, "/api/v1/auth/login", Some(wrong), None)
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn failures_spread_over_time_do_not_lock() {
    let fx = Fixture::new().await;
    let wrong = json!({"email": "resident@test.example", "password": "wrong password!"});
    for _ in 0..8 {
        let response = fx
            .app
            .send(
                Method::POST,
                "/api/v1/auth/login",
                Some(wrong.clone()),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        fx.app.state.clock.advance(time::Duration::minutes(4));
    }
}

#[tokio::test]
async fn preferences_set_the_opt_out() {
    let fx = Fixture::new().await;
    let cookie = fx.cookie(Who::Resident).await.unwrap();
    let response = fx
        .app
        .send(
            Method::PUT,
            "/api/v1/me/preferences",
            Some(json!({"hide_requests": true})),
            Some(&cookie),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["hide_requests"], true);
    assert_eq!(
        fx.app
            .send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .json()["hide_requests"],
        true
    );
    let back = fx
        .app
        .send(
            Method::PUT,
            "/api/v1/me/preferences",
            Some(json!({"hide_requests": false})),
            Some(&cookie),
        )
        .await;
    assert_eq!(back.json()["hide_requests"], false);
}

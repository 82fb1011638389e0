//! Sessions (issue 18): the `Secure` cookie with an https `--public-url`, state-changing
//! requests from another origin refused on every operation, the token rotated at
//! sign-in, and signing out everywhere.

use axum::http::{Method, StatusCode};
use porchlight_server::same_origin::WebOrigin;
use porchlight_server::{AppState, Config};
use serde_json::{json, Value};

use crate::support::{Fixture, TestApp, TestResponse, Who, PASSWORD};

/// The name the tests' browser reaches the server by.
const HOST: &str = "porchlight.test:8080";
const OWN_ORIGIN: &str = "http://porchlight.test:8080";
const FOREIGN_ORIGIN: &str = "https://evil.example";

/// The same app and database under another configuration.
fn reconfigure(app: &mut TestApp, change: impl FnOnce(&mut Config)) {
    let mut config = (*app.state.config).clone();
    change(&mut config);
    app.state = AppState::new(app.state.db.clone(), config);
    app.router = porchlight_server::app(app.state.clone());
}

/// Sends a request with a `Host` and, if given, an `Origin` and other headers.
async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    body: Option<Value>,
    cookie: Option<&str>,
    headers: &[(&str, &str)],
) -> TestResponse {
    let with_host: Vec<(&str, &str)> = std::iter::once(("host", HOST))
        .chain(headers.iter().copied())
        .collect();
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    app.send_with_headers(method, path, body, cookie, &with_host)
        .await
}

/// `porchlight_session=TOKEN` from a response's `Set-Cookie`.
fn new_cookie(response: &TestResponse) -> String {
    let set_cookie = response
        .header("set-cookie")
        .unwrap_or_else(|| panic!("no Set-Cookie: {} {}", response.status, response.text()));
    set_cookie.split(';').next().unwrap().to_owned()
}

async fn status_of_me(app: &TestApp, cookie: &str) -> StatusCode {
    app.send(Method::GET, "/api/v1/me", None, Some(cookie))
        .await
        .status
}

async fn sign_in(app: &TestApp, email: &str, cookie: Option<&str>) -> TestResponse {
    let body = json!({"email": email, "password": PASSWORD});
    send(app, "POST", "/api/v1/auth/login", Some(body), cookie, &[]).await
}

// ---------------------------------------------------------------------------------
// The Secure cookie.

#[tokio::test]
async fn the_cookie_is_secure_only_with_an_https_public_url() {
    let mut app = TestApp::new().await;
    for (n, (public_url, secure)) in [
        (None, false),
        (Some("http://porchlight.test:8080"), false),
        (Some("https://porchlight.example"), true),
    ]
    .into_iter()
    .enumerate()
    {
        let public: Option<WebOrigin> = public_url.map(|u| u.parse().unwrap());
        reconfigure(&mut app, |config| config.public_origin = public);
        let origin: &[(&str, &str)] = match public_url {
            Some(url) => &[("origin", url)],
            None => &[],
        };
        let body = json!({"email": format!("s{n}@example.org"), "password": PASSWORD, "display_name": "S"});
        let registered = send(
            &app,
            "POST",
            "/api/v1/auth/register",
            Some(body),
            None,
            origin,
        )
        .await;
        assert_eq!(
            registered.status,
            StatusCode::CREATED,
            "{}",
            registered.text()
        );
        let signed_in = sign_in(&app, &format!("s{n}@example.org"), None).await;
        assert_eq!(signed_in.status, StatusCode::OK);
        let cookie = new_cookie(&signed_in);
        let logout = send(
            &app,
            "POST",
            "/api/v1/auth/logout",
            None,
            Some(&cookie),
            origin,
        )
        .await;
        let everywhere = send(
            &app,
            "POST",
            "/api/v1/auth/logout-everywhere",
            None,
            Some(&new_cookie(&registered)),
            origin,
        )
        .await;
        assert_eq!(everywhere.status, StatusCode::OK, "{}", everywhere.text());
        for (what, response) in [
            ("register", &registered),
            ("login", &signed_in),
            ("logout", &logout),
            ("logout-everywhere", &everywhere),
        ] {
            let set_cookie = response.header("set-cookie").unwrap();
            assert_eq!(
                set_cookie.split("; ").any(|a| a == "Secure"),
                secure,
                "{what} with --public-url {public_url:?}: {set_cookie}"
            );
            assert!(set_cookie.contains("SameSite=Strict") && set_cookie.contains("HttpOnly"));
        }
        assert_eq!(
            registered.header("strict-transport-security").is_some(),
            secure,
            "HSTS only over https"
        );
    }
}

// ---------------------------------------------------------------------------------
// Cross-origin requests.

/// The table's expected status for `who` on an operation.
fn expected(method: &str, template: &str, who: Who) -> StatusCode {
    let row = crate::authz::TABLE
        .iter()
        .find(|r| r.0 == method && r.1 == template)
        .unwrap_or_else(|| panic!("{method} {template} is not in the authorization table"));
    let index = Who::ALL.iter().position(|w| *w == who).unwrap();
    StatusCode::from_u16(row.2[index]).unwrap()
}

/// Someone the operation would succeed for (if anyone), so that a refusal is the
/// origin's doing and not the role's.
fn allowed_caller(method: &str, template: &str) -> Who {
    Who::ALL
        .into_iter()
        .find(|who| expected(method, template, *who).is_success())
        .unwrap_or(Who::Admin)
}

/// Every operation of the authorization table: a state-changing one sent from
/// another origin (or announced by the browser as cross-site or same-site) is refused
/// with 403 `cross_origin_refused` and does nothing (the same call from our own origin
/// then answers what the authorization table says, which it could not had the refused
/// call gone through: a second registration, resolution or report conflicts); without
/// `Origin` it works. Reads from anywhere work.
#[tokio::test]
async fn another_origin_changes_nothing_on_any_operation() {
    // Each call prepares its own request to act on: hundreds of posts from one address.
    let fx = Fixture::for_many_posts().await;
    let spec = crate::openapi::spec();
    // The authorization table: every documented operation (its own test says so) and
    // the edits the spec describes as impossible, which the refusal must meet first.
    let operations: std::collections::BTreeSet<(String, String)> = crate::authz::TABLE
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let state_changing = operations.iter().filter(|(m, _)| m != "GET").count();
    assert!(
        state_changing >= 15,
        "only {state_changing} state-changing operations?"
    );
    let mut failures = Vec::new();
    let mut n = 10_000;
    for (method, template) in &operations {
        let who = allowed_caller(method, template);
        let want = expected(method, template, who);
        let mut call = async |headers: &[(&str, &str)]| {
            n += 1;
            let (path, body) = crate::authz::prepare(&fx, method, template, n).await;
            let cookie = fx.cookie(who).await;
            let sessions = fx.app.state.db.session_count().await.unwrap();
            let first = send(
                &fx.app,
                method,
                &path,
                body.clone(),
                cookie.as_deref(),
                headers,
            )
            .await;
            let sessions_after = fx.app.state.db.session_count().await.unwrap();
            let again = send(
                &fx.app,
                method,
                &path,
                body,
                cookie.as_deref(),
                &[("origin", OWN_ORIGIN)],
            )
            .await;
            (first, sessions == sessions_after, again)
        };
        if method == "GET" {
            let (response, _, _) = call(&[("origin", FOREIGN_ORIGIN)]).await;
            if response.status != want {
                failures.push(format!(
                    "GET {template} from another origin: {}",
                    response.status
                ));
            }
            continue;
        }
        for headers in [
            &[("origin", FOREIGN_ORIGIN)][..],
            &[("origin", "null")],
            &[("origin", "http://porchlight.test:8081")],
            &[("sec-fetch-site", "cross-site")],
            &[
                ("sec-fetch-site", "same-site"),
                ("origin", "https://sub.porchlight.test"),
            ],
        ] {
            let (refused, unchanged, again) = call(headers).await;
            let what = format!("{method} {template} as {who:?} with {headers:?}");
            failures.extend(crate::openapi::check_response(
                &spec, method, template, &refused,
            ));
            if refused.status != StatusCode::FORBIDDEN
                || refused.error_code() != "cross_origin_refused"
            {
                failures.push(format!("{what}: {} {}", refused.status, refused.text()));
            }
            if refused.header("set-cookie").is_some() || !unchanged {
                failures.push(format!("{what}: the refused call touched sessions"));
            }
            if again.status != want {
                failures.push(format!(
                    "{what}, then from our own origin: expected {want}, got {} {}",
                    again.status,
                    again.text()
                ));
            }
        }
        // No Origin (curl, API clients): the call works as the table says.
        n += 1;
        let (path, body) = crate::authz::prepare(&fx, method, template, n).await;
        let cookie = fx.cookie(who).await;
        let plain = send(&fx.app, method, &path, body, cookie.as_deref(), &[]).await;
        if plain.status != want {
            failures.push(format!(
                "{method} {template} without Origin: expected {want}, got {} {}",
                plain.status,
                plain.text()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn with_a_public_url_only_its_origin_may_change_state() {
    let mut fx = Fixture::new().await;
    reconfigure(&mut fx.app, |config| {
        config.public_origin = Some("https://porchlight.example".parse().unwrap());
    });
    // Behind a proxy the server may see any Host; the Origin must be the public URL.
    for (origin, status) in [
        ("https://porchlight.example", StatusCode::OK),
        (OWN_ORIGIN, StatusCode::FORBIDDEN),
        ("http://porchlight.example", StatusCode::FORBIDDEN),
        (FOREIGN_ORIGIN, StatusCode::FORBIDDEN),
    ] {
        let body = json!({"email": "resident@test.example", "password": PASSWORD});
        let response = send(
            &fx.app,
            "POST",
            "/api/v1/auth/login",
            Some(body),
            None,
            &[("origin", origin)],
        )
        .await;
        assert_eq!(response.status, status, "{origin}: {}", response.text());
        if status == StatusCode::FORBIDDEN {
            assert_eq!(response.error_code(), "cross_origin_refused");
            assert!(response.header("set-cookie").is_none());
        }
    }
    let no_origin = sign_in(&fx.app, "resident@test.example", None).await;
    assert_eq!(no_origin.status, StatusCode::OK);
}

#[tokio::test]
async fn a_refusal_has_the_security_headers() {
    let fx = Fixture::new().await;
    let response = send(
        &fx.app,
        "POST",
        "/api/v1/auth/logout",
        None,
        None,
        &[("origin", FOREIGN_ORIGIN)],
    )
    .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.header("content-security-policy").is_some());
    assert!(response
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json")));
}

// ---------------------------------------------------------------------------------
// Rotation at sign-in.

#[tokio::test]
async fn sign_in_never_keeps_a_token_from_before() {
    let fx = Fixture::new().await;
    let app = &fx.app;
    let db = &app.state.db;

    // A token planted in the browser that the server never issued.
    let planted = "porchlight_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let response = sign_in(app, "resident@test.example", Some(planted)).await;
    assert_eq!(response.status, StatusCode::OK);
    let fresh = new_cookie(&response);
    assert_ne!(fresh, planted);
    assert_eq!(status_of_me(app, &fresh).await, StatusCode::OK);
    assert_eq!(status_of_me(app, planted).await, StatusCode::UNAUTHORIZED);

    // An attacker's real session planted in the victim's browser (session fixation,
    // or a shared computer): the victim's sign-in ends it and starts a new one.
    let attackers = new_cookie(&sign_in(app, "staff-b@test.example", None).await);
    assert_eq!(status_of_me(app, &attackers).await, StatusCode::OK);
    let response = sign_in(app, "resident@test.example", Some(&attackers)).await;
    let victims = new_cookie(&response);
    assert_ne!(victims, attackers);
    assert_eq!(
        status_of_me(app, &attackers).await,
        StatusCode::UNAUTHORIZED,
        "the session from before sign-in is deleted"
    );
    let me = app
        .send(Method::GET, "/api/v1/me", None, Some(&victims))
        .await;
    assert_eq!(me.json()["email"], "resident@test.example");

    // Signing in again with one's own session: a new token, the old session gone,
    // no more sessions than before.
    let before = db.session_count().await.unwrap();
    let again = new_cookie(&sign_in(app, "resident@test.example", Some(&victims)).await);
    assert_ne!(again, victims);
    assert_eq!(status_of_me(app, &victims).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of_me(app, &again).await, StatusCode::OK);
    assert_eq!(db.session_count().await.unwrap(), before);

    // Registering starts fresh too.
    let body = json!({"email": "new@test.example", "password": PASSWORD, "display_name": "New"});
    let registered = send(
        app,
        "POST",
        "/api/v1/auth/register",
        Some(body),
        Some(&again),
        &[],
    )
    .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let newcomer = new_cookie(&registered);
    assert_ne!(newcomer, again);
    assert_eq!(status_of_me(app, &again).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of_me(app, &newcomer).await, StatusCode::OK);
}

#[tokio::test]
async fn a_failed_sign_in_keeps_the_current_session() {
    let fx = Fixture::new().await;
    let cookie = new_cookie(&sign_in(&fx.app, "resident@test.example", None).await);
    let wrong = json!({"email": "resident@test.example", "password": "wrong password!"});
    let response = send(
        &fx.app,
        "POST",
        "/api/v1/auth/login",
        Some(wrong),
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.header("set-cookie").is_none());
    assert_eq!(status_of_me(&fx.app, &cookie).await, StatusCode::OK);
}

// ---------------------------------------------------------------------------------
// Sign out everywhere.

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account_only() {
    let fx = Fixture::new().await;
    let app = &fx.app;
    let laptop = new_cookie(&sign_in(app, "resident@test.example", None).await);
    let phone = new_cookie(&sign_in(app, "resident@test.example", None).await);
    let tablet = new_cookie(&sign_in(app, "RESIDENT@test.example", None).await);
    let someone_else = new_cookie(&sign_in(app, "admin@test.example", None).await);
    for cookie in [&laptop, &phone, &tablet, &someone_else] {
        assert_eq!(status_of_me(app, cookie).await, StatusCode::OK);
    }

    let response = send(
        app,
        "POST",
        "/api/v1/auth/logout-everywhere",
        None,
        Some(&phone),
        &[("origin", OWN_ORIGIN)],
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.json(), json!({"sessions_ended": 3}));
    let clear = response.header("set-cookie").unwrap();
    assert!(
        clear.starts_with("porchlight_session=;") && clear.contains("Max-Age=0"),
        "{clear}"
    );

    for (device, cookie) in [("laptop", &laptop), ("phone", &phone), ("tablet", &tablet)] {
        assert_eq!(
            status_of_me(app, cookie).await,
            StatusCode::UNAUTHORIZED,
            "{device}"
        );
        let post = app
            .send(
                Method::PUT,
                "/api/v1/me/preferences",
                Some(json!({"hide_requests": true})),
                Some(cookie),
            )
            .await;
        assert_eq!(
            post.status,
            StatusCode::UNAUTHORIZED,
            "{device} can no longer act"
        );
    }
    assert_eq!(status_of_me(app, &someone_else).await, StatusCode::OK);

    // Signed out, it is a 401 like every operation that needs an account.
    let again = send(
        app,
        "POST",
        "/api/v1/auth/logout-everywhere",
        None,
        Some(&phone),
        &[],
    )
    .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.error_code(), "unauthenticated");
    // And signing in again works.
    let back = sign_in(app, "resident@test.example", None).await;
    assert_eq!(status_of_me(app, &new_cookie(&back)).await, StatusCode::OK);
}

#[tokio::test]
async fn the_store_deletes_one_accounts_sessions() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let resident = fx.account_id(Who::Resident).await;
    let admin = fx.account_id(Who::Admin).await;
    assert_eq!(db.delete_account_sessions(resident).await.unwrap(), 0);
    for _ in 0..3 {
        fx.cookie(Who::Resident).await;
    }
    fx.cookie(Who::Admin).await;
    // An expired session of the account counts too: it is deleted with the rest.
    let now = fx.app.state.now();
    db.create_session(
        "expired-token-hash",
        resident,
        now - time::Duration::days(30),
        now - time::Duration::days(16),
    )
    .await
    .unwrap();
    assert_eq!(db.session_count().await.unwrap(), 5);
    assert_eq!(db.delete_account_sessions(resident).await.unwrap(), 4);
    assert_eq!(db.session_count().await.unwrap(), 1);
    assert_eq!(db.delete_account_sessions(resident).await.unwrap(), 0);
    assert_eq!(db.delete_account_sessions(admin).await.unwrap(), 1);
    assert_eq!(db.session_count().await.unwrap(), 0);
}

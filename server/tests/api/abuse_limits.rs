//! The abuse limits over HTTP (issue 18): over a limit → 429 `rate_limited` (or
//! `too_many_attempts` for one account's sign-ins) with `Retry-After` and the API's
//! error shape, as the spec documents; per address and global apart; open again once
//! the window has passed; shared by two instances on one database; the client's
//! address from a trusted proxy header only; and a full password-hashing queue
//! answered at once with 503.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{header, HeaderName, Method, Request, StatusCode};
use porchlight_server::config::Config;
use porchlight_server::db::DbLocation;
use porchlight_server::limits::{Rate, TrustedProxy};
use porchlight_server::{AppState, Db};
use serde_json::{json, Value};

use crate::openapi::{check_response, spec};
use crate::support::{draft, router, Fixture, TestApp, TestResponse, Who, PASSWORD};

/// Trust `X-Forwarded-For` as written by one proxy.
fn behind_proxy(config: &mut Config) {
    config.proxy = TrustedProxy::header(HeaderName::from_static("x-forwarded-for"), 1);
}

/// A POST with a JSON body, optionally signed in and with an `X-Forwarded-For`.
async fn post(
    app: &TestApp,
    path: &str,
    body: Value,
    cookie: Option<&str>,
    forwarded_for: Option<&str>,
) -> TestResponse {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1{path}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    if let Some(forwarded) = forwarded_for {
        request = request.header("x-forwarded-for", forwarded);
    }
    app.raw(request.body(Body::from(body.to_string())).unwrap())
        .await
}

/// A registration with an email no other test uses.
fn registration() -> Value {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    json!({"email": format!("new-{n}@example.org"), "password": PASSWORD, "display_name": "New"})
}

fn wrong_password(email: &str) -> Value {
    json!({"email": email, "password": "not the password!"})
}

/// A refusal by a limit: 429, the code, a `Retry-After` of whole seconds within
/// `1..=max_wait`, the error shape, and all of it as the spec documents for the
/// operation. Returns the wait and the message. (A sliding window's wait can reach two
/// windows: to the end of the current one, then until enough of it has slid out.)
fn assert_limited(
    response: &TestResponse,
    code: &str,
    template: &str,
    max_wait: u64,
) -> (u64, String) {
    assert_eq!(
        response.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        response.text()
    );
    assert_eq!(response.error_code(), code);
    let wait: u64 = response
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=max_wait).contains(&wait), "Retry-After: {wait}");
    let failures = check_response(&spec(), "POST", template, response);
    assert!(failures.is_empty(), "{failures:?}");
    (
        wait,
        response.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

fn rate(max: u32, window_secs: i64) -> Option<Rate> {
    Some(Rate::new(max, window_secs))
}

#[tokio::test]
async fn registrations_past_the_address_limit_get_429_and_make_no_account() {
    let app = TestApp::with_config(|c| c.limits.register.per_address = rate(2, 3600)).await;
    for _ in 0..2 {
        let response = post(&app, "/auth/register", registration(), None, None).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }
    let third = registration();
    let response = post(&app, "/auth/register", third.clone(), None, None).await;
    let (_, message) = assert_limited(&response, "rate_limited", "/auth/register", 7200);
    assert!(message.contains("from your network"), "{message}");
    assert!(response.header("set-cookie").is_none());
    let email = third["email"].as_str().unwrap();
    assert!(app
        .state
        .db
        .account_by_email(email)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn the_default_limits_refuse_the_eleventh_registration_from_one_address() {
    let app = TestApp::new().await;
    for n in 1..=10 {
        let response = post(&app, "/auth/register", registration(), None, None).await;
        assert_eq!(response.status, StatusCode::CREATED, "registration {n}");
    }
    let response = post(&app, "/auth/register", registration(), None, None).await;
    assert_limited(&response, "rate_limited", "/auth/register", 7200);
}

/// Two addresses with a limit of 2 each and 3 in all: the second address is refused
/// by the global limit, and so is a third one that never posted.
#[tokio::test]
async fn per_address_and_global_limits_are_apart() {
    let fx = Fixture::on(
        TestApp::with_config(|c| {
            behind_proxy(c);
            c.limits.post.per_address = rate(2, 3600);
            c.limits.post.global = rate(3, 3600);
        })
        .await,
    )
    .await;
    let cookie = fx.cookie(Who::StaffA).await.unwrap();
    let post_from = |n: usize, address: &'static str| {
        let (app, cookie) = (&fx.app, cookie.clone());
        async move {
            post(
                app,
                "/requests",
                draft(&format!("LIM-{n}")),
                Some(&cookie),
                Some(address),
            )
            .await
        }
    };
    let (a, b, c) = ("198.51.100.1", "198.51.100.2", "198.51.100.3");
    assert_eq!(post_from(1, a).await.status, StatusCode::CREATED);
    assert_eq!(post_from(2, a).await.status, StatusCode::CREATED);
    let (_, message) = assert_limited(&post_from(3, a).await, "rate_limited", "/requests", 7200);
    assert!(message.contains("from your network"), "{message}");
    assert_eq!(post_from(4, b).await.status, StatusCode::CREATED);
    for (n, address) in [(5, b), (6, c)] {
        let (_, message) = assert_limited(
            &post_from(n, address).await,
            "rate_limited",
            "/requests",
            7200,
        );
        assert!(message.contains("on this server"), "{message}");
    }
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 3);
}

#[tokio::test]
async fn a_limit_lets_requests_in_again_once_its_window_has_passed() {
    let fx =
        Fixture::on(TestApp::with_config(|c| c.limits.post.per_address = rate(2, 60)).await).await;
    let cookie = fx.cookie(Who::StaffA).await.unwrap();
    for n in 0..2 {
        let response = post(
            &fx.app,
            "/requests",
            draft(&format!("W-{n}")),
            Some(&cookie),
            None,
        )
        .await;
        assert_eq!(response.status, StatusCode::CREATED);
    }
    let refused = post(&fx.app, "/requests", draft("W-2"), Some(&cookie), None).await;
    let (wait, _) = assert_limited(&refused, "rate_limited", "/requests", 120);
    fx.app.state.clock.advance(time::Duration::seconds(1));
    let still = post(&fx.app, "/requests", draft("W-2"), Some(&cookie), None).await;
    assert_limited(&still, "rate_limited", "/requests", 120);
    // As long as the first refusal said (counting the second already waited).
    fx.app
        .state
        .clock
        .advance(time::Duration::seconds(wait as i64 - 1));
    let again = post(&fx.app, "/requests", draft("W-2"), Some(&cookie), None).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text());
}

/// Two server instances on one database (on a PostgreSQL run, the deployment with
/// several instances): posts alternate between them and share one limit.
#[tokio::test]
async fn two_instances_on_one_database_share_the_limits() {
    let configure = |c: &mut Config| c.limits.post.per_address = rate(3, 3600);
    let fx = Fixture::on(TestApp::with_config(configure).await).await;
    let location: DbLocation = fx.app.db_location.location().parse().unwrap();
    let db = Db::open_with_log_key(location, fx.app.db_location.key_path())
        .await
        .unwrap();
    let mut config = (*fx.app.state.config).clone();
    configure(&mut config);
    let second = router(AppState::new(db.clone(), config));
    let cookie = fx.cookie(Who::StaffA).await.unwrap();
    let mut statuses = Vec::new();
    for n in 0..6 {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/requests")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &cookie)
            .body(Body::from(draft(&format!("TWO-{n}")).to_string()))
            .unwrap();
        let response = if n % 2 == 0 {
            fx.app.raw(request).await
        } else {
            use tower::ServiceExt;
            TestResponse::read(second.clone().oneshot(request).await.unwrap()).await
        };
        statuses.push(response.status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 429, 429, 429]);
    db.close().await;
}

#[tokio::test]
async fn a_spoofed_forwarded_for_is_ignored_without_a_trusted_proxy() {
    let app = TestApp::with_config(|c| c.limits.register.per_address = rate(2, 3600)).await;
    let mut statuses = Vec::new();
    for spoofed in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        let response = post(&app, "/auth/register", registration(), None, Some(spoofed)).await;
        statuses.push(response.status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 429], "one peer, one client");
}

#[tokio::test]
async fn with_a_trusted_proxy_its_hop_is_the_client() {
    let fx = Fixture::on(
        TestApp::with_config(|c| {
            behind_proxy(c);
            c.limits.post.per_address = rate(2, 3600);
        })
        .await,
    )
    .await;
    let cookie = fx.cookie(Who::StaffA).await.unwrap();
    let mut n = 0;
    let mut status = |forwarded: Option<&'static str>| {
        n += 1;
        let (app, cookie) = (&fx.app, cookie.clone());
        async move {
            post(
                app,
                "/requests",
                draft(&format!("XFF-{n}")),
                Some(&cookie),
                forwarded,
            )
            .await
            .status
            .as_u16()
        }
    };
    // Two posts from 198.51.100.7 as the proxy saw it; what a client prepends (left
    // of the proxy's entry) does not make it someone else.
    assert_eq!(status(Some("198.51.100.7")).await, 201);
    assert_eq!(status(Some("10.1.1.1, 198.51.100.7")).await, 201);
    assert_eq!(status(Some("10.2.2.2, 198.51.100.7")).await, 429);
    // The proxy's entry decides: another client.
    assert_eq!(status(Some("198.51.100.7, 198.51.100.8")).await, 201);
    // An IPv6 client is its /64: two addresses of one network are one client.
    assert_eq!(status(Some("2001:db8:7:7::1")).await, 201);
    assert_eq!(status(Some("2001:db8:7:7:abcd::2")).await, 201);
    assert_eq!(status(Some("2001:db8:7:7::3")).await, 429);
    assert_eq!(status(Some("2001:db8:7:8::1")).await, 201);
    // No header (a request that did not come through the proxy): the peer.
    assert_eq!(status(None).await, 201);
}

#[tokio::test]
async fn sign_in_attempts_per_address_are_limited_whatever_the_email() {
    let app = TestApp::with_config(|c| c.limits.sign_in.per_address = rate(3, 900)).await;
    for n in 0..3 {
        let body = wrong_password(&format!("guess-{n}@example.org"));
        let response = post(&app, "/auth/login", body, None, None).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
    let response = post(
        &app,
        "/auth/login",
        wrong_password("guess-3@example.org"),
        None,
        None,
    )
    .await;
    assert_limited(&response, "rate_limited", "/auth/login", 1800);
}

/// The attack the lockout alone lets through: guesses at one account, sent all at once
/// from many addresses, each passing the lockout's check before any failure is
/// recorded. Counted per account before the hash, only the limit's worth are checked;
/// an unknown email is answered exactly the same (no account is revealed).
#[tokio::test]
async fn a_burst_of_guesses_at_one_account_from_many_addresses_gets_the_account_limit() {
    let fx = Fixture::on(
        TestApp::with_config(|c| {
            behind_proxy(c);
            c.limits.sign_in_per_account = rate(4, 900);
        })
        .await,
    )
    .await;
    for email in ["resident@test.example", "nobody@test.example"] {
        let guesses: Vec<_> = (0..12)
            .map(|i| {
                let router = fx.app.router.clone();
                let body = wrong_password(email).to_string();
                tokio::spawn(async move {
                    use tower::ServiceExt;
                    let request = Request::builder()
                        .method(Method::POST)
                        .uri("/api/v1/auth/login")
                        .header(header::CONTENT_TYPE, "application/json")
                        .header("x-forwarded-for", format!("203.0.113.{}", 10 + i))
                        .body(Body::from(body))
                        .unwrap();
                    TestResponse::read(router.oneshot(request).await.unwrap()).await
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for guess in guesses {
            let response = guess.await.unwrap();
            if response.status == StatusCode::TOO_MANY_REQUESTS {
                assert_limited(&response, "too_many_attempts", "/auth/login", 1800);
            }
            statuses.push(response.status.as_u16());
        }
        statuses.sort();
        assert_eq!(
            statuses,
            [401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429, 429],
            "{email}"
        );
        // Only four guesses were checked: five failures would have locked the email.
        let now = fx.app.state.now();
        let db = &fx.app.state.db;
        assert_eq!(db.login_locked_until(email, now).await.unwrap(), None);
    }
    // The account's own owner waits too (as with the lockout) …
    let right = json!({"email": "resident@test.example", "password": PASSWORD});
    let response = post(
        &fx.app,
        "/auth/login",
        right.clone(),
        None,
        Some("198.51.100.9"),
    )
    .await;
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
    // … until the window has passed; signing in then clears the count.
    fx.app.state.clock.advance(time::Duration::minutes(30));
    let response = post(&fx.app, "/auth/login", right, None, Some("198.51.100.9")).await;
    assert_eq!(response.status, StatusCode::OK);
    for _ in 0..4 {
        let response = post(
            &fx.app,
            "/auth/login",
            wrong_password("resident@test.example"),
            None,
            Some("198.51.100.9"),
        )
        .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn reports_past_the_address_limit_get_429() {
    let fx =
        Fixture::on(TestApp::with_config(|c| c.limits.report.per_address = rate(2, 3600)).await)
            .await;
    let ids = [
        fx.publish(Who::StaffA, draft("REP-1")).await,
        fx.publish(Who::StaffA, draft("REP-2")).await,
        fx.publish(Who::StaffA, draft("REP-3")).await,
    ];
    let cookie = fx.cookie(Who::Resident).await.unwrap();
    let report = json!({"reason": "pressure_language"});
    for id in &ids[..2] {
        let path = format!("/requests/{id}/reports");
        let response = post(&fx.app, &path, report.clone(), Some(&cookie), None).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }
    let path = format!("/requests/{}/reports", ids[2]);
    let response = post(&fx.app, &path, report, Some(&cookie), None).await;
    let (_, message) = assert_limited(&response, "rate_limited", "/requests/{id}/reports", 7200);
    assert!(message.contains("reports"), "{message}");
}

#[tokio::test]
async fn counters_of_past_windows_are_pruned_as_requests_come() {
    let fx = Fixture::on(
        TestApp::with_config(|c| {
            behind_proxy(c);
            c.limits.post.per_address = rate(5, 60);
            c.limits.post.global = rate(100, 60);
        })
        .await,
    )
    .await;
    let cookie = fx.cookie(Who::StaffA).await.unwrap();
    for (n, address) in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
        .iter()
        .enumerate()
    {
        let response = post(
            &fx.app,
            "/requests",
            draft(&format!("PR-{n}")),
            Some(&cookie),
            Some(address),
        )
        .await;
        assert_eq!(response.status, StatusCode::CREATED);
    }
    let db = &fx.app.state.db;
    assert_eq!(
        db.rate_limit_rows().await.unwrap(),
        4,
        "three addresses and everyone"
    );
    fx.app.state.clock.advance(time::Duration::minutes(3));
    let response = post(&fx.app, "/requests", draft("PR-3"), Some(&cookie), None).await;
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(
        db.rate_limit_rows().await.unwrap(),
        2,
        "only the new window's"
    );
}

/// Every hashing thread taken and the queue full: a registration and a sign-in are
/// answered 503 `busy` with `Retry-After` at once, instead of waiting in an unbounded
/// queue; once the thread is free they go through.
#[tokio::test]
async fn a_full_hashing_queue_answers_503_at_once() {
    let fx = Fixture::on(
        TestApp::with_config(|c| {
            c.hashing_threads = 1;
            c.hashing_queue = 1;
        })
        .await,
    )
    .await;
    let hashing = fx.app.state.hashing.clone();
    let (release, blocked) = std::sync::mpsc::channel::<()>();
    let holder = {
        let hashing = hashing.clone();
        tokio::spawn(async move { hashing.run(move || blocked.recv().is_ok()).await })
    };
    let queued = {
        let hashing = hashing.clone();
        tokio::spawn(async move { hashing.run(|| ()).await })
    };
    for _ in 0..500 {
        if hashing.waiting() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    assert_eq!(hashing.waiting(), 1, "the queue is full");
    let right = json!({"email": "resident@test.example", "password": PASSWORD});
    for (path, template, body) in [
        ("/auth/register", "/auth/register", registration()),
        ("/auth/login", "/auth/login", right.clone()),
    ] {
        let response = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            post(&fx.app, path, body, None, None),
        )
        .await
        .expect("answered without waiting for a hashing thread");
        assert_eq!(
            response.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            response.text()
        );
        assert_eq!(response.error_code(), "busy");
        assert_eq!(response.header("retry-after"), Some("1"));
        let failures = check_response(&spec(), "POST", template, &response);
        assert!(failures.is_empty(), "{failures:?}");
    }
    release.send(()).unwrap();
    assert!(holder.await.unwrap().unwrap());
    queued.await.unwrap().unwrap();
    let response = post(&fx.app, "/auth/login", right, None, None).await;
    assert_eq!(response.status, StatusCode::OK);
    let response = post(&fx.app, "/auth/register", registration(), None, None).await;
    assert_eq!(response.status, StatusCode::CREATED);
}

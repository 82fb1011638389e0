//! A fresh app per test: a temporary directory with a fake build and the log key, and a
//! fresh database (a SQLite file there, or a PostgreSQL database: `test_db`).

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use porchlight_server::db::DbLocation;
use porchlight_server::{app, AppState, Config, Db};
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

#[path = "support/smtp_sink.rs"]
pub mod smtp_sink;
#[path = "support/tamper.rs"]
pub mod tamper;
#[path = "support/test_db.rs"]
mod test_db;
pub use test_db::TestDb;

/// A minimal Trunk-like build: one inline loader script, one external script.
pub const INDEX_HTML: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Porchlight</title>\
<script type=\"module\">import init from '/porchlight-app-abc.js';init('/porchlight-app-abc_bg.wasm');</script>\
</head><body></body></html>";

/// Raises the posting limits to 1000 an hour (see [`Fixture::for_many_posts`]).
pub fn allow_many_posts(config: &mut Config) {
    let many = Some(porchlight_server::limits::Rate::new(1000, 3600));
    config.limits.post.per_address = many;
    config.limits.post.global = many;
}

/// The peer address of every request a test sends through [`TestApp::send`] (as
/// `axum::serve` with connection info would give it).
pub const TEST_PEER: ([u8; 4], u16) = ([127, 0, 0, 1], 40_000);

/// The app as the server serves it, its requests coming from [`TEST_PEER`].
pub fn router(state: AppState) -> Router {
    app(state).layer(MockConnectInfo(std::net::SocketAddr::from(TEST_PEER)))
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    /// Where the database is (for tests that reach it behind the app's back).
    pub db_location: TestDb,
    pub _dir: TempDir,
}

impl TestApp {
    /// A fresh database and an app build in `dist/`.
    pub async fn new() -> TestApp {
        Self::with_dist(true).await
    }

    /// A fresh database; `built` decides whether `dist/index.html` exists.
    pub async fn with_dist(built: bool) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDb::fresh(dir.path()).await;
        Self::open(dir, db, built, ReviewPolicy::Off).await
    }

    /// A fresh database, with review before publishing as `review` says (the tests'
    /// default is `off`: they predate review).
    pub async fn with_review(review: ReviewPolicy) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDb::fresh(dir.path()).await;
        Self::open(dir, db, true, review).await
    }

    /// A fresh SQLite file whatever the run, for tests about SQLite itself.
    pub async fn sqlite() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDb::sqlite(dir.path());
        Self::open(dir, db, true, ReviewPolicy::Off).await
    }

    /// A fresh database, with the tests' configuration changed by `configure` (e.g. the
    /// abuse limits).
    pub async fn with_config(configure: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let location = TestDb::fresh(dir.path()).await;
        let dist = Self::build_dist(&dir, true);
        let mut config = Config::for_tests(dist);
        configure(&mut config);
        Self::open_with(dir, location, config).await
    }

    async fn open(dir: TempDir, location: TestDb, built: bool, review: ReviewPolicy) -> TestApp {
        let dist = Self::build_dist(&dir, built);
        let mut config = Config::for_tests(dist);
        config.client.review = review;
        Self::open_with(dir, location, config).await
    }

    /// A fake build in `dir/dist` (only the directory unless `built`).
    fn build_dist(dir: &TempDir, built: bool) -> std::path::PathBuf {
        let dist = dir.path().join("dist");
        if built {
            std::fs::create_dir_all(dist.join("assets")).unwrap();
            std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
            std::fs::write(dist.join("assets/app.css"), "body{margin:0}").unwrap();
        }
        dist
    }

    async fn open_with(dir: TempDir, location: TestDb, config: Config) -> TestApp {
        let parsed: DbLocation = location.location().parse().expect("a database location");
        let db = Db::open_with_log_key(parsed, location.key_path())
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", location.location()));
        let state = AppState::new(db, config);
        let router = router(state.clone());
        TestApp {
            state,
            router,
            db_location: location,
            _dir: dir,
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, None, None).await
    }

    /// Sends a request; `body` is sent as JSON.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> TestResponse {
        self.send_with_headers(method, path, body, cookie, &[])
            .await
    }

    /// [`TestApp::send`] with extra headers (`Host`, `Origin`, `Sec-Fetch-Site`, …).
    pub async fn send_with_headers(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = match body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string()))
                .unwrap(),
            None => builder.body(Body::empty()).unwrap(),
        };
        self.raw(request).await
    }

    /// Sends a hand-built request.
    pub async fn raw(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        TestResponse::read(response).await
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    /// Reads a whole response.
    pub async fn read(response: axum::response::Response) -> TestResponse {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        TestResponse {
            status,
            headers,
            bytes,
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the API's error shape and returns the first error's code.
    pub fn error_code(&self) -> String {
        let json = self.json();
        let code = json["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {json}"));
        let errors = json["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors array in {json}"));
        assert!(!errors.is_empty(), "empty errors in {json}");
        assert_eq!(errors[0], json["error"], "errors[0] must repeat error");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "no message in {json}"
        );
        code.to_owned()
    }
}

// ---------------------------------------------------------------------------------
// Accounts, agencies and valid drafts.

use porchlight_domain::wire::{LatLng, NewAgency, RequestDraftInput, ReviewPolicy, Role};
use porchlight_server::auth::{hash_password, hash_token, new_session_token};
use porchlight_server::db::NewAccount;

/// The password of every fixture account.
pub const PASSWORD: &str = "correct horse battery";

static PASSWORD_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// argon2id is slow in debug builds: hash the shared password once per test binary.
pub async fn password_hash() -> &'static str {
    PASSWORD_HASH
        .get_or_init(|| async { hash_password(PASSWORD).await.unwrap() })
        .await
}

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Anonymous,
    Resident,
    /// Staff of agency A (the owner of the requests the tests resolve).
    StaffA,
    /// Staff of agency B.
    StaffB,
    /// Reviews submissions and decides on reports.
    Moderator,
    Admin,
}

impl Who {
    pub const ALL: [Who; 6] = [
        Who::Anonymous,
        Who::Resident,
        Who::StaffA,
        Who::StaffB,
        Who::Moderator,
        Who::Admin,
    ];

    pub fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Resident => Some("resident@test.example"),
            Who::StaffA => Some("staff-a@test.example"),
            Who::StaffB => Some("staff-b@test.example"),
            Who::Moderator => Some("moderator@test.example"),
            Who::Admin => Some("admin@test.example"),
        }
    }
}

/// A fresh app with agencies `agency-a` and `agency-b` and one account per [`Who`]
/// (the moderator made one by the store, as `POST /moderators` does).
pub struct Fixture {
    pub app: TestApp,
    pub agency_a: i64,
    pub agency_b: i64,
}

pub fn new_agency(slug: &str) -> NewAgency {
    NewAgency {
        slug: slug.into(),
        name: format!("Agency {slug}"),
        jurisdiction: "Test City".into(),
        region: "Oregon".into(),
        center: LatLng {
            lat: 45.5152,
            lng: -122.6784,
        },
        contact_email: Some("records@agency.example".into()),
        contact_phone: None,
        time_zone: "UTC".into(),
    }
}

impl Fixture {
    /// Requests publish at once (`--review off`), as before review existed.
    pub async fn new() -> Fixture {
        Self::with_review(ReviewPolicy::Off).await
    }

    pub async fn with_review(review: ReviewPolicy) -> Fixture {
        Self::on(TestApp::with_review(review).await).await
    }

    /// [`Fixture::new`] for a test that posts hundreds of requests from its one address
    /// to test something else (every cell of the authorization table gets a request of
    /// its own): the posting limits are raised to 1000 an hour. The limits themselves
    /// are tested at their defaults and below (`abuse_limits.rs`).
    pub async fn for_many_posts() -> Fixture {
        Self::on(TestApp::with_config(allow_many_posts).await).await
    }

    /// The fixture's agencies and accounts in `app`.
    pub async fn on(app: TestApp) -> Fixture {
        let db = &app.state.db;
        let now = app.state.now();
        let agency_a = db
            .create_agency(&new_agency("agency-a"), now)
            .await
            .unwrap()
            .unwrap();
        let agency_b = db
            .create_agency(&new_agency("agency-b"), now)
            .await
            .unwrap()
            .unwrap();
        let hash = password_hash().await;
        for (who, role, agency_id) in [
            (Who::Resident, Role::Resident, None),
            (Who::StaffA, Role::AgencyStaff, Some(agency_a)),
            (Who::StaffB, Role::AgencyStaff, Some(agency_b)),
            (Who::Moderator, Role::Resident, None),
            (Who::Admin, Role::Admin, None),
        ] {
            let email = who.email().unwrap();
            let new = NewAccount {
                email,
                display_name: email,
                password_hash: hash,
                role,
                agency_id,
            };
            let id = db.create_account(&new, now).await.unwrap().unwrap();
            if who == Who::Moderator {
                assert_eq!(
                    db.make_moderator(id, now).await.unwrap(),
                    porchlight_server::db::MakeModeratorOutcome::Made
                );
            }
        }
        Fixture {
            app,
            agency_a,
            agency_b,
        }
    }

    /// A `Cookie` header value for a fresh session of `who` (none for anonymous).
    /// Sets the signed-in account's opt-out (`PUT /me/preferences`).
    pub async fn set_hide_requests(&self, cookie: Option<&str>, hide: bool) {
        let response = self
            .app
            .send(
                Method::PUT,
                "/api/v1/me/preferences",
                Some(serde_json::json!({ "hide_requests": hide })),
                cookie,
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    }

    pub async fn cookie(&self, who: Who) -> Option<String> {
        let email = who.email()?;
        let db = &self.app.state.db;
        let account = db.account_by_email(email).await.unwrap().unwrap();
        let (token, token_hash) = new_session_token();
        assert_eq!(token_hash, hash_token(&token));
        let now = self.app.state.now();
        db.create_session(&token_hash, account.id, now, now + time::Duration::days(1))
            .await
            .unwrap();
        Some(format!("porchlight_session={token}"))
    }

    pub async fn send_as(
        &self,
        who: Who,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> TestResponse {
        let cookie = self.cookie(who).await;
        self.app.send(method, path, body, cookie.as_deref()).await
    }

    /// Stores a submission of agency A awaiting review straight through the store,
    /// whatever this app's review setting; returns its id.
    pub async fn stored_submission(&self, draft: Value) -> i64 {
        let input: RequestDraftInput = serde_json::from_value(draft).unwrap();
        let now = self.app.state.now();
        let concerns = porchlight_domain::moderation::prescreen(&input.title, &input.description);
        let case_number = input.case_number.clone();
        self.app
            .state
            .db
            .submit_request(
                self.agency_a,
                None,
                &case_number,
                now,
                Box::new(move |existing| {
                    porchlight_domain::RequestDraft::validate(&input, now, existing)
                }),
                concerns,
            )
            .await
            .unwrap()
            .unwrap_or_else(|errors| panic!("refused: {errors:?}"))
            .id
    }

    /// The id of an account of the fixture.
    pub async fn account_id(&self, who: Who) -> i64 {
        let email = who.email().expect("a signed-in role");
        let db = &self.app.state.db;
        db.account_by_email(email).await.unwrap().unwrap().id
    }

    /// Publishes a draft as `who` and returns the new request's id.
    pub async fn publish(&self, who: Who, draft: Value) -> i64 {
        let response = self
            .send_as(who, Method::POST, "/api/v1/requests", Some(draft))
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
        response.json()["id"].as_i64().unwrap()
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A valid draft: a ~0.08 sq mi rectangle in Portland whose south-west corner is at
/// (`lng`, `lat`), a 2-hour time frame that ended an hour ago.
pub fn draft_at(case_number: &str, lng: f64, lat: f64) -> Value {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    let (e, n) = (lng + 0.005, lat + 0.005);
    serde_json::json!({
        "incident_type": "burglary",
        "case_number": case_number,
        "title": "Footage near 5th and Pine",
        "description": "Looking for footage of a person carrying a red bicycle.",
        "contact": { "email": "detective@city.example" },
        "time_frame": { "start": rfc3339(now - time::Duration::hours(3)), "end": rfc3339(now - time::Duration::hours(1)) },
        "area": { "type": "Polygon", "coordinates": [[[lng, lat], [e, lat], [e, n], [lng, n], [lng, lat]]] },
        "attestations": { "active_investigation": true, "no_lawful_activity": true }
    })
}

/// [`draft_at`] near downtown Portland.
pub fn draft(case_number: &str) -> Value {
    draft_at(case_number, -122.68, 45.515)
}

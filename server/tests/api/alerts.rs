//! Email alerts: which published requests a subscription is for (touching, containing,
//! across the ±180° meridian, missing), double opt-in, one-click unsubscribe, the
//! outbox drained by two workers at once without a duplicate, retries and bounces —
//! delivered to a real SMTP server (`support/smtp_sink.rs`) or written as `.eml` files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use porchlight_server::alerts::{drain_outbox, MailLinks, MailSettings, Mailer, OutboxWorker};
use porchlight_server::db::{ConfirmOutcome, NewSubscription, SubscriptionToken};
use porchlight_server::Db;
use serde_json::{json, Value};

use crate::support::smtp_sink::{decoded_header, header, link_token, text_parts, SmtpSink};
use crate::support::{allow_many_posts, draft_at, Fixture, TestApp, Who};

const PUBLIC_URL: &str = "https://porchlight.example";

async fn fixture() -> Fixture {
    Fixture::on(
        TestApp::with_config(|config| {
            allow_many_posts(config);
            config.public_origin = Some(PUBLIC_URL.parse().unwrap());
        })
        .await,
    )
    .await
}

fn links() -> MailLinks {
    MailLinks {
        base: PUBLIC_URL.into(),
    }
}

/// A worker that writes `.eml` files into `dir`.
fn file_worker(dir: &Path) -> OutboxWorker {
    let settings = MailSettings {
        smtp_url: None,
        from: "Porchlight <alerts@porchlight.example>".parse().unwrap(),
        mail_dir: dir.to_owned(),
    };
    OutboxWorker::new(Mailer::new(&settings).unwrap(), links(), 3)
}

/// A worker that sends through `sink`, disabling a subscription after `max_bounces`.
fn smtp_worker(sink: &SmtpSink, max_bounces: u32) -> OutboxWorker {
    let settings = MailSettings {
        smtp_url: Some(sink.url()),
        from: "Porchlight <alerts@porchlight.example>".parse().unwrap(),
        mail_dir: PathBuf::from("/nonexistent"),
    };
    OutboxWorker::new(Mailer::new(&settings).unwrap(), links(), max_bounces)
}

/// The `.eml` files written so far, by name.
fn emails(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// A square of `side` degrees with its south-west corner at (`lng`, `lat`).
fn square(lng: f64, lat: f64, side: f64) -> Value {
    let (e, n) = (lng + side, lat + side);
    json!({"type": "Polygon", "coordinates": [[[lng, lat], [e, lat], [e, n], [lng, n], [lng, lat]]]})
}

async fn subscribe(fx: &Fixture, body: Value) -> crate::support::TestResponse {
    fx.app
        .send(
            Method::POST,
            "/api/v1/alerts/subscriptions",
            Some(body),
            None,
        )
        .await
}

/// Subscribes `email` with `body`'s target, confirms through the link of the
/// confirmation email (written by a file worker into `dir`), and returns the manage
/// token.
async fn subscribe_confirmed(fx: &Fixture, dir: &Path, email: &str, mut body: Value) -> String {
    body["email"] = json!(email);
    let response = subscribe(fx, body).await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    assert_eq!(response.json(), json!({"status": "confirmation_sent"}));
    drain_outbox(&fx.app.state.db, &file_worker(dir), fx.app.state.now())
        .await
        .unwrap();
    let confirmation = emails(dir)
        .into_values()
        .find(|m| header(m, "To").is_some_and(|to| to.contains(email)))
        .expect("a confirmation email");
    assert_eq!(
        header(&confirmation, "Subject").as_deref(),
        Some("Confirm your Porchlight alerts")
    );
    let token = link_token(&confirmation, &format!("{PUBLIC_URL}/alerts/confirm/")).unwrap();
    let confirmed = fx
        .app
        .send(
            Method::POST,
            &format!("/api/v1/alerts/confirm/{token}"),
            None,
            None,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text());
    let subscription = confirmed.json();
    assert_eq!(subscription["confirmed"], true);
    assert_eq!(subscription["email"], email);
    for name in emails(dir).keys() {
        std::fs::remove_file(dir.join(name)).unwrap();
    }
    subscription["manage_url"]
        .as_str()
        .unwrap()
        .strip_prefix("/alerts/manage/")
        .unwrap()
        .to_owned()
}

async fn subscription_id(db: &Db, manage: &str) -> i64 {
    db.alert_subscription_by_token(SubscriptionToken::Manage(manage))
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The subscriptions with an outbox row about `request`.
async fn alerted(db: &Db, request: i64) -> Vec<i64> {
    let mut ids: Vec<i64> = db
        .alert_outbox_rows()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.request_id == Some(request))
        .map(|r| r.subscription_id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_published_request_alerts_the_areas_it_meets_and_its_agencys_subscribers() {
    let fx = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let db = &fx.app.state.db;
    // Downtown Portland, 0.02° a side; the requests below are 0.005° squares.
    let downtown = subscribe_confirmed(
        &fx,
        dir.path(),
        "downtown@example.org",
        json!({"area": square(-122.70, 45.50, 0.02)}),
    )
    .await;
    let tiny = subscribe_confirmed(
        &fx,
        dir.path(),
        "tiny@example.org",
        json!({"area": square(-122.6790, 45.5160, 0.0005)}),
    )
    .await;
    let fiji = subscribe_confirmed(
        &fx,
        dir.path(),
        "fiji@example.org",
        json!({"area": {"type": "Polygon", "coordinates": [[[179.97, -16.8], [-179.97, -16.8], [-179.97, -16.75], [179.97, -16.75], [179.97, -16.8]]]}}),
    )
    .await;
    let agency = subscribe_confirmed(
        &fx,
        dir.path(),
        "agency-b@example.org",
        json!({"agency": "agency-b"}),
    )
    .await;
    let shootings = subscribe_confirmed(
        &fx,
        dir.path(),
        "shootings@example.org",
        json!({"area": square(-122.70, 45.50, 0.02), "incident_types": ["shooting"]}),
    )
    .await;
    let [downtown, tiny, fiji, agency, _shootings] = [
        subscription_id(db, &downtown).await,
        subscription_id(db, &tiny).await,
        subscription_id(db, &fiji).await,
        subscription_id(db, &agency).await,
        subscription_id(db, &shootings).await,
    ];

    // Inside the downtown area, and holding the tiny one.
    let inside = fx
        .publish(Who::StaffA, draft_at("IN-1", -122.682, 45.514))
        .await;
    assert_eq!(alerted(db, inside).await, vec![downtown, tiny]);
    // Sharing only the downtown area's eastern edge (-122.68): touching counts.
    let touching = fx
        .publish(Who::StaffA, draft_at("EDGE-1", -122.68, 45.505))
        .await;
    assert_eq!(alerted(db, touching).await, vec![downtown]);
    // A hair further east: nothing.
    let missing = fx
        .publish(Who::StaffA, draft_at("MISS-1", -122.6799, 45.505))
        .await;
    assert_eq!(alerted(db, missing).await, Vec::<i64>::new());
    // Agency B's request anywhere reaches its subscriber (and no area's).
    let elsewhere = fx
        .publish(Who::StaffB, draft_at("B-1", -73.99, 40.75))
        .await;
    assert_eq!(alerted(db, elsewhere).await, vec![agency]);
    // Across the ±180° meridian: east and west of it, and just beyond either edge.
    let east = fx
        .publish(Who::StaffA, draft_at("FJ-1", 179.975, -16.79))
        .await;
    let west = fx
        .publish(Who::StaffA, draft_at("FJ-2", -179.99, -16.79))
        .await;
    let beyond_west = fx
        .publish(Who::StaffA, draft_at("FJ-3", 179.96, -16.79))
        .await;
    let beyond_east = fx
        .publish(Who::StaffA, draft_at("FJ-4", -179.965, -16.79))
        .await;
    assert_eq!(alerted(db, east).await, vec![fiji]);
    assert_eq!(alerted(db, west).await, vec![fiji]);
    assert_eq!(alerted(db, beyond_west).await, Vec::<i64>::new());
    assert_eq!(alerted(db, beyond_east).await, Vec::<i64>::new());
    // The incident-type filter: a shooting reaches the shootings subscriber too.
    let mut shooting = draft_at("SH-1", -122.69, 45.505);
    shooting["incident_type"] = json!("shooting");
    let shooting = fx.publish(Who::StaffA, shooting).await;
    assert_eq!(alerted(db, shooting).await, vec![downtown, _shootings]);

    // The area feed lists what the area alerts about.
    let manage = db.alert_subscription(downtown).await.unwrap().unwrap();
    let feed = fx
        .app
        .get(&format!("/api/v1/feeds/areas/{}.atom", manage.feed_token))
        .await;
    assert_eq!(feed.status, StatusCode::OK);
    let parsed = feed_rs::parser::parse(feed.text().as_bytes()).unwrap();
    let mut ids: Vec<String> = parsed.entries.iter().map(|e| e.id.clone()).collect();
    ids.sort();
    let mut expected: Vec<String> = [inside, touching, shooting]
        .iter()
        .map(|id| format!("{PUBLIC_URL}/requests/{id}"))
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
    let fiji_row = db.alert_subscription(fiji).await.unwrap().unwrap();
    let fiji_feed = fx
        .app
        .get(&format!("/api/v1/feeds/areas/{}.atom", fiji_row.feed_token))
        .await;
    let parsed = feed_rs::parser::parse(fiji_feed.text().as_bytes()).unwrap();
    assert_eq!(parsed.entries.len(), 2, "both sides of the meridian");
}

#[tokio::test]
async fn an_approved_submission_alerts_as_publishing_does() {
    let fx = Fixture::on(
        TestApp::with_config(|config| {
            config.client.review = porchlight_domain::wire::ReviewPolicy::Required;
        })
        .await,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let manage = subscribe_confirmed(
        &fx,
        dir.path(),
        "reviewed@example.org",
        json!({"agency": "agency-a"}),
    )
    .await;
    let id = fx
        .stored_submission(draft_at("REV-1", -122.68, 45.515))
        .await;
    let db = &fx.app.state.db;
    assert_eq!(
        alerted(db, id).await,
        Vec::<i64>::new(),
        "not before approval"
    );
    let approved = fx
        .send_as(
            Who::Moderator,
            Method::POST,
            &format!("/api/v1/requests/{id}/review"),
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert!(approved.status.is_success(), "{}", approved.text());
    assert_eq!(
        alerted(db, id).await,
        vec![subscription_id(db, &manage).await]
    );
}

#[tokio::test]
async fn nothing_is_sent_before_the_address_confirms_and_links_work_once() {
    let fx = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let db = &fx.app.state.db;
    let worker = file_worker(dir.path());
    let response = subscribe(
        &fx,
        json!({"email": "careful@example.org", "area": square(-122.70, 45.50, 0.02)}),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    let before = fx
        .publish(Who::StaffA, draft_at("EARLY-1", -122.69, 45.505))
        .await;
    assert_eq!(alerted(db, before).await, Vec::<i64>::new());
    let report = drain_outbox(db, &worker, fx.app.state.now()).await.unwrap();
    assert_eq!(report.sent, 1);
    let sent = emails(dir.path());
    assert_eq!(sent.len(), 1, "only the confirmation: {:?}", sent.keys());
    let confirmation = sent.values().next().unwrap();
    let token = link_token(confirmation, &format!("{PUBLIC_URL}/alerts/confirm/")).unwrap();
    assert_eq!(token.len(), 43);
    assert!(header(confirmation, "List-Unsubscribe")
        .unwrap()
        .starts_with(&format!("<{PUBLIC_URL}/api/v1/alerts/unsubscribe/")));

    // A wrong token, then the right one, then the right one again.
    let confirm = |token: String| {
        let app = &fx.app;
        async move {
            app.send(
                Method::POST,
                &format!("/api/v1/alerts/confirm/{token}"),
                None,
                None,
            )
            .await
        }
    };
    let wrong = confirm(format!("{}x", &token[..42])).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong.error_code(), "alert_link_unknown");
    let subscription = confirm(token.clone()).await;
    assert_eq!(subscription.status, StatusCode::OK);
    assert_eq!(subscription.json()["confirmed"], true);
    let again = confirm(token).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.error_code(), "alert_link_unknown");

    // Alerts start with the next request; the earlier one stays unsent.
    let after = fx
        .publish(Who::StaffA, draft_at("LATER-1", -122.69, 45.505))
        .await;
    assert_eq!(alerted(db, after).await.len(), 1);
    assert_eq!(alerted(db, before).await, Vec::<i64>::new());

    // A link used after its 48 hours: 410, and the sweep deletes the address.
    let response = subscribe(
        &fx,
        json!({"email": "slow@example.org", "agency": "agency-a"}),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    drain_outbox(db, &worker, fx.app.state.now()).await.unwrap();
    let slow = emails(dir.path())
        .into_values()
        .find(|m| header(m, "To").is_some_and(|to| to.contains("slow@example.org")))
        .unwrap();
    let token = link_token(&slow, &format!("{PUBLIC_URL}/alerts/confirm/")).unwrap();
    fx.app.state.clock.advance(time::Duration::hours(48));
    let expired = confirm(token.clone()).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert_eq!(expired.error_code(), "alert_link_expired");
    assert_eq!(
        db.sweep_alert_subscriptions(fx.app.state.now())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        db.execute_raw(
            "UPDATE alert_subscriptions SET bounces = 0 WHERE email = 'slow@example.org'"
        )
        .await
        .unwrap(),
        0,
        "the unconfirmed address is gone"
    );
    assert_eq!(confirm(token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_alert_reaches_a_real_smtp_server_and_one_click_unsubscribes() {
    let fx = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let db = &fx.app.state.db;
    let manage = subscribe_confirmed(
        &fx,
        dir.path(),
        "resident@example.org",
        json!({"area": square(-122.70, 45.50, 0.02), "incident_types": ["burglary"]}),
    )
    .await;
    let id = fx
        .publish(Who::StaffA, draft_at("26-0042", -122.69, 45.505))
        .await;
    let sink = SmtpSink::start().await;
    let report = drain_outbox(db, &smtp_worker(&sink, 3), fx.app.state.now())
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].recipients, vec!["resident@example.org"]);
    let email = &received[0].data;
    assert!(header(email, "Subject")
        .unwrap()
        .contains("Agency agency-a asks for camera footage"));
    let unsubscribe = format!("{PUBLIC_URL}/api/v1/alerts/unsubscribe/{manage}");
    assert_eq!(
        header(email, "List-Unsubscribe").map(|v| v.replace(' ', "")),
        Some(format!("<{unsubscribe}>"))
    );
    assert_eq!(
        header(email, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let parts = text_parts(email);
    let plain = &parts
        .iter()
        .find(|(ct, _)| ct.starts_with("text/plain"))
        .unwrap()
        .1;
    let html = &parts
        .iter()
        .find(|(ct, _)| ct.starts_with("text/html"))
        .unwrap()
        .1;
    let page = format!("{PUBLIC_URL}/requests/{id}");
    for text in [plain, html] {
        assert!(text.contains(&page), "{text}");
        assert!(text.contains(&format!("{PUBLIC_URL}/alerts/manage/{manage}")));
        assert!(text.contains("Burglary"));
        assert!(text.contains("26-0042"));
        assert!(text.contains(" UTC ("), "the time frame in words: {text}");
        assert!(text.contains("sq mi"), "the area in words: {text}");
    }
    // Read back, the subscription is its holder's; then one click as RFC 8058 does it.
    let shown = fx.app.get(&format!("/api/v1/alerts/manage/{manage}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.json()["incident_types"], json!(["burglary"]));
    let one_click = fx
        .app
        .raw(
            Request::builder()
                .method(Method::POST)
                .uri(format!("/api/v1/alerts/unsubscribe/{manage}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        one_click.status,
        StatusCode::NO_CONTENT,
        "{}",
        one_click.text()
    );
    assert_eq!(
        fx.app
            .get(&format!("/api/v1/alerts/manage/{manage}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Deleted, not kept: no row holds the address, no outbox row is left for it.
    assert_eq!(
        db.execute_raw(
            "UPDATE alert_subscriptions SET bounces = 0 WHERE email = 'resident@example.org'"
        )
        .await
        .unwrap(),
        0
    );
    assert!(db.alert_outbox_rows().await.unwrap().is_empty());
    let next = fx
        .publish(Who::StaffA, draft_at("26-0043", -122.69, 45.505))
        .await;
    assert_eq!(alerted(db, next).await, Vec::<i64>::new());
}

/// The plain text and HTML parts of an email.
fn plain_and_html(email: &str) -> (String, String) {
    let parts = text_parts(email);
    let part = |kind: &str| {
        parts
            .iter()
            .find(|(ct, _)| ct.starts_with(kind))
            .unwrap_or_else(|| panic!("a {kind} part"))
            .1
            .clone()
    };
    (part("text/plain"), part("text/html"))
}

#[tokio::test]
async fn a_spanish_subscription_gets_its_emails_in_spanish() {
    let fx = fixture().await;
    let db = &fx.app.state.db;
    let sink = SmtpSink::start().await;
    let response = subscribe(
        &fx,
        json!({
            "email": "vecina@example.org",
            "area": square(-122.70, 45.50, 0.02),
            "incident_types": ["burglary"],
            "language": "es"
        }),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    let worker = smtp_worker(&sink, 3);
    drain_outbox(db, &worker, fx.app.state.now()).await.unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let confirmation = &received[0].data;
    assert_eq!(
        decoded_header(confirmation, "Subject").as_deref(),
        Some("Confirme sus alertas de Porchlight")
    );
    let (plain, html) = plain_and_html(confirmation);
    for text in [&plain, &html] {
        assert!(
            text.contains("Alguien, esperamos que usted, pidió a Porchlight"),
            "{text}"
        );
        // The incident type and the area's units as the Spanish app writes them.
        assert!(text.contains("sobre: Robo en vivienda o local"), "{text}");
        assert!(text.contains(" mi² ("), "{text}");
        assert!(text.contains("48 horas"), "{text}");
        assert!(
            !text.contains("Someone") && !text.contains("sq mi"),
            "{text}"
        );
    }
    assert!(html.contains("<html lang=\"es\">"), "{html}");
    assert!(html.contains(">Confirmar estas alertas</a>"), "{html}");
    let token = link_token(confirmation, &format!("{PUBLIC_URL}/alerts/confirm/")).unwrap();
    let confirmed = fx
        .app
        .send(
            Method::POST,
            &format!("/api/v1/alerts/confirm/{token}"),
            None,
            None,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text());
    assert_eq!(confirmed.json()["language"], "es");
    let manage = confirmed.json()["manage_url"]
        .as_str()
        .unwrap()
        .strip_prefix("/alerts/manage/")
        .unwrap()
        .to_owned();

    let id = fx
        .publish(Who::StaffA, draft_at("26-0142", -122.69, 45.505))
        .await;
    drain_outbox(db, &worker, fx.app.state.now()).await.unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 2);
    let alert = &received[1].data;
    assert_eq!(
        decoded_header(alert, "Subject").as_deref(),
        Some("Agency agency-a pide grabaciones de cámaras: Footage near 5th and Pine")
    );
    assert_eq!(
        header(alert, "List-Unsubscribe").map(|v| v.replace(' ', "")),
        Some(format!("<{PUBLIC_URL}/api/v1/alerts/unsubscribe/{manage}>"))
    );
    let (plain, html) = plain_and_html(alert);
    let weekdays = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    for text in [&plain, &html] {
        assert!(
            text.contains("Agency agency-a publicó una solicitud de grabaciones de cámaras."),
            "{text}"
        );
        assert!(
            text.contains("Footage near 5th and Pine (caso 26-0142)"),
            "{text}"
        );
        assert!(
            text.contains("Tipo de incidente: Robo en vivienda o local"),
            "{text}"
        );
        // The time frame in words, in Spanish: the weekday, "de {month} de {year}",
        // the hours and the zone.
        assert!(
            weekdays
                .iter()
                .any(|day| text.contains(&format!("Cuándo: {day} "))),
            "{text}"
        );
        assert!(text.contains(", hora UTC ("), "{text}");
        assert!(text.contains("Dónde: "), "{text}");
        assert!(
            text.contains(" mi² (") && text.contains(" alrededor de 45.5"),
            "{text}"
        );
        assert!(text.contains("° N, 122.6"), "{text}");
        assert!(text.contains("° O"), "{text}");
        assert!(
            text.contains(&format!("{PUBLIC_URL}/requests/{id}")),
            "{text}"
        );
        assert!(
            text.contains("porque se suscribió a las solicitudes en el área de 1.34 mi² (3.47 km²) que usted dibujó"),
            "{text}"
        );
        assert!(text.contains(&format!("{PUBLIC_URL}/alerts/manage/{manage}")));
        for english in [
            "Incident type",
            "When:",
            "Where:",
            "sq mi",
            "Burglary",
            "Read it",
        ] {
            assert!(!text.contains(english), "{english} in {text}");
        }
    }
    assert!(plain.contains(&format!(
        "Cancelar la suscripción: {PUBLIC_URL}/alerts/manage/{manage}"
    )));
    assert!(html.contains("<html lang=\"es\">"), "{html}");
    assert!(html.contains(">Leer la solicitud</a>"), "{html}");
}

#[tokio::test]
async fn emails_are_in_english_unless_spanish_is_asked_for() {
    let fx = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let french = subscribe(
        &fx,
        json!({"email": "voisin@example.org", "agency": "agency-a", "language": "fr"}),
    )
    .await;
    assert_eq!(french.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(french.error_code(), "language_invalid");
    assert_eq!(french.json()["error"]["field"], "language");
    // Left out: English (subscribe_confirmed checks the English subject too).
    let manage = subscribe_confirmed(
        &fx,
        dir.path(),
        "neighbour@example.org",
        json!({"agency": "agency-a"}),
    )
    .await;
    let shown = fx.app.get(&format!("/api/v1/alerts/manage/{manage}")).await;
    assert_eq!(shown.json()["language"], "en");
}

#[tokio::test]
async fn addresses_are_never_shown_to_agencies_or_in_exports() {
    let fx = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    const SECRET: &str = "hidden-neighbour@example.org";
    subscribe_confirmed(&fx, dir.path(), SECRET, json!({"agency": "agency-a"})).await;
    let id = fx
        .publish(Who::StaffA, draft_at("SEEN-1", -122.68, 45.515))
        .await;
    let year = fx.app.state.now().year();
    for who in [Who::StaffA, Who::Admin, Who::Moderator, Who::Anonymous] {
        for path in [
            "/api/v1/agencies/agency-a".to_owned(),
            "/api/v1/agencies/agency-a/requests".to_owned(),
            "/api/v1/agencies/agency-a/requests.csv".to_owned(),
            "/api/v1/agencies/agency-a/requests.geojson".to_owned(),
            "/api/v1/agencies/agency-a/submissions".to_owned(),
            format!("/api/v1/agencies/agency-a/reports/{year}"),
            format!("/api/v1/agencies/agency-a/reports/{year}.csv"),
            format!("/api/v1/reports/{year}.csv"),
            format!("/api/v1/requests/{id}"),
            "/api/v1/requests".to_owned(),
            "/api/v1/feeds/requests.atom".to_owned(),
            "/api/v1/feeds/agencies/agency-a.atom".to_owned(),
            "/api/v1/moderation/log".to_owned(),
            "/api/v1/log/entries?start=0&end=1".to_owned(),
            "/api/v1/me".to_owned(),
        ] {
            let response = fx.send_as(who, Method::GET, &path, None).await;
            assert!(
                !response.text().contains("hidden-neighbour"),
                "{path} as {who:?} shows a subscriber's address"
            );
        }
    }
}

/// Subscriptions made and confirmed behind the API's back, one per address.
async fn confirmed_subscribers(db: &Db, now: time::OffsetDateTime, emails: &[String]) -> Vec<i64> {
    let area = porchlight_domain::alert::AlertArea::from_geojson(
        &serde_json::from_value(square(-122.70, 45.50, 0.02)).unwrap(),
    )
    .unwrap();
    let mut ids = Vec::new();
    for (n, email) in emails.iter().enumerate() {
        let (manage, feed, confirm) = (
            format!("m-{n}-{email}"),
            format!("f-{n}-{email}"),
            format!("c-{n}-{email}"),
        );
        let id = db
            .create_alert_subscription(
                &NewSubscription {
                    email,
                    agency_id: None,
                    area: Some(&area),
                    incident_types: &[],
                    manage_token: &manage,
                    feed_token: &feed,
                    confirm_token: &confirm,
                    confirm_expires_at: now + time::Duration::hours(48),
                    language: porchlight_domain::RequestLanguage::En,
                },
                now,
            )
            .await
            .unwrap();
        assert!(matches!(
            db.confirm_alert_subscription(&confirm, now).await.unwrap(),
            ConfirmOutcome::Confirmed(_)
        ));
        ids.push(id);
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_on_one_database_send_every_email_once() {
    let fx = fixture().await;
    let db = &fx.app.state.db;
    let now = fx.app.state.now();
    let addresses: Vec<String> = (0..60).map(|n| format!("n{n}@example.org")).collect();
    confirmed_subscribers(db, now, &addresses).await;
    for case in ["TWO-1", "TWO-2"] {
        fx.publish(Who::StaffA, draft_at(case, -122.69, 45.505))
            .await;
    }
    let now = fx.app.state.now();
    // A second store on the same database: another server instance.
    let location = &fx.app.db_location;
    let other = Db::open_with_log_key(
        location
            .location()
            .parse::<porchlight_server::db::DbLocation>()
            .unwrap(),
        location.key_path(),
    )
    .await
    .unwrap();
    let sink = SmtpSink::start().await;
    let (a, b) = (smtp_worker(&sink, 3), smtp_worker(&sink, 3));
    let (first, second) = tokio::join!(drain_outbox(db, &a, now), drain_outbox(&other, &b, now));
    let (first, second) = (first.unwrap(), second.unwrap());
    // 60 confirmations (already confirmed: dropped unsent) and 120 alerts.
    assert_eq!(first.sent + second.sent, 120, "{first:?} {second:?}");
    assert_eq!(first.dropped + second.dropped, 60);
    assert!(
        first.sent > 0 && second.sent > 0,
        "both worked: {first:?} {second:?}"
    );
    let received = sink.received();
    assert_eq!(received.len(), 120);
    let mut per_recipient: BTreeMap<String, usize> = BTreeMap::new();
    for message in &received {
        *per_recipient
            .entry(message.recipients.join(","))
            .or_default() += 1;
    }
    assert_eq!(per_recipient.len(), 60);
    assert!(per_recipient.values().all(|&n| n == 2), "{per_recipient:?}");
    let rows = db.alert_outbox_rows().await.unwrap();
    assert!(rows
        .iter()
        .filter(|r| r.request_id.is_some())
        .all(|r| r.sent && r.attempts == 1));
    // Drained: nothing more to claim for anyone.
    let again = drain_outbox(&other, &b, now).await.unwrap();
    assert_eq!(again.sent + again.dropped + again.retried, 0);
    other.close().await;
}

#[tokio::test]
async fn failures_are_retried_later_and_bounces_disable_the_subscription() {
    let fx = fixture().await;
    let db = &fx.app.state.db;
    let now = fx.app.state.now();
    let addresses = [
        "fine@example.org".to_owned(),
        "later@example.org".to_owned(),
        "gone@example.org".to_owned(),
    ];
    let ids = confirmed_subscribers(db, now, &addresses).await;
    let sink = SmtpSink::start().await;
    sink.answer("later@example.org", 451);
    sink.answer("gone@example.org", 550);
    let worker = smtp_worker(&sink, 2);
    let first = fx
        .publish(Who::StaffA, draft_at("BOUNCE-1", -122.69, 45.505))
        .await;
    let now = fx.app.state.now();
    let report = drain_outbox(db, &worker, now).await.unwrap();
    assert_eq!((report.sent, report.retried, report.bounced), (1, 1, 1));
    let row = |rows: &[porchlight_server::db::OutboxRow], subscription: i64| {
        rows.iter()
            .find(|r| r.subscription_id == subscription && r.request_id == Some(first))
            .cloned()
            .unwrap()
    };
    let rows = db.alert_outbox_rows().await.unwrap();
    let later = row(&rows, ids[1]);
    assert!(!later.sent && !later.failed);
    assert_eq!(later.attempts, 1);
    assert!(later.last_error.unwrap().contains("451"));
    let gone = row(&rows, ids[2]);
    assert!(gone.failed && !gone.sent);
    assert_eq!(
        db.alert_subscription(ids[2])
            .await
            .unwrap()
            .unwrap()
            .bounces,
        1
    );

    // Not again at once: the retry waits a minute, then two, then four…
    let report = drain_outbox(db, &worker, now).await.unwrap();
    assert_eq!(report.retried, 0);
    let report = drain_outbox(db, &worker, now + time::Duration::seconds(61))
        .await
        .unwrap();
    assert_eq!(report.retried, 1);
    let report = drain_outbox(db, &worker, now + time::Duration::seconds(122))
        .await
        .unwrap();
    assert_eq!(report.retried, 0, "the second wait is two minutes");
    sink.answer("later@example.org", 250);
    let report = drain_outbox(db, &worker, now + time::Duration::seconds(61 + 121))
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    let later = row(&db.alert_outbox_rows().await.unwrap(), ids[1]);
    assert!(later.sent);
    assert_eq!(later.attempts, 3);
    assert_eq!(
        sink.received()
            .iter()
            .filter(|m| m.recipients == ["later@example.org"])
            .count(),
        1
    );

    // A second bounce (the flag says 2) disables the subscription: no more alerts.
    fx.publish(Who::StaffA, draft_at("BOUNCE-2", -122.69, 45.505))
        .await;
    drain_outbox(db, &worker, now + time::Duration::seconds(200))
        .await
        .unwrap();
    let disabled = db.alert_subscription(ids[2]).await.unwrap().unwrap();
    assert_eq!(disabled.bounces, 2);
    assert!(disabled.disabled_at.is_some());
    let third = fx
        .publish(Who::StaffA, draft_at("BOUNCE-3", -122.69, 45.505))
        .await;
    assert_eq!(alerted(db, third).await, vec![ids[0], ids[1]]);
    let manage = fx
        .app
        .get(&format!("/api/v1/alerts/manage/{}", disabled.manage_token))
        .await;
    assert_eq!(manage.json()["disabled"], true);
}

#[tokio::test]
async fn subscriptions_are_checked_and_limited() {
    let fx = fixture().await;
    let code = |r: &crate::support::TestResponse| r.error_code();
    let big = subscribe(
        &fx,
        json!({"email": "a@example.org", "area": square(-122.9, 45.3, 0.2)}),
    )
    .await;
    assert_eq!(big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&big), "alert_area_too_large");
    let none = subscribe(&fx, json!({"email": "a@example.org"})).await;
    assert_eq!(code(&none), "alert_target_missing");
    let both = subscribe(
        &fx,
        json!({"email": "a@example.org", "agency": "agency-a", "area": square(-122.7, 45.5, 0.01)}),
    )
    .await;
    assert_eq!(code(&both), "alert_target_ambiguous");
    let unknown = subscribe(&fx, json!({"email": "a@example.org", "agency": "nobody"})).await;
    assert_eq!(code(&unknown), "agency_unknown");
    let bad = subscribe(
        &fx,
        json!({"email": "not an address", "agency": "agency-a", "incident_types": ["jaywalking"]}),
    )
    .await;
    let codes: Vec<String> = bad.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["email", "incident_types"]);
    // Five confirmations a day per address, whoever asks; refused ones count nothing.
    for n in 0..5 {
        let ok = subscribe(
            &fx,
            json!({"email": "Target@Example.org", "agency": "agency-a"}),
        )
        .await;
        assert_eq!(ok.status, StatusCode::ACCEPTED, "{n}");
    }
    let refused = subscribe(
        &fx,
        json!({"email": "target@example.org", "agency": "agency-b"}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("this email address"));
    assert_eq!(
        fx.app.state.db.alert_outbox_rows().await.unwrap().len(),
        5,
        "one confirmation per accepted subscription"
    );
}

#[tokio::test]
async fn one_click_on_the_confirmation_email_deletes_the_unconfirmed_address() {
    let fx = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let db = &fx.app.state.db;
    let response = subscribe(
        &fx,
        json!({"email": "not-me@example.org", "agency": "agency-a"}),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    drain_outbox(db, &file_worker(dir.path()), fx.app.state.now())
        .await
        .unwrap();
    let confirmation = emails(dir.path()).into_values().next().unwrap();
    let unsubscribe = header(&confirmation, "List-Unsubscribe")
        .unwrap()
        .replace(' ', "");
    let path = unsubscribe
        .strip_prefix(&format!("<{PUBLIC_URL}"))
        .and_then(|p| p.strip_suffix('>'))
        .unwrap();
    let response = fx.app.send(Method::POST, path, None, None).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert_eq!(
        db.execute_raw(
            "UPDATE alert_subscriptions SET bounces = 0 WHERE email = 'not-me@example.org'"
        )
        .await
        .unwrap(),
        0
    );
    let token = link_token(&confirmation, &format!("{PUBLIC_URL}/alerts/confirm/")).unwrap();
    let confirm = fx
        .app
        .send(
            Method::POST,
            &format!("/api/v1/alerts/confirm/{token}"),
            None,
            None,
        )
        .await;
    assert_eq!(confirm.status, StatusCode::NOT_FOUND);
}

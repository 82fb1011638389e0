//! `--demo`: valid data around Portland, seeded once.

use axum::http::{Method, StatusCode};
use porchlight_domain::moderation::prescreen;
use porchlight_domain::wire::{
    AttestationsInput, ModerationLogPage, PublishedRequest, RequestDraftInput, SubmissionList,
    SubmissionStatus,
};
use porchlight_domain::{RequestDraft, SQUARE_MILE_M2};
use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn demo_data_is_valid_recent_and_seeded_once() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let now = app.state.now();
    assert!(porchlight_server::demo::seed(db, now).await.unwrap());
    assert!(
        !porchlight_server::demo::seed(db, now).await.unwrap(),
        "second run seeds nothing"
    );

    let agencies = app.get("/api/v1/agencies").await.json();
    let agencies = agencies.as_array().unwrap();
    assert_eq!(agencies.len(), 3);
    let city = agencies
        .iter()
        .find(|a| a["slug"] == "demo-city-police")
        .expect("demo-city-police");
    assert_eq!(city["name"], "Demo City Police Department");
    // Oregon's agencies keep Oregon's time: their annual reports count months there.
    for agency in agencies {
        let slug = agency["slug"].as_str().unwrap();
        let profile = app.get(&format!("/api/v1/agencies/{slug}")).await.json();
        assert_eq!(profile["time_zone"], "America/Los_Angeles", "{slug}");
    }
    // The demo's last 90 days lie in this year or the one before, Oregon time.
    let year = now.to_offset(time::macros::offset!(-8)).year();
    let mut counted = 0;
    for year in [year - 1, year] {
        let report = app
            .get(&format!("/api/v1/agencies/demo-city-police/reports/{year}"))
            .await
            .json();
        assert_eq!(report["time_zone"], "America/Los_Angeles");
        counted += report["totals"]["requests"].as_u64().unwrap();
    }
    let city_total = app.get("/api/v1/agencies/demo-city-police").await.json()["total_requests"]
        .as_u64()
        .unwrap();
    assert_eq!(counted, city_total);

    let page = app.get("/api/v1/requests?limit=200").await.json();
    let items: Vec<PublishedRequest> = serde_json::from_value(page["items"].clone()).unwrap();
    assert!((55..=65).contains(&items.len()), "{}", items.len());
    // Every published request is on the feed but the one with a policy finding.
    assert_eq!(db.request_count().await.unwrap() as usize, items.len() + 1);
    let resolved = items.iter().filter(|r| r.resolution.is_some()).count();
    assert!(
        resolved >= 5 && resolved < items.len() / 2,
        "{resolved} resolved"
    );
    for r in &items {
        let age = now - r.created_at;
        assert!(
            age > time::Duration::ZERO && age <= time::Duration::days(90),
            "request {} is {age} old",
            r.id
        );
        let sq_mi = r.area_m2 / SQUARE_MILE_M2;
        assert!(
            (0.04..=0.45).contains(&sq_mi),
            "request {} covers {sq_mi} sq mi",
            r.id
        );
        for &[lng, lat] in &r.area.coordinates[0] {
            assert!(
                (-122.80..=-122.45).contains(&lng) && (45.42..=45.60).contains(&lat),
                "request {} is not in Portland",
                r.id
            );
        }
        // Every rule held when it was published.
        let input = RequestDraftInput {
            incident_type: r.incident_type.clone(),
            case_number: r.case_number.clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            contact: r.contact.clone(),
            time_frame: r.time_frame.clone(),
            area: r.area.clone(),
            attestations: AttestationsInput::CONFIRMED,
        };
        if let Err(errors) = RequestDraft::validate(&input, r.created_at, 0) {
            panic!(
                "request {} breaks {:?}",
                r.id,
                errors.iter().map(|e| e.code()).collect::<Vec<_>>()
            );
        }
        if let Some(resolution) = &r.resolution {
            assert!(resolution.resolved_at > r.created_at && resolution.resolved_at <= now);
        }
    }
    // No case number has more than two requests in one agency.
    let mut per_case = std::collections::HashMap::new();
    for r in &items {
        *per_case
            .entry((r.agency.slug.clone(), r.case_number.clone()))
            .or_insert(0) += 1;
    }
    assert!(per_case.values().all(|&n| n <= 2));
    assert!(
        per_case.values().any(|&n| n == 2),
        "some cases have a follow-up request"
    );

    let login = json!({"email": "officer@porchlight.test", "password": porchlight_server::demo::DEMO_PASSWORD});
    let response = app
        .send(Method::POST, "/api/v1/auth/login", Some(login), None)
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["agency"]["slug"], "demo-city-police");
    for (email, role) in [
        ("admin@porchlight.test", "admin"),
        ("resident@porchlight.test", "resident"),
        ("moderator@porchlight.test", "moderator"),
    ] {
        let account = db.account_by_email(email).await.unwrap().expect(email);
        assert_eq!(account.role.as_str(), role);
    }
    demo_moderation(&app, &items).await;
}

/// The demo shows every kind of moderation: a queue that is not empty (with a concern
/// to highlight), an approval, a rejection, an upheld and a dismissed report, and an
/// open report.
async fn demo_moderation(app: &TestApp, feed: &[PublishedRequest]) {
    let login = json!({"email": "moderator@porchlight.test", "password": porchlight_server::demo::DEMO_PASSWORD});
    let response = app
        .send(Method::POST, "/api/v1/auth/login", Some(login), None)
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["role"], "moderator");
    let cookie = response
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let queue = app
        .send(Method::GET, "/api/v1/moderation/queue", None, Some(&cookie))
        .await;
    assert_eq!(queue.status, StatusCode::OK);
    let queue: SubmissionList = serde_json::from_slice(&queue.bytes).unwrap();
    assert!(queue.items.len() >= 3, "{} pending", queue.items.len());
    assert!(queue
        .items
        .windows(2)
        .all(|w| w[0].submitted_at <= w[1].submitted_at));
    for submission in &queue.items {
        assert_eq!(submission.status, SubmissionStatus::PendingReview);
        assert_eq!(submission.agency.slug, "demo-city-police");
        assert_eq!(
            submission.concerns,
            prescreen(&submission.title, &submission.description)
        );
    }
    assert!(
        queue.items.iter().any(|s| !s.concerns.is_empty()),
        "a concern to highlight"
    );

    let log = app.get("/api/v1/moderation/log").await;
    assert_eq!(log.status, StatusCode::OK);
    let text = log.text();
    assert!(
        !text.contains("People at the march"),
        "never a rejected title"
    );
    let log: ModerationLogPage = serde_json::from_slice(&log.bytes).unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        log.items.iter().map(|i| i.action.as_str()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["approve", "dismiss", "reject", "uphold"]
    );
    // Newest first, as the page says: the demo makes its decisions in time order.
    let times: Vec<_> = log.items.iter().map(|i| i.decided_at).collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "the log is not newest first: {times:?}"
    );
    let rejected = log
        .items
        .iter()
        .find(|i| i.action.as_str() == "reject")
        .unwrap();
    assert_eq!(rejected.reasons[0].code(), "lawful_activity");
    assert!(rejected.rejected.is_some());

    // The approved submission is published, reviewed; the upheld one left the feed.
    let approved = log
        .items
        .iter()
        .find(|i| i.action.as_str() == "approve")
        .unwrap();
    assert!(feed.iter().any(|r| r.id == approved.subject_id));
    let reviewed = app
        .get(&format!(
            "/api/v1/requests/{}/moderation",
            approved.subject_id
        ))
        .await
        .json();
    assert!(reviewed["reviewed_at"].as_str().is_some(), "{reviewed}");
    let upheld = log
        .items
        .iter()
        .find(|i| i.action.as_str() == "uphold")
        .unwrap();
    assert!(!feed.iter().any(|r| r.id == upheld.subject_id));
    let moderation = app
        .get(&format!(
            "/api/v1/requests/{}/moderation",
            upheld.subject_id
        ))
        .await
        .json();
    assert_eq!(moderation["findings"].as_array().unwrap().len(), 1);
    let profile = app.get("/api/v1/agencies/demo-city-police").await.json();
    assert_eq!(profile["findings"].as_array().unwrap().len(), 1);

    let reports = app
        .send(
            Method::GET,
            "/api/v1/moderation/reports",
            None,
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(
        reports["items"].as_array().unwrap().len(),
        1,
        "an open report"
    );
}

//! `--demo`: valid data around Portland, seeded once.

use axum::http::{Method, StatusCode};
use porchlight_domain::wire::{AttestationsInput, PublishedRequest, RequestDraftInput};
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

    let page = app.get("/api/v1/requests?limit=200").await.json();
    let items: Vec<PublishedRequest> = serde_json::from_value(page["items"].clone()).unwrap();
    assert!((55..=65).contains(&items.len()), "{}", items.len());
    assert_eq!(db.request_count().await.unwrap() as usize, items.len());
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
    ] {
        let account = db.account_by_email(email).await.unwrap().expect(email);
        assert_eq!(account.role.as_str(), role);
    }
}

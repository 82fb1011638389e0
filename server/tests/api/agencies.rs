//! The public directory, profiles and history; admin-only creation and staff.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{draft, new_agency, Fixture, Who};

#[tokio::test]
async fn directory_and_profile_count_requests() {
    let fx = Fixture::new().await;
    let first = fx.publish(Who::StaffA, draft("A-1")).await;
    fx.publish(Who::StaffA, draft("A-2")).await;
    fx.publish(Who::StaffB, draft("B-1")).await;
    let staff = fx.cookie(Who::StaffA).await;
    let resolved = fx
        .app
        .send(
            Method::POST,
            &format!("/api/v1/requests/{first}/resolution"),
            None,
            staff.as_deref(),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::CREATED);

    let list = fx.app.get("/api/v1/agencies").await.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["slug"], "agency-a");
    assert_eq!(list[0]["total_requests"], 2);
    assert_eq!(list[0]["requests_last_12_months"], 2);
    assert_eq!(list[1]["total_requests"], 1);

    let profile = fx.app.get("/api/v1/agencies/agency-a").await;
    assert_eq!(profile.status, StatusCode::OK);
    let p = profile.json();
    assert_eq!(
        (
            p["total_requests"].as_u64(),
            p["open_requests"].as_u64(),
            p["resolved_requests"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(p["contact_email"], "records@agency.example");
    assert_eq!(
        fx.app.get("/api/v1/agencies/nope").await.error_code(),
        "not_found"
    );
}

#[tokio::test]
async fn history_is_the_agencys_own_newest_first() {
    let fx = Fixture::new().await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(fx.publish(Who::StaffA, draft(&format!("H-{n}"))).await);
        fx.publish(Who::StaffB, draft(&format!("OTHER-{n}"))).await;
    }
    ids.reverse();
    let page1 = fx
        .app
        .get("/api/v1/agencies/agency-a/requests?limit=3")
        .await
        .json();
    let page1_ids: Vec<i64> = page1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(page1_ids, ids[..3]);
    assert!(page1["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["agency"]["slug"] == "agency-a"));
    let next = page1["next"].as_str().unwrap();
    let page2 = fx
        .app
        .get(&format!(
            "/api/v1/agencies/agency-a/requests?limit=3&before={next}"
        ))
        .await
        .json();
    let page2_ids: Vec<i64> = page2["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(page2_ids, ids[3..]);
    assert_eq!(page2["next"], serde_json::Value::Null);
    assert_eq!(page2["hidden_by_preference"], false);
}

#[tokio::test]
async fn admin_creates_agencies_and_staff() {
    let fx = Fixture::new().await;
    let admin = fx.cookie(Who::Admin).await;
    let response = fx
        .app
        .send(
            Method::POST,
            "/api/v1/agencies",
            Some(serde_json::to_value(new_agency("agency-c")).unwrap()),
            admin.as_deref(),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(
        response.header("location"),
        Some("/api/v1/agencies/agency-c")
    );
    assert_eq!(response.json()["total_requests"], 0);
    assert_eq!(
        fx.app.get("/api/v1/agencies/agency-c").await.status,
        StatusCode::OK
    );

    let again = fx
        .app
        .send(
            Method::POST,
            "/api/v1/agencies",
            Some(serde_json::to_value(new_agency("agency-c")).unwrap()),
            admin.as_deref(),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "slug_taken");

    let mut bad = serde_json::to_value(new_agency("Bad Slug")).unwrap();
    bad["center"] = json!({"lat": 123.0, "lng": 0.0});
    let invalid = fx
        .app
        .send(
            Method::POST,
            "/api/v1/agencies",
            Some(bad),
            admin.as_deref(),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let codes: Vec<_> = invalid.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].clone())
        .collect();
    assert_eq!(codes, [json!("slug_invalid"), json!("center_invalid")]);

    // The resident becomes staff of agency C and can then publish for it.
    let staff = fx
        .app
        .send(
            Method::POST,
            "/api/v1/agencies/agency-c/staff",
            Some(json!({"email": "resident@test.example"})),
            admin.as_deref(),
        )
        .await;
    assert_eq!(staff.status, StatusCode::OK, "{}", staff.text());
    assert_eq!(staff.json()["role"], "agency_staff");
    assert_eq!(staff.json()["agency"]["slug"], "agency-c");
    let id = fx.publish(Who::Resident, draft("C-1")).await;
    assert_eq!(
        fx.app.get(&format!("/api/v1/requests/{id}")).await.json()["agency"]["slug"],
        "agency-c"
    );

    for (email, code) in [
        ("staff-b@test.example", "already_staff"),
        ("admin@test.example", "account_is_admin"),
    ] {
        let response = fx
            .app
            .send(
                Method::POST,
                "/api/v1/agencies/agency-c/staff",
                Some(json!({"email": email})),
                admin.as_deref(),
            )
            .await;
        assert_eq!(response.status, StatusCode::CONFLICT);
        assert_eq!(response.error_code(), code);
    }
    let missing = fx
        .app
        .send(
            Method::POST,
            "/api/v1/agencies/nope/staff",
            Some(json!({"email": "staff-b@test.example"})),
            admin.as_deref(),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(fx.agency_a != fx.agency_b);
}

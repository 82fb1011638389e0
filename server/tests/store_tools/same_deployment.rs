//! What "the same deployment" means after a copy, checked as users and auditors see it.

use std::path::Path;

use axum::http::{Method, StatusCode};
use porchlight_server::db::DbLocation;
use porchlight_server::Db;
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::deployment::{Seeded, ADMIN_EMAIL, LOCKED_EMAIL};
use crate::snapshot::{audit_over_http, Snapshot};
use crate::test_client::TestClient;

/// Opens a copy (or a source) with the log's key, as its servers would.
pub async fn open(location: &DbLocation, key: &Path) -> Db {
    Db::open_with_log_key(location.clone(), key)
        .await
        .unwrap_or_else(|e| panic!("open {location}: {e}"))
}

/// Asserts that `copy` shows what `source` shows: the log entry by entry and its
/// newest checkpoint (which an audit of the copy finds extending the source's), the
/// feed, every profile and statistic; and that the source's users can sign in, stay
/// signed in, and stay locked out.
pub async fn assert_same_deployment(
    source: &DbLocation,
    copy: &DbLocation,
    key: &Path,
    seeded: &Seeded,
    now: OffsetDateTime,
) {
    let what = format!("{source} → {copy}");
    let source_db = open(source, key).await;
    let copy_db = open(copy, key).await;
    let expected = Snapshot::take(&source_db, now).await;
    expected.assert_substantial();
    Snapshot::take(&copy_db, now)
        .await
        .assert_same(&expected, &what);

    let saved = tempfile::tempdir().unwrap();
    let saved = saved.path().join("checkpoint.json");
    let before = audit_over_http(&source_db, None, Some(&saved)).await;
    let after = audit_over_http(&copy_db, Some(&saved), None).await;
    assert_eq!(
        before.checkpoint, after.checkpoint,
        "{what}: audited tree head"
    );
    assert_eq!(after.extends, Some(before.checkpoint.tree_size));
    assert_eq!(
        (before.requests, before.resolutions),
        (after.requests, after.resolutions)
    );

    let copy_app = TestClient::new(copy_db.clone());
    let me = copy_app.get("/api/v1/me", Some(&seeded.cookie)).await;
    assert_eq!(me.0, StatusCode::OK, "{what}: the copied session: {}", me.1);
    assert_eq!(me.1["email"], ADMIN_EMAIL);
    copy_app
        .sign_in(ADMIN_EMAIL, porchlight_server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(
        copy_db.login_locked_until(LOCKED_EMAIL, now).await.unwrap(),
        Some(seeded.locked_until),
        "{what}: the sign-in throttle"
    );
    source_db.close().await;
    copy_db.close().await;
}

/// Publishes and resolves a request on a copy: it is numbered after every copied
/// request, appended to the copied log under the same key, and counted for its agency.
pub async fn assert_copy_continues(copy: &DbLocation, key: &Path) {
    let db = open(copy, key).await;
    let before = db.log_checkpoint().await.unwrap();
    // The seeded source numbers its requests and submissions 1..=n without a gap
    // (an approved submission is the request with its id): the next id comes after
    // every one of them, the pending submission's too.
    let mut submitted_only = 0;
    for agency in db.list_agencies(OffsetDateTime::now_utc()).await.unwrap() {
        let (id, _) = db.agency_by_slug(&agency.slug).await.unwrap().unwrap();
        submitted_only += db
            .agency_submissions(id)
            .await
            .unwrap()
            .iter()
            .filter(|s| s.status != porchlight_domain::wire::SubmissionStatus::Approved)
            .count() as i64;
    }
    let largest_pending = db
        .moderation_queue()
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .max();
    let copied = db.request_count().await.unwrap() + submitted_only;
    assert_eq!(
        largest_pending,
        Some(copied),
        "{copy}: the last id is a pending submission's"
    );
    let client = TestClient::new(db.clone());
    let cookie = client
        .sign_in(
            "officer@porchlight.test",
            porchlight_server::demo::DEMO_PASSWORD,
        )
        .await;
    let (status, body, _) = client
        .send(
            Method::POST,
            "/api/v1/requests",
            Some(draft()),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{copy}: {body}");
    let id = body["id"].as_i64().unwrap();
    assert_eq!(id, copied + 1, "{copy}: the new request's id");
    let (status, body, _) = client
        .send(
            Method::POST,
            &format!("/api/v1/requests/{id}/resolution"),
            Some(json!({ "note": "Footage received." })),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{copy}: {body}");
    let after = db.log_checkpoint().await.unwrap();
    assert_eq!(after.tree_size, before.tree_size + 2);
    // The copy left the counting triggers on: the new request and its resolution count.
    let now = OffsetDateTime::now_utc();
    let agency = db.request_agency_id(id).await.unwrap().unwrap();
    let stats = db.agency_stats(agency, now).await.unwrap();
    assert_eq!(
        stats,
        db.agency_stats_recounted(agency, now).await.unwrap(),
        "{copy}"
    );
    audit_over_http(&db, None, None).await;
    db.close().await;
}

/// A valid draft: a small rectangle in Portland, a time frame that ended an hour ago.
pub fn draft() -> Value {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let rfc3339 = |t: OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let (w, s, e, n) = (-122.68, 45.515, -122.675, 45.52);
    json!({
        "incident_type": "burglary",
        "case_number": "COPY-0001",
        "title": "Footage near 5th and Pine",
        "description": "Looking for footage of a person carrying a red bicycle.",
        "contact": { "email": "detective@city.example" },
        "time_frame": {
            "start": rfc3339(now - time::Duration::hours(3)),
            "end": rfc3339(now - time::Duration::hours(1))
        },
        "area": { "type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
        "attestations": { "active_investigation": true, "no_lawful_activity": true }
    })
}

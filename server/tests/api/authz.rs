//! The authorization table: every endpoint × anonymous / resident / staff of the owning
//! agency / staff of another agency / moderator / admin. Deny by default: the table must list every
//! operation of `api/openapi.yaml`, so a new endpoint cannot skip it.

use axum::http::{Method, StatusCode};
use porchlight_domain::wire::{ReviewPolicy, SubmissionStatus};
use serde_json::{json, Value};

use crate::support::{draft, password_hash, Fixture, TestResponse, Who, PASSWORD};

/// (method, path template, expected status for [anonymous, resident, staff A, staff B,
/// moderator, admin]). Staff A's agency owns the requests and submissions in `{id}`;
/// `{slug}` is agency A.
pub const TABLE: &[(&str, &str, [u16; 6])] = &[
    ("GET", "/health", [200, 200, 200, 200, 200, 200]),
    ("GET", "/config", [200, 200, 200, 200, 200, 200]),
    ("POST", "/auth/register", [201, 201, 201, 201, 201, 201]),
    ("POST", "/auth/login", [200, 200, 200, 200, 200, 200]),
    ("POST", "/auth/logout", [204, 204, 204, 204, 204, 204]),
    (
        "POST",
        "/auth/logout-everywhere",
        [401, 200, 200, 200, 200, 200],
    ),
    ("GET", "/me", [401, 200, 200, 200, 200, 200]),
    ("PUT", "/me/preferences", [401, 200, 200, 200, 200, 200]),
    ("GET", "/agencies", [200, 200, 200, 200, 200, 200]),
    ("POST", "/agencies", [401, 403, 403, 403, 403, 201]),
    ("GET", "/agencies/{slug}", [200, 200, 200, 200, 200, 200]),
    (
        "GET",
        "/agencies/{slug}/requests",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/agencies/{slug}/requests.csv",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/agencies/{slug}/requests.geojson",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "POST",
        "/agencies/{slug}/staff",
        [401, 403, 403, 403, 403, 200],
    ),
    ("GET", "/requests", [200, 200, 200, 200, 200, 200]),
    ("GET", "/requests/grid", [200, 200, 200, 200, 200, 200]),
    ("POST", "/requests", [401, 403, 201, 201, 403, 403]),
    ("GET", "/requests/{id}", [200, 200, 200, 200, 200, 200]),
    ("PUT", "/requests/{id}", [405, 405, 405, 405, 405, 405]),
    ("PATCH", "/requests/{id}", [405, 405, 405, 405, 405, 405]),
    ("DELETE", "/requests/{id}", [405, 405, 405, 405, 405, 405]),
    (
        "POST",
        "/requests/{id}/resolution",
        [401, 403, 201, 403, 403, 403],
    ),
    (
        "PUT",
        "/requests/{id}/resolution",
        [405, 405, 405, 405, 405, 405],
    ),
    (
        "PATCH",
        "/requests/{id}/resolution",
        [405, 405, 405, 405, 405, 405],
    ),
    (
        "DELETE",
        "/requests/{id}/resolution",
        [405, 405, 405, 405, 405, 405],
    ),
    // The public log is public.
    ("GET", "/log/checkpoint", [200, 200, 200, 200, 200, 200]),
    ("GET", "/log/key", [200, 200, 200, 200, 200, 200]),
    ("GET", "/log/entries", [200, 200, 200, 200, 200, 200]),
    (
        "GET",
        "/log/proof/inclusion",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/log/proof/consistency",
        [200, 200, 200, 200, 200, 200],
    ),
    // Review before publishing: submissions are their agency's staff's and moderators'.
    ("GET", "/submissions/{id}", [401, 403, 200, 403, 200, 403]),
    (
        "GET",
        "/agencies/{slug}/submissions",
        [401, 403, 200, 403, 200, 403],
    ),
    ("GET", "/moderation/queue", [401, 403, 403, 403, 200, 403]),
    (
        "POST",
        "/requests/{id}/review",
        [401, 403, 403, 403, 200, 403],
    ),
    // Reports are residents'; deciding on them is moderators'.
    (
        "POST",
        "/requests/{id}/reports",
        [401, 201, 403, 403, 403, 403],
    ),
    (
        "GET",
        "/requests/{id}/moderation",
        [200, 200, 200, 200, 200, 200],
    ),
    ("GET", "/moderation/reports", [401, 403, 403, 403, 200, 403]),
    (
        "POST",
        "/requests/{id}/reports/decision",
        [401, 403, 403, 403, 200, 403],
    ),
    // The moderation log is public; making moderators is admins'.
    ("GET", "/moderation/log", [200, 200, 200, 200, 200, 200]),
    ("GET", "/moderation/log.csv", [200, 200, 200, 200, 200, 200]),
    ("POST", "/moderators", [401, 403, 403, 403, 403, 200]),
    // Annual reports and feeds are public.
    (
        "GET",
        "/agencies/{slug}/reports/{year}",
        [200, 200, 200, 200, 200, 200],
    ),
    ("GET", "/reports/{year}", [200, 200, 200, 200, 200, 200]),
    (
        "GET",
        "/feeds/requests.atom",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/feeds/agencies/{file}",
        [200, 200, 200, 200, 200, 200],
    ),
    // Email alerts need no account: whoever holds a link may use it, whatever the role.
    ("GET", "/feeds/areas/{file}", [200, 200, 200, 200, 200, 200]),
    (
        "POST",
        "/alerts/subscriptions",
        [202, 202, 202, 202, 202, 202],
    ),
    (
        "POST",
        "/alerts/confirm/{token}",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/alerts/manage/{token}",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "DELETE",
        "/alerts/manage/{token}",
        [204, 204, 204, 204, 204, 204],
    ),
    (
        "POST",
        "/alerts/unsubscribe/{token}",
        [204, 204, 204, 204, 204, 204],
    ),
    // Residents' responses: an agency's keys are public, set by its staff; a response
    // is its resident's alone (404 for anyone else, staff included) until submitted,
    // then its agency's staff download and decide (404 for everyone else).
    (
        "GET",
        "/agencies/{slug}/keys",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "POST",
        "/agencies/{slug}/keys",
        [401, 403, 201, 403, 403, 403],
    ),
    (
        "PUT",
        "/agencies/{slug}/retention",
        [401, 403, 200, 403, 403, 403],
    ),
    (
        "GET",
        "/agencies/{slug}/responses",
        [401, 403, 200, 403, 403, 403],
    ),
    (
        "POST",
        "/requests/{id}/responses",
        [401, 201, 403, 403, 403, 403],
    ),
    ("GET", "/me/responses", [401, 200, 200, 200, 200, 200]),
    ("GET", "/responses/{id}", [401, 200, 404, 404, 404, 404]),
    ("DELETE", "/responses/{id}", [401, 204, 404, 404, 404, 404]),
    (
        "PUT",
        "/responses/{id}/files/{file_id}/chunks/{index}",
        [401, 204, 404, 404, 404, 404],
    ),
    (
        "PUT",
        "/responses/{id}/envelope",
        [401, 204, 404, 404, 404, 404],
    ),
    (
        "POST",
        "/responses/{id}/submission",
        [401, 200, 404, 404, 404, 404],
    ),
    (
        "GET",
        "/responses/{id}/envelope/ciphertext",
        [401, 404, 200, 404, 404, 404],
    ),
    (
        "GET",
        "/responses/{id}/files/{file_id}/ciphertext",
        [401, 404, 200, 404, 404, 404],
    ),
    (
        "POST",
        "/responses/{id}/decision",
        [401, 404, 200, 404, 404, 404],
    ),
];

/// A chunk body the table sends as JSON (`send_as` sends JSON): `12345678`, whose 8
/// bytes are the whole declared ciphertext of the table's responses' one file.
const TABLE_CHUNK: i64 = 12_345_678;

/// Agency A's current key for responses (made the first time).
pub async fn agency_a_key(fx: &Fixture) -> (i64, String) {
    let db = &fx.app.state.db;
    if let Some((id, key)) = db.current_agency_key(fx.agency_a).await.unwrap() {
        return (id, key.fingerprint);
    }
    let public = age::x25519::Identity::generate().to_public().to_string();
    let fingerprint = porchlight_domain::footage::key_fingerprint(&public).unwrap();
    let staff = fx.account_id(Who::StaffA).await;
    db.add_agency_key(
        fx.agency_a,
        "agency-a",
        &public,
        &fingerprint,
        staff,
        fx.app.state.now(),
    )
    .await
    .unwrap()
    .unwrap();
    (
        db.current_agency_key(fx.agency_a).await.unwrap().unwrap().0,
        fingerprint,
    )
}

/// One file's declaration for the table: 8 bytes of "ciphertext" ([`TABLE_CHUNK`]).
pub fn table_file() -> Value {
    let now = time::OffsetDateTime::now_utc() - time::Duration::hours(2);
    json!({
        "name": "clip.mp4", "kind": "mp4", "size": 8, "sha256": "0".repeat(64),
        "captured_at": now.format(&time::format_description::well_known::Rfc3339).unwrap(),
        "capture_source": "container", "ciphertext_size": TABLE_CHUNK.to_string().len(),
    })
}

/// A fresh response of the resident to a fresh request of agency A, behind the API's
/// back: `uploading` (nothing in), `uploaded` (everything in, not submitted),
/// `submitted` or `opened`.
/// Returns its id and its file's id.
pub async fn table_response(fx: &Fixture, n: usize, stage: &str) -> (i64, i64) {
    let db = &fx.app.state.db;
    let (key_id, _) = agency_a_key(fx).await;
    let request_id = fx
        .publish(Who::StaffA, draft(&format!("ANSWERED-{n}")))
        .await;
    let file: porchlight_domain::wire::ResponseFileInput =
        serde_json::from_value(table_file()).unwrap();
    let resident = fx.account_id(Who::Resident).await;
    let now = fx.app.state.now();
    let id = db
        .create_response(
            &porchlight_server::db::NewResponse {
                request_id,
                account_id: resident,
                key_id,
                shared: &[],
                files: std::slice::from_ref(&file),
            },
            now,
        )
        .await
        .unwrap();
    let file_id = db.response(id).await.unwrap().unwrap().files[0].id;
    if stage != "uploading" {
        let blobs = &fx.app.state.blobs;
        let chunk = TABLE_CHUNK.to_string().into_bytes();
        blobs
            .put(
                &format!("responses/{id}/{file_id}/00000000"),
                chunk.clone().into(),
            )
            .await
            .unwrap();
        blobs
            .put(&format!("responses/{id}/envelope"), chunk.clone().into())
            .await
            .unwrap();
        db.record_chunk(id, file_id, 0, chunk.len() as u64)
            .await
            .unwrap();
        assert!(db.record_envelope(id, chunk.len() as u64).await.unwrap());
    }
    if stage == "submitted" || stage == "opened" {
        assert!(db.submit_response(id, now).await.unwrap());
    }
    if stage == "opened" {
        assert!(db.open_response(id, now).await.unwrap());
    }
    (id, file_id)
}

/// A fresh subscription to agency A made behind the API's back, with the tokens
/// `confirm-{n}`, `manage-{n}` and `feed-{n}`; confirmed unless `confirmed` is false.
pub async fn alert_subscription(fx: &Fixture, n: usize, confirmed: bool) {
    let db = &fx.app.state.db;
    let (agency_id, _) = db.agency_by_slug("agency-a").await.unwrap().unwrap();
    let now = fx.app.state.now();
    let (manage, feed, confirm) = (
        format!("manage-{n}"),
        format!("feed-{n}"),
        format!("confirm-{n}"),
    );
    db.create_alert_subscription(
        &porchlight_server::db::NewSubscription {
            email: &format!("subscriber-{n}@example.org"),
            agency_id: Some(agency_id),
            area: None,
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
    if confirmed {
        let outcome = db.confirm_alert_subscription(&confirm, now).await.unwrap();
        assert!(matches!(
            outcome,
            porchlight_server::db::ConfirmOutcome::Confirmed(_)
        ));
    }
}

/// One concrete call of a table row: fresh resources, so that calls do not interfere.
pub async fn prepare(
    fx: &Fixture,
    method: &str,
    template: &str,
    n: usize,
) -> (String, Option<Value>) {
    let db = &fx.app.state.db;
    let body = match (method, template) {
        ("POST", "/auth/register") => Some(
            json!({"email": format!("new{n}@test.example"), "password": PASSWORD, "display_name": "New"}),
        ),
        ("POST", "/auth/login") => {
            Some(json!({"email": "resident@test.example", "password": PASSWORD}))
        }
        ("PUT", "/me/preferences") => Some(json!({"hide_requests": true})),
        ("POST", "/agencies") => {
            let mut agency =
                serde_json::to_value(crate::support::new_agency(&format!("new-agency-{n}")))
                    .unwrap();
            agency["contact_phone"] = json!("+1 503 555 0100");
            Some(agency)
        }
        ("POST", "/agencies/{slug}/staff") => {
            let email = format!("future-staff-{n}@test.example");
            let new = porchlight_server::db::NewAccount {
                email: &email,
                display_name: "Future staff",
                password_hash: password_hash().await,
                role: porchlight_domain::wire::Role::Resident,
                agency_id: None,
            };
            db.create_account(&new, fx.app.state.now())
                .await
                .unwrap()
                .unwrap();
            Some(json!({ "email": email }))
        }
        ("POST", "/requests") => Some(draft(&format!("CASE-{n}"))),
        ("PUT" | "PATCH", "/requests/{id}") => Some(draft("CASE-EDIT")),
        ("POST", "/requests/{id}/resolution") => {
            Some(json!({"note": "Footage received; thank you."}))
        }
        ("PUT" | "PATCH", "/requests/{id}/resolution") => Some(json!({"note": "Changed my mind."})),
        ("POST", "/requests/{id}/review") => Some(json!({"decision": "approve"})),
        ("POST", "/requests/{id}/reports") => {
            Some(json!({"reason": "pressure_language", "comment": "Says we must share."}))
        }
        ("POST", "/requests/{id}/reports/decision") => Some(json!({
            "decision": "uphold",
            "reasons": ["pressure_language"],
            "note": "Told residents they had to share."
        })),
        ("POST", "/alerts/subscriptions") => Some(json!({
            "email": format!("subscriber-{n}@example.org"),
            "agency": "agency-a",
        })),
        ("POST", "/agencies/{slug}/keys") => Some(json!({
            "public_key": age::x25519::Identity::generate().to_public().to_string(),
        })),
        ("PUT", "/agencies/{slug}/retention") => Some(json!({ "days": 90 })),
        ("POST", "/requests/{id}/responses") => Some(json!({
            "key_fingerprint": agency_a_key(fx).await.1,
            "files": [table_file()],
        })),
        ("PUT", "/responses/{id}/files/{file_id}/chunks/{index}") => Some(json!(TABLE_CHUNK)),
        ("PUT", "/responses/{id}/envelope") => Some(json!("an envelope")),
        ("POST", "/responses/{id}/decision") => Some(json!({ "decision": "kept_as_evidence" })),
        ("POST", "/moderators") => {
            let email = format!("future-moderator-{n}@test.example");
            let new = porchlight_server::db::NewAccount {
                email: &email,
                display_name: "Future moderator",
                password_hash: password_hash().await,
                role: porchlight_domain::wire::Role::Resident,
                agency_id: None,
            };
            db.create_account(&new, fx.app.state.now())
                .await
                .unwrap()
                .unwrap();
            Some(json!({ "email": email }))
        }
        _ => None,
    };
    let mut path = format!("/api/v1{template}")
        .replace("{slug}", "agency-a")
        .replace("{file}", "agency-a.atom");
    if template.contains("{year}") || template.starts_with("/feeds/") {
        // A request to count or list, in the current year.
        fx.publish(Who::StaffA, draft(&format!("COUNTED-{n}")))
            .await;
        let year = fx.app.state.now().year().to_string();
        path = path.replace("{year}", &year);
    }
    if template.starts_with("/alerts/") && template.contains("{token}") {
        alert_subscription(fx, n, template != "/alerts/confirm/{token}").await;
        let token = if template == "/alerts/confirm/{token}" {
            format!("confirm-{n}")
        } else {
            format!("manage-{n}")
        };
        path = path.replace("{token}", &token);
    }
    if template == "/feeds/areas/{file}" {
        alert_subscription(fx, n, true).await;
        path = format!("/api/v1/feeds/areas/feed-{n}.atom");
    }
    if template.starts_with("/responses/") {
        let stage = match template {
            "/responses/{id}/submission" => "uploaded",
            "/responses/{id}/decision" => "opened",
            t if t.contains("ciphertext") => "submitted",
            "/responses/{id}" if method == "DELETE" => "submitted",
            _ => "uploading",
        };
        let (id, file_id) = table_response(fx, n, stage).await;
        path = path
            .replace("{id}", &id.to_string())
            .replace("{file_id}", &file_id.to_string())
            .replace("{index}", "0");
        return (path, body);
    }
    if template == "/agencies/{slug}/responses" {
        table_response(fx, n, "submitted").await;
    }
    if template.contains("{id}") {
        let id = match template {
            // A fresh submission of agency A awaiting review.
            "/submissions/{id}" | "/requests/{id}/review" => {
                fx.stored_submission(draft(&format!("PENDING-{n}"))).await
            }
            _ => fx.publish(Who::StaffA, draft(&format!("OWNED-{n}"))).await,
        };
        if template == "/requests/{id}/reports/decision" {
            // An open report to decide on.
            let resident = fx.account_id(Who::Resident).await;
            let reported = db
                .report_request(
                    id,
                    resident,
                    porchlight_domain::moderation::ProhibitedUse::PressureLanguage,
                    None,
                    fx.app.state.now(),
                )
                .await
                .unwrap();
            assert_eq!(reported, porchlight_server::db::ReportOutcome::Reported);
        }
        path = path.replace("{id}", &id.to_string());
    }
    if template == "/agencies/{slug}/submissions" {
        fx.stored_submission(draft(&format!("LISTED-{n}"))).await;
    }
    if template.starts_with("/moderation/") {
        // Something in the queue, the reports and the log.
        fx.stored_submission(draft(&format!("QUEUED-{n}"))).await;
        let id = fx
            .publish(Who::StaffA, draft(&format!("REPORTED-{n}")))
            .await;
        let resident = fx.account_id(Who::Resident).await;
        db.report_request(
            id,
            resident,
            porchlight_domain::moderation::ProhibitedUse::Other,
            Some("Looks like an announcement."),
            fx.app.state.now(),
        )
        .await
        .unwrap();
        let rejected = fx.stored_submission(draft(&format!("REFUSED-{n}"))).await;
        let moderator = fx.account_id(Who::Moderator).await;
        let decision = porchlight_domain::moderation::DecisionInput::check(
            porchlight_domain::moderation::ReviewDecision::Reject,
            &["general_announcement".to_owned()],
            Some("An announcement, not one incident."),
        )
        .unwrap();
        let outcome = db
            .review_submission(
                rejected,
                moderator,
                decision,
                fx.app.state.now(),
                Box::new(|_| panic!("a rejection re-checks nothing")),
            )
            .await
            .unwrap();
        assert!(matches!(
            outcome,
            porchlight_server::db::ReviewOutcome::Decided { .. }
        ));
    }
    if template.starts_with("/log/") {
        // At least one entry, and queries within it.
        fx.publish(Who::StaffA, draft(&format!("LOGGED-{n}"))).await;
        path.push_str(match template {
            "/log/entries" => "?start=0&end=1",
            "/log/proof/inclusion" => "?index=0&tree_size=1",
            "/log/proof/consistency" => "?from=1&to=1",
            _ => "",
        });
    }
    if template == "/requests/grid" {
        path.push_str("?bbox=-123,45,-122,46&zoom=10");
    }
    (path, body)
}

/// Runs every row for every role; returns each call with its response.
pub async fn run_table(fx: &Fixture) -> Vec<(&'static str, &'static str, Who, TestResponse)> {
    let mut results = Vec::new();
    let mut n = 0;
    for &(method, template, _) in TABLE {
        for who in Who::ALL {
            n += 1;
            let (path, body) = prepare(fx, method, template, n).await;
            let response = fx
                .send_as(
                    who,
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    &path,
                    body,
                )
                .await;
            results.push((method, template, who, response));
        }
    }
    results
}

#[tokio::test]
async fn every_endpoint_for_every_role() {
    let fx = Fixture::for_many_posts().await;
    let results = run_table(&fx).await;
    let mut failures = Vec::new();
    for (method, template, who, response) in &results {
        let row = TABLE
            .iter()
            .find(|r| r.0 == *method && r.1 == *template)
            .unwrap();
        let index = Who::ALL.iter().position(|w| w == who).unwrap();
        let expected = StatusCode::from_u16(row.2[index]).unwrap();
        if response.status != expected {
            failures.push(format!(
                "{method} {template} as {who:?}: expected {expected}, got {} {}",
                response.status,
                response.text()
            ));
        }
        if !response.status.is_success() {
            // Every refusal has the API's error shape.
            response.error_code();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn refusals_change_nothing() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    for who in [Who::Anonymous, Who::Resident, Who::Admin] {
        let response = fx
            .send_as(who, Method::POST, "/api/v1/requests", Some(draft("NOPE-1")))
            .await;
        assert!(matches!(response.status.as_u16(), 401 | 403));
    }
    assert_eq!(db.request_count().await.unwrap(), 0);

    let id = fx.publish(Who::StaffA, draft("OWNED")).await;
    for who in [Who::Anonymous, Who::Resident, Who::StaffB, Who::Admin] {
        let path = format!("/api/v1/requests/{id}/resolution");
        let response = fx.send_as(who, Method::POST, &path, Some(json!({}))).await;
        assert!(matches!(response.status.as_u16(), 401 | 403));
    }
    assert_eq!(db.request(id).await.unwrap().unwrap().resolution, None);

    for who in [Who::Anonymous, Who::Resident, Who::StaffA, Who::StaffB] {
        let agency = serde_json::to_value(crate::support::new_agency("sneaky")).unwrap();
        let response = fx
            .send_as(who, Method::POST, "/api/v1/agencies", Some(agency))
            .await;
        assert!(matches!(response.status.as_u16(), 401 | 403));
        let staff = fx
            .send_as(
                who,
                Method::POST,
                "/api/v1/agencies/agency-b/staff",
                Some(json!({"email": "resident@test.example"})),
            )
            .await;
        assert!(matches!(staff.status.as_u16(), 401 | 403));
    }
    assert_eq!(
        fx.app.get("/api/v1/agencies/sneaky").await.status,
        StatusCode::NOT_FOUND
    );
    let resident = db
        .account_by_email("resident@test.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(resident.role, porchlight_domain::wire::Role::Resident);
}

#[tokio::test]
async fn under_review_only_agency_staff_submit() {
    let fx = Fixture::with_review(ReviewPolicy::Required).await;
    let expected = [401, 403, 202, 202, 403, 403];
    for (n, (who, status)) in Who::ALL.into_iter().zip(expected).enumerate() {
        let response = fx
            .send_as(
                who,
                Method::POST,
                "/api/v1/requests",
                Some(draft(&format!("SUB-{n}"))),
            )
            .await;
        assert_eq!(
            response.status.as_u16(),
            status,
            "{who:?}: {}",
            response.text()
        );
    }
    assert_eq!(
        fx.app.state.db.request_count().await.unwrap(),
        0,
        "nothing published"
    );
}

#[tokio::test]
async fn moderation_refusals_change_nothing() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let pending = fx.stored_submission(draft("PENDING")).await;
    for who in [
        Who::Anonymous,
        Who::Resident,
        Who::StaffA,
        Who::StaffB,
        Who::Admin,
    ] {
        let path = format!("/api/v1/requests/{pending}/review");
        let response = fx
            .send_as(
                who,
                Method::POST,
                &path,
                Some(json!({"decision": "approve"})),
            )
            .await;
        assert!(matches!(response.status.as_u16(), 401 | 403), "{who:?}");
    }
    let (_, submission) = db.submission(pending).await.unwrap().unwrap();
    assert_eq!(submission.status, SubmissionStatus::PendingReview);
    assert_eq!(db.request(pending).await.unwrap(), None, "not published");

    let id = fx.publish(Who::StaffA, draft("PUBLISHED")).await;
    let report = json!({"reason": "pressure_language"});
    for who in [
        Who::Anonymous,
        Who::StaffA,
        Who::StaffB,
        Who::Moderator,
        Who::Admin,
    ] {
        let path = format!("/api/v1/requests/{id}/reports");
        let response = fx
            .send_as(who, Method::POST, &path, Some(report.clone()))
            .await;
        assert!(matches!(response.status.as_u16(), 401 | 403), "{who:?}");
    }
    let moderation = db.request_moderation(id, None).await.unwrap().unwrap();
    assert_eq!(moderation.report_count, 0);

    let resident = fx.account_id(Who::Resident).await;
    db.report_request(
        id,
        resident,
        porchlight_domain::moderation::ProhibitedUse::PressureLanguage,
        None,
        fx.app.state.now(),
    )
    .await
    .unwrap();
    let uphold = json!({"decision": "uphold", "reasons": ["pressure_language"], "note": "No."});
    for who in [
        Who::Anonymous,
        Who::Resident,
        Who::StaffA,
        Who::StaffB,
        Who::Admin,
    ] {
        let path = format!("/api/v1/requests/{id}/reports/decision");
        let response = fx
            .send_as(who, Method::POST, &path, Some(uphold.clone()))
            .await;
        assert!(matches!(response.status.as_u16(), 401 | 403), "{who:?}");
    }
    let moderation = db.request_moderation(id, None).await.unwrap().unwrap();
    assert!(moderation.findings.is_empty());
    assert_eq!(db.reported_requests().await.unwrap().len(), 1, "still open");

    for who in [
        Who::Anonymous,
        Who::Resident,
        Who::StaffA,
        Who::StaffB,
        Who::Moderator,
    ] {
        let response = fx
            .send_as(
                who,
                Method::POST,
                "/api/v1/moderators",
                Some(json!({"email": "resident@test.example"})),
            )
            .await;
        assert!(matches!(response.status.as_u16(), 401 | 403), "{who:?}");
    }
    let account = db
        .account_by_email("resident@test.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.role, porchlight_domain::wire::Role::Resident);
}

#[tokio::test]
async fn an_unknown_or_expired_session_is_anonymous() {
    let fx = Fixture::new().await;
    let forged = "porchlight_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let response = fx
        .app
        .send(
            Method::POST,
            "/api/v1/requests",
            Some(draft("X-1")),
            Some(forged),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.error_code(), "unauthenticated");

    let cookie = fx.cookie(Who::StaffA).await.unwrap();
    assert_eq!(
        fx.app
            .send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    fx.app.state.clock.advance(time::Duration::days(2)); // fixture sessions last one day
    assert_eq!(
        fx.app
            .send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[test]
fn the_table_lists_every_documented_operation() {
    let documented = crate::openapi::operations();
    let listed: std::collections::BTreeSet<(String, String)> = TABLE
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = documented.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "documented but not in the table: {missing:?}"
    );
    // Beyond the spec's operations, the table holds only the edits and deletions it
    // describes as impossible: 405 for everyone.
    for (method, path, expected) in TABLE {
        if !documented.contains(&(method.to_string(), path.to_string())) {
            assert!(
                expected.iter().all(|status| *status == 405),
                "{method} {path} is in the table but not in api/openapi.yaml"
            );
        }
    }
}

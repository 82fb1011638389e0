//! Residents' responses with footage (issue 16): agencies' keys in the public log,
//! retention periods, a response declared, uploaded in chunks, submitted, withdrawn,
//! opened and decided on, every bad input's error with nothing left behind, the
//! retention task on two workers at once, and the proof that the server never stores
//! plaintext. On SQLite, and on PostgreSQL with `PORCHLIGHT_TEST_POSTGRES`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use porchlight_domain::footage::RESPONSE_CHUNK_BYTES;
use porchlight_domain::public_log::{agency_key_entry, AgencyKeyAction};
use porchlight_domain::wire::{AgencyKey, LogEntries};
use porchlight_server::routes::responses::run_retention_once;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::openapi::{check_response, spec};
use crate::support::{draft, Fixture, TestApp, TestResponse, Who};

/// An age key pair made as the agency's browser makes it.
fn key_pair() -> (age::x25519::Identity, String) {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    (identity, public)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// Inside the time frame of [`draft`] (3 h to 1 h ago).
fn inside() -> String {
    rfc3339(time::OffsetDateTime::now_utc() - time::Duration::hours(2))
}

/// A file's declaration for `plaintext` encrypted as `ciphertext`.
fn file_json(name: &str, kind: &str, plaintext: &[u8], ciphertext: &[u8]) -> Value {
    json!({
        "name": name, "kind": kind, "size": plaintext.len(), "sha256": sha256_hex(plaintext),
        "captured_at": inside(), "capture_source": "container",
        "ciphertext_size": ciphertext.len(),
    })
}

/// Sends raw bytes (`application/octet-stream`) as `who`.
async fn put_bytes(fx: &Fixture, who: Who, path: &str, bytes: Vec<u8>) -> TestResponse {
    let mut builder = Request::builder()
        .method(Method::PUT)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/octet-stream");
    if let Some(cookie) = fx.cookie(who).await {
        builder = builder.header(header::COOKIE, cookie);
    }
    fx.app.raw(builder.body(Body::from(bytes)).unwrap()).await
}

/// Agency A's key, added by its staff; returns the key as served.
async fn add_key(fx: &Fixture, public_key: &str) -> AgencyKey {
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            "/api/v1/agencies/agency-a/keys",
            Some(json!({ "public_key": public_key })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    serde_json::from_value(r.json()).unwrap()
}

/// An agency with a key, a published request of agency A, and the key pair.
struct Scene {
    fx: Fixture,
    identity: age::x25519::Identity,
    key: AgencyKey,
    request_id: i64,
}

impl Scene {
    async fn new() -> Scene {
        Scene::on(Fixture::new().await).await
    }

    async fn on(fx: Fixture) -> Scene {
        let (identity, public) = key_pair();
        let key = add_key(&fx, &public).await;
        let request_id = fx.publish(Who::StaffA, draft("26-555001")).await;
        Scene {
            fx,
            identity,
            key,
            request_id,
        }
    }

    fn recipient(&self) -> age::x25519::Recipient {
        self.identity.to_public()
    }

    fn encrypt(&self, plaintext: &[u8]) -> Vec<u8> {
        age::encrypt(&self.recipient(), plaintext).unwrap()
    }

    /// `POST /requests/{id}/responses` as the resident.
    async fn create(&self, files: Vec<Value>, shared: Value) -> TestResponse {
        self.create_for(self.request_id, files, shared).await
    }

    async fn create_for(&self, request_id: i64, files: Vec<Value>, shared: Value) -> TestResponse {
        self.fx
            .send_as(
                Who::Resident,
                Method::POST,
                &format!("/api/v1/requests/{request_id}/responses"),
                Some(json!({
                    "key_fingerprint": self.key.fingerprint, "shared": shared, "files": files,
                })),
            )
            .await
    }

    /// Uploads `ciphertext` as file `file_id` of response `id`, chunk by chunk.
    async fn upload(&self, id: i64, file_id: i64, ciphertext: &[u8]) {
        for (index, chunk) in ciphertext.chunks(RESPONSE_CHUNK_BYTES as usize).enumerate() {
            let r = put_bytes(
                &self.fx,
                Who::Resident,
                &format!("/api/v1/responses/{id}/files/{file_id}/chunks/{index}"),
                chunk.to_vec(),
            )
            .await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        }
    }

    async fn envelope(&self, id: i64, plaintext: &Value) {
        let r = put_bytes(
            &self.fx,
            Who::Resident,
            &format!("/api/v1/responses/{id}/envelope"),
            self.encrypt(plaintext.to_string().as_bytes()),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    }

    /// A whole response of `plaintext` files, submitted; returns its JSON.
    async fn submitted(&self, plaintexts: &[&[u8]]) -> Value {
        self.submitted_for(self.request_id, plaintexts).await
    }

    /// [`Scene::submitted`] to request `request_id` (of agency A).
    async fn submitted_for(&self, request_id: i64, plaintexts: &[&[u8]]) -> Value {
        let ciphertexts: Vec<Vec<u8>> = plaintexts.iter().map(|p| self.encrypt(p)).collect();
        let files = plaintexts
            .iter()
            .zip(&ciphertexts)
            .enumerate()
            .map(|(i, (p, c))| file_json(&format!("clip-{i}.mp4"), "mp4", p, c))
            .collect();
        let r = self.create_for(request_id, files, json!([])).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let created = r.json();
        let id = created["id"].as_i64().unwrap();
        for (file, ciphertext) in created["files"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&ciphertexts)
        {
            self.upload(id, file["id"].as_i64().unwrap(), ciphertext)
                .await;
        }
        self.envelope(id, &json!({"files": []})).await;
        let r = self
            .fx
            .send_as(
                Who::Resident,
                Method::POST,
                &format!("/api/v1/responses/{id}/submission"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        r.json()
    }

    fn blob_dir(&self) -> std::path::PathBuf {
        self.fx.app._dir.path().join("blobs")
    }

    /// Every blob key of the directory store.
    async fn blobs(&self) -> Vec<String> {
        self.fx.app.state.blobs.list("").await.unwrap()
    }
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

#[tokio::test]
async fn keys_are_public_and_every_change_is_in_the_log() {
    let fx = Fixture::new().await;
    let (_, first) = key_pair();
    let (_, second) = key_pair();
    // Nobody but the agency's staff adds its key.
    for who in [Who::Anonymous, Who::Resident, Who::StaffB, Who::Admin] {
        let r = fx
            .send_as(
                who,
                Method::POST,
                "/api/v1/agencies/agency-a/keys",
                Some(json!({ "public_key": first })),
            )
            .await;
        assert!(
            r.status == StatusCode::UNAUTHORIZED || r.status == StatusCode::FORBIDDEN,
            "{who:?}: {}",
            r.status
        );
    }
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    assert!(profile["response_key"].is_null());
    let a = add_key(&fx, &first).await;
    assert_eq!(
        a.fingerprint,
        porchlight_domain::footage::key_fingerprint(&first).unwrap()
    );
    let b = add_key(&fx, &second).await;
    let keys: Vec<AgencyKey> =
        serde_json::from_value(fx.app.get("/api/v1/agencies/agency-a/keys").await.json()).unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].fingerprint, b.fingerprint, "newest first");
    assert!(keys[0].retired_at.is_none() && keys[1].retired_at.is_some());
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    assert_eq!(profile["response_key"]["fingerprint"], json!(b.fingerprint));
    // The log: the first key added, then retired, then the second added, each entry
    // rebuilt from what the API serves.
    let size = fx.app.get("/api/v1/log/checkpoint").await.json()["tree_size"]
        .as_u64()
        .unwrap();
    assert_eq!(size, 3);
    let entries: LogEntries =
        serde_json::from_value(fx.app.get("/api/v1/log/entries?start=0&end=3").await.json())
            .unwrap();
    let text: Vec<&str> = entries.entries.iter().map(|e| e.entry.as_str()).collect();
    let old = &keys[1];
    assert_eq!(
        text[0],
        agency_key_entry("agency-a", old, AgencyKeyAction::Added)
            .unwrap()
            .unwrap()
    );
    assert_eq!(
        text[1],
        agency_key_entry("agency-a", old, AgencyKeyAction::Retired)
            .unwrap()
            .unwrap()
    );
    assert_eq!(
        text[2],
        agency_key_entry("agency-a", &keys[0], AgencyKeyAction::Added)
            .unwrap()
            .unwrap()
    );
    assert_eq!((old.log_index, keys[0].log_index), (Some(0), Some(2)));
    // What a resident's browser checks before encrypting: the current key is in the
    // log under a signed checkpoint.
    let log_key: porchlight_domain::wire::LogKey =
        serde_json::from_value(fx.app.get("/api/v1/log/key").await.json()).unwrap();
    let checkpoint: porchlight_domain::wire::SignedCheckpoint =
        serde_json::from_value(fx.app.get("/api/v1/log/checkpoint").await.json()).unwrap();
    let proof: porchlight_domain::wire::InclusionProof = serde_json::from_value(
        fx.app
            .get("/api/v1/log/proof/inclusion?index=2&tree_size=3")
            .await
            .json(),
    )
    .unwrap();
    assert_eq!(
        porchlight_domain::public_log::verify_agency_key(
            "agency-a",
            &keys[0],
            &checkpoint,
            &log_key.public_key,
            &proof
        ),
        Ok(2)
    );
    let mut swapped = keys[0].clone();
    swapped.public_key = first.clone();
    assert!(porchlight_domain::public_log::verify_agency_key(
        "agency-a",
        &swapped,
        &checkpoint,
        &log_key.public_key,
        &proof
    )
    .is_err());
    // A bad key, and the same key again.
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            "/api/v1/agencies/agency-a/keys",
            Some(json!({ "public_key": "age1notakey" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "key_invalid");
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            "/api/v1/agencies/agency-a/keys",
            Some(json!({ "public_key": second })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.error_code(), "key_exists");
    assert_eq!(
        fx.app.get("/api/v1/log/checkpoint").await.json()["tree_size"],
        json!(3),
        "refused keys log nothing"
    );
}

#[tokio::test]
async fn retention_is_published_on_the_profile() {
    let fx = Fixture::new().await;
    for (days, status, code) in [
        (0, 422, Some("retention_invalid")),
        (366, 422, Some("retention_invalid")),
        (30, 200, None),
    ] {
        let r = fx
            .send_as(
                Who::StaffA,
                Method::PUT,
                "/api/v1/agencies/agency-a/retention",
                Some(json!({ "days": days })),
            )
            .await;
        assert_eq!(r.status.as_u16(), status, "{}", r.text());
        if let Some(code) = code {
            assert_eq!(r.error_code(), code);
        } else {
            assert_eq!(r.json()["retention_days"], json!(30));
        }
    }
    let r = fx
        .send_as(
            Who::StaffB,
            Method::PUT,
            "/api/v1/agencies/agency-a/retention",
            Some(json!({ "days": 5 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    assert_eq!(profile["retention_days"], json!(30));
}

#[tokio::test]
async fn a_response_travels_from_the_resident_to_the_agency() {
    a_response_travels_on(Fixture::new().await).await;
}

/// The whole journey of a response on `fx`'s app (its blob store: a directory here,
/// S3 in `blob_store.rs`).
pub async fn a_response_travels_on(fx: Fixture) {
    let scene = Scene::on(fx).await;
    let fx = &scene.fx;
    // Two chunks and a bit: the chunk rules in earnest.
    let big: Vec<u8> = (0..(RESPONSE_CHUNK_BYTES as usize + 1000))
        .map(|i| (i % 251) as u8)
        .collect();
    let small = b"\x89PNG\r\n\x1a\n a tiny photo".to_vec();
    let (big_c, small_c) = (scene.encrypt(&big), scene.encrypt(&small));
    let r = scene
        .create(
            vec![
                file_json("porch.mp4", "mp4", &big, &big_c),
                file_json("door.png", "png", &small, &small_c),
            ],
            json!(["email", "message"]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let created = r.json();
    assert_eq!(created["status"], json!("uploading"));
    let rid = id(&created);
    let big_id = id(&created["files"][0]);
    let small_id = id(&created["files"][1]);
    let chunk =
        |file: i64, index: u64| format!("/api/v1/responses/{rid}/files/{file}/chunks/{index}");
    let cut = RESPONSE_CHUNK_BYTES as usize;
    // Out of order, then a wrong size, then right; a retry of a received chunk is fine.
    let r = put_bytes(fx, Who::Resident, &chunk(big_id, 1), big_c[cut..].to_vec()).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::CONFLICT, "chunk_out_of_order")
    );
    let r = put_bytes(
        fx,
        Who::Resident,
        &chunk(big_id, 0),
        big_c[..cut - 1].to_vec(),
    )
    .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "chunk_size_invalid")
    );
    // Nobody else uploads to it.
    let r = put_bytes(fx, Who::StaffA, &chunk(big_id, 0), big_c[..cut].to_vec()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = put_bytes(fx, Who::Resident, &chunk(big_id, 0), big_c[..cut].to_vec()).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let r = put_bytes(fx, Who::Resident, &chunk(big_id, 0), big_c[..cut].to_vec()).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "an idempotent retry");
    // Not complete yet.
    let submit = format!("/api/v1/responses/{rid}/submission");
    let r = fx.send_as(Who::Resident, Method::POST, &submit, None).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::CONFLICT, "upload_incomplete")
    );
    let r = put_bytes(fx, Who::Resident, &chunk(big_id, 1), big_c[cut..].to_vec()).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    scene.upload(rid, small_id, &small_c).await;
    // The resident sees progress (a resumed upload starts at `received`).
    let mine = fx
        .send_as(
            Who::Resident,
            Method::GET,
            &format!("/api/v1/responses/{rid}"),
            None,
        )
        .await
        .json();
    assert_eq!(mine["files"][0]["received"], json!(big_c.len()));
    assert_eq!(mine["envelope_received"], json!(false));
    let r = fx.send_as(Who::Resident, Method::POST, &submit, None).await;
    assert_eq!(r.error_code(), "upload_incomplete", "no envelope yet");
    scene
        .envelope(
            rid,
            &json!({"email": "me@example.org", "message": "Back door.", "files": []}),
        )
        .await;
    // The agency sees nothing before it is submitted.
    let list = fx
        .send_as(
            Who::StaffA,
            Method::GET,
            "/api/v1/agencies/agency-a/responses",
            None,
        )
        .await;
    assert_eq!(list.json(), json!([]));
    let r = fx.send_as(Who::Resident, Method::POST, &submit, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], json!("submitted"));
    // The receipt, and no more uploads.
    let receipts = fx
        .send_as(Who::Resident, Method::GET, "/api/v1/me/responses", None)
        .await
        .json();
    assert_eq!(receipts[0]["id"], json!(rid));
    assert_eq!(receipts[0]["shared"], json!(["email", "message"]));
    assert_eq!(receipts[0]["files"][0]["sha256"], json!(sha256_hex(&big)));
    let r = put_bytes(fx, Who::Resident, &chunk(small_id, 0), small_c.clone()).await;
    assert_eq!(r.error_code(), "response_not_uploading");
    // Public counts: how many, never who.
    let request = fx
        .app
        .get(&format!("/api/v1/requests/{}", scene.request_id))
        .await
        .json();
    assert_eq!(request["responses_received"], json!(1));
    assert_eq!(request["accepts_responses"], json!(true));
    // Its owner alone sees it as a resident; other agencies' staff see nothing.
    for who in [Who::StaffA, Who::StaffB, Who::Admin] {
        let r = fx
            .send_as(who, Method::GET, &format!("/api/v1/responses/{rid}"), None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who:?}");
    }
    let r = fx
        .send_as(
            Who::StaffB,
            Method::GET,
            "/api/v1/agencies/agency-a/responses",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let list = fx
        .send_as(
            Who::StaffA,
            Method::GET,
            "/api/v1/agencies/agency-a/responses",
            None,
        )
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], json!("submitted"));
    assert!(list[0].get("account_id").is_none() && !list.to_string().contains("resident@"));
    // Deciding before opening is refused; the resident cannot download.
    let decision = format!("/api/v1/responses/{rid}/decision");
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            &decision,
            Some(json!({"decision": "kept_as_evidence"})),
        )
        .await;
    assert_eq!(r.error_code(), "response_not_opened");
    let download = format!("/api/v1/responses/{rid}/files/{big_id}/ciphertext");
    let r = fx
        .send_as(Who::Resident, Method::GET, &download, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The officer downloads the ciphertext, byte for byte, and opens it with the key.
    let r = fx.send_as(Who::StaffA, Method::GET, &download, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.bytes, big_c, "the ciphertext as uploaded");
    assert_eq!(age::decrypt(&scene.identity, &r.bytes).unwrap(), big);
    let r = fx
        .send_as(
            Who::StaffA,
            Method::GET,
            &format!("/api/v1/responses/{rid}/envelope/ciphertext"),
            None,
        )
        .await;
    let envelope: Value =
        serde_json::from_slice(&age::decrypt(&scene.identity, &r.bytes).unwrap()).unwrap();
    assert_eq!(envelope["message"], json!("Back door."));
    // Opened: the resident can no longer withdraw it.
    let r = fx
        .send_as(
            Who::Resident,
            Method::DELETE,
            &format!("/api/v1/responses/{rid}"),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::CONFLICT, "response_opened")
    );
    // Not needed: deleted at once.
    let r = fx
        .send_as(
            Who::StaffB,
            Method::POST,
            &decision,
            Some(json!({"decision": "not_needed"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            &decision,
            Some(json!({"decision": "not_needed"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], json!("deleted"));
    assert!(scene.blobs().await.is_empty(), "{:?}", scene.blobs().await);
    let r = fx.send_as(Who::StaffA, Method::GET, &download, None).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::GONE, "response_deleted")
    );
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    assert_eq!(
        profile["responses"],
        json!({"received": 1, "kept_as_evidence": 0, "deleted_at_expiry": 0})
    );
}

/// The agency publishes 7 days' retention and its staff resolve `request_id`: its
/// responses not kept as evidence expire 7 days later.
async fn retain_7_days_and_resolve(fx: &Fixture, request_id: i64) {
    let r = fx
        .send_as(
            Who::StaffA,
            Method::PUT,
            "/api/v1/agencies/agency-a/retention",
            Some(json!({"days": 7})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            &format!("/api/v1/requests/{request_id}/resolution"),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

#[tokio::test]
async fn kept_as_evidence_is_counted_and_survives_expiry() {
    let scene = Scene::new().await;
    let fx = &scene.fx;
    let kept = scene.submitted(&[b"kept clip"]).await;
    let expiring = scene.submitted(&[b"other clip"]).await;
    let (kept_id, file_id) = (id(&kept), id(&kept["files"][0]));
    let r = fx
        .send_as(
            Who::StaffA,
            Method::GET,
            &format!("/api/v1/responses/{kept_id}/files/{file_id}/ciphertext"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            &format!("/api/v1/responses/{kept_id}/decision"),
            Some(json!({"decision": "kept_as_evidence"})),
        )
        .await;
    assert_eq!(r.json()["status"], json!("kept_as_evidence"));
    // Resolved, 7 days' retention, 8 days later.
    retain_7_days_and_resolve(fx, scene.request_id).await;
    let state = &fx.app.state;
    assert_eq!(
        run_retention_once(&state.db, state.blobs.as_ref(), state.now())
            .await
            .unwrap(),
        0,
        "not yet"
    );
    state.clock.advance(time::Duration::days(8));
    assert_eq!(
        run_retention_once(&state.db, state.blobs.as_ref(), state.now())
            .await
            .unwrap(),
        1
    );
    let blobs = scene.blobs().await;
    assert!(
        blobs
            .iter()
            .all(|k| k.starts_with(&format!("responses/{kept_id}/"))),
        "{blobs:?}"
    );
    assert!(!blobs.is_empty());
    let list = fx
        .send_as(
            Who::StaffA,
            Method::GET,
            "/api/v1/agencies/agency-a/responses",
            None,
        )
        .await
        .json();
    let status_of = |rid: i64| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == json!(rid))
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status_of(kept_id), json!("kept_as_evidence"));
    assert_eq!(status_of(id(&expiring)), json!("deleted"));
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    assert_eq!(
        profile["responses"],
        json!({"received": 2, "kept_as_evidence": 1, "deleted_at_expiry": 1})
    );
    let request = fx
        .app
        .get(&format!("/api/v1/requests/{}", scene.request_id))
        .await
        .json();
    assert!(
        request.get("accepts_responses").is_none(),
        "resolved: false, left out"
    );
    // The annual report of the request's year counts them too, JSON and CSV.
    let year = &request["created_at"].as_str().unwrap()[..4];
    let report = fx
        .app
        .get(&format!("/api/v1/agencies/agency-a/reports/{year}"))
        .await
        .json();
    assert_eq!(
        report["responses"],
        json!({"received": 2, "kept_as_evidence": 1, "deleted_at_expiry": 1})
    );
    let csv = fx
        .app
        .get(&format!("/api/v1/agencies/agency-a/reports/{year}.csv"))
        .await
        .text();
    assert!(csv.contains("responses,kept_as_evidence,1"), "{csv}");
    let all = fx.app.get(&format!("/api/v1/reports/{year}")).await.json();
    assert_eq!(all["agencies"][0]["responses"]["received"], json!(2));
}

#[tokio::test]
async fn two_retention_workers_delete_each_response_once() {
    let scene = Scene::new().await;
    let fx = &scene.fx;
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(id(&scene
            .submitted(&[format!("clip {i}").as_bytes()])
            .await));
    }
    // And an upload abandoned half way.
    let plain = b"abandoned";
    let c = scene.encrypt(plain);
    let r = scene
        .create(vec![file_json("a.mp4", "mp4", plain, &c)], json!([]))
        .await;
    let abandoned = id(&r.json());
    scene.upload(abandoned, id(&r.json()["files"][0]), &c).await;
    let state = &fx.app.state;
    state
        .db
        .set_retention(fx.agency_a, 1, state.now())
        .await
        .unwrap();
    state
        .db
        .resolve_request(scene.request_id, None, None, state.now())
        .await
        .unwrap();
    // Past the retention (1 day) and past an abandoned upload's 2 days.
    state.clock.advance(time::Duration::days(3));
    let now = state.now();
    let (a, b) = tokio::join!(
        run_retention_once(&state.db, state.blobs.as_ref(), now),
        run_retention_once(&state.db, state.blobs.as_ref(), now),
    );
    assert_eq!(
        a.unwrap() + b.unwrap(),
        ids.len(),
        "each response expired once"
    );
    assert!(scene.blobs().await.is_empty());
    assert!(
        state.db.response(abandoned).await.unwrap().is_none(),
        "an abandoned upload goes too"
    );
    let counts = state.db.response_counts(fx.agency_a, None).await.unwrap();
    assert_eq!((counts.received, counts.deleted_at_expiry), (12, 12));
    // A later run finds nothing.
    assert_eq!(
        run_retention_once(&state.db, state.blobs.as_ref(), now)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_resident_withdraws_before_the_agency_opens_it() {
    let scene = Scene::new().await;
    let fx = &scene.fx;
    let response = scene.submitted(&[b"withdrawn clip"]).await;
    let (rid, file_id) = (id(&response), id(&response["files"][0]));
    let r = fx
        .send_as(
            Who::StaffA,
            Method::DELETE,
            &format!("/api/v1/responses/{rid}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "only its resident");
    let r = fx
        .send_as(
            Who::Resident,
            Method::DELETE,
            &format!("/api/v1/responses/{rid}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert!(scene.blobs().await.is_empty());
    let mine = fx
        .send_as(
            Who::Resident,
            Method::GET,
            &format!("/api/v1/responses/{rid}"),
            None,
        )
        .await
        .json();
    assert_eq!(mine["status"], json!("withdrawn"));
    let r = fx
        .send_as(
            Who::StaffA,
            Method::GET,
            &format!("/api/v1/responses/{rid}/files/{file_id}/ciphertext"),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::GONE, "response_withdrawn")
    );
    // The agency never learns of it: not listed, not counted.
    let list = fx
        .send_as(
            Who::StaffA,
            Method::GET,
            "/api/v1/agencies/agency-a/responses",
            None,
        )
        .await
        .json();
    assert_eq!(list, json!([]));
    let request = fx
        .app
        .get(&format!("/api/v1/requests/{}", scene.request_id))
        .await
        .json();
    assert!(request.get("responses_received").is_none(), "0 is left out");
    // A response still uploading is cancelled: gone altogether.
    let plain = b"cancelled";
    let c = scene.encrypt(plain);
    let r = scene
        .create(vec![file_json("a.mp4", "mp4", plain, &c)], json!([]))
        .await;
    let (rid, file_id) = (id(&r.json()), id(&r.json()["files"][0]));
    scene.upload(rid, file_id, &c).await;
    assert!(!scene.blobs().await.is_empty());
    let r = fx
        .send_as(
            Who::Resident,
            Method::DELETE,
            &format!("/api/v1/responses/{rid}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(scene.blobs().await.is_empty());
    let r = fx
        .send_as(
            Who::Resident,
            Method::GET,
            &format!("/api/v1/responses/{rid}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// The response counts of each request in agency A's exports, as `[received, kept as
/// evidence, deleted at expiry]` by request id: from the CSV (read by column name) and
/// from the GeoJSON, which must agree. Both answers match the spec, and neither holds
/// anything of who responded: the CSV's columns and the GeoJSON's properties are
/// exactly the documented ones, and the resident's email (also their display name)
/// appears nowhere.
async fn exported_counts(fx: &Fixture) -> BTreeMap<i64, [u64; 3]> {
    const COUNTS: [&str; 3] = [
        "responses_received",
        "responses_kept_as_evidence",
        "responses_deleted_at_expiry",
    ];
    let spec = spec();
    let resident = Who::Resident.email().unwrap();

    let csv = fx.app.get("/api/v1/agencies/agency-a/requests.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let errors = check_response(&spec, "GET", "/agencies/{slug}/requests.csv", &csv);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let text = csv.text();
    assert!(!text.contains(resident), "{text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "id",
            "created_at",
            "status",
            "resolved_at",
            "incident_type",
            "case_number",
            "title",
            "description",
            "time_frame_start",
            "time_frame_end",
            "area_sq_mi",
            "area_m2",
            "contact_email",
            "contact_phone",
            "url_path",
            "reviewed_at",
            "policy_finding_reasons",
            "policy_finding_notes",
            COUNTS[0],
            COUNTS[1],
            COUNTS[2],
        ],
        "the counts come last, and nothing about residents"
    );
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut from_csv = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("valid CSV");
        let counts = COUNTS.map(|name| {
            record[column(name)]
                .parse::<u64>()
                .unwrap_or_else(|_| panic!("{name}: an integer, not {:?}", &record[column(name)]))
        });
        from_csv.insert(record[column("id")].parse::<i64>().unwrap(), counts);
    }

    let geojson = fx
        .app
        .get("/api/v1/agencies/agency-a/requests.geojson")
        .await;
    assert_eq!(geojson.status, StatusCode::OK);
    let errors = check_response(&spec, "GET", "/agencies/{slug}/requests.geojson", &geojson);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(!geojson.text().contains(resident));
    let mut from_geojson = BTreeMap::new();
    for feature in geojson.json()["features"].as_array().unwrap() {
        let properties = feature["properties"].as_object().unwrap();
        let keys: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
        let mut documented: BTreeSet<&str> = headers
            .iter()
            .filter(|h| !h.starts_with("policy_finding_"))
            .collect();
        documented.insert("policy_findings");
        assert_eq!(
            keys, documented,
            "the CSV's fields, nothing about residents"
        );
        let counts = COUNTS.map(|key| {
            properties[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key}: a number, not {}", properties[key]))
        });
        from_geojson.insert(feature["id"].as_i64().unwrap(), counts);
    }
    assert_eq!(from_csv, from_geojson, "the CSV and the GeoJSON agree");
    from_csv
}

/// An agency's exports count each request's responses as its profile counts all of
/// them (issue 16): received (submitted, whatever became of it since; neither withdrawn
/// ones nor uploads never submitted), kept as evidence, and deleted at expiry by the
/// retention task (not a deletion on the agency's decision); zeros for a request
/// nobody responded to. Checked before and after the retention task runs.
#[tokio::test]
async fn the_exports_count_each_requests_responses() {
    let scene = Scene::new().await;
    let fx = &scene.fx;
    let (first, other) = (
        scene.request_id,
        fx.publish(Who::StaffA, draft("26-555002")).await,
    );
    let open = |rid: i64, file_id: i64| async move {
        let r = fx
            .send_as(
                Who::StaffA,
                Method::GET,
                &format!("/api/v1/responses/{rid}/files/{file_id}/ciphertext"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    };
    let decide = |rid: i64, decision: &'static str| async move {
        let r = fx
            .send_as(
                Who::StaffA,
                Method::POST,
                &format!("/api/v1/responses/{rid}/decision"),
                Some(json!({ "decision": decision })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(
            r.json()["status"],
            json!(decision.replace("not_needed", "deleted"))
        );
    };
    let withdraw = |rid: i64| async move {
        let r = fx
            .send_as(
                Who::Resident,
                Method::DELETE,
                &format!("/api/v1/responses/{rid}"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    };

    // The first request: one response of each fate.
    let kept = scene.submitted(&[b"kept clip"]).await;
    open(id(&kept), id(&kept["files"][0])).await;
    decide(id(&kept), "kept_as_evidence").await;
    let not_needed = scene.submitted(&[b"not needed clip"]).await;
    open(id(&not_needed), id(&not_needed["files"][0])).await;
    decide(id(&not_needed), "not_needed").await;
    let opened = scene.submitted(&[b"opened clip"]).await;
    open(id(&opened), id(&opened["files"][0])).await;
    scene.submitted(&[b"waiting clip"]).await;
    let withdrawn = scene.submitted(&[b"withdrawn clip"]).await;
    withdraw(id(&withdrawn)).await;
    // Every byte uploaded, never submitted.
    let plain = b"still uploading";
    let c = scene.encrypt(plain);
    let r = scene
        .create(vec![file_json("a.mp4", "mp4", plain, &c)], json!([]))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    scene
        .upload(id(&r.json()), id(&r.json()["files"][0]), &c)
        .await;
    // The other request: only a withdrawn response and one still uploading.
    let withdrawn = scene.submitted_for(other, &[b"withdrawn too"]).await;
    withdraw(id(&withdrawn)).await;
    let r = scene
        .create_for(other, vec![file_json("b.mp4", "mp4", plain, &c)], json!([]))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // Kept, not needed, opened and waiting were received; none expired yet.
    assert_eq!(
        exported_counts(fx).await,
        BTreeMap::from([(first, [4, 1, 0]), (other, [0, 0, 0])])
    );

    // Resolved, 7 days' retention, 8 days later: the opened and the waiting response
    // expire (the kept one stays; the one deleted as not needed was not deleted at
    // expiry), and the abandoned uploads go.
    retain_7_days_and_resolve(fx, first).await;
    let state = &fx.app.state;
    state.clock.advance(time::Duration::days(8));
    assert_eq!(
        run_retention_once(&state.db, state.blobs.as_ref(), state.now())
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        exported_counts(fx).await,
        BTreeMap::from([(first, [4, 1, 2]), (other, [0, 0, 0])])
    );
    // The same figures as the request's page and, summed, the agency's profile.
    let request = fx
        .app
        .get(&format!("/api/v1/requests/{first}"))
        .await
        .json();
    assert_eq!(request["responses_received"], json!(4));
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    assert_eq!(
        profile["responses"],
        json!({"received": 4, "kept_as_evidence": 1, "deleted_at_expiry": 2})
    );
}

/// Nothing of a refused response remains: no row, no blob.
async fn nothing_left(scene: &Scene) {
    let db = &scene.fx.app.state.db;
    let resident = scene.fx.account_id(Who::Resident).await;
    assert!(db.account_responses(resident).await.unwrap().is_empty());
    assert!(scene.blobs().await.is_empty(), "{:?}", scene.blobs().await);
}

#[tokio::test]
async fn every_bad_input_is_refused_and_leaves_nothing() {
    let scene = Scene::on(
        Fixture::on(
            TestApp::with_config(|c| {
                c.responses.max_response_file_bytes = 6 * 1024 * 1024;
                c.responses.max_response_bytes = 10 * 1024 * 1024;
            })
            .await,
        )
        .await,
    )
    .await;
    let fx = &scene.fx;
    let plain = b"\0\0\0\x20ftypisom clip".to_vec();
    let good = || file_json("clip.mp4", "mp4", &plain, &scene.encrypt(&plain));
    let with = |change: &dyn Fn(&mut Value)| {
        let mut f = good();
        change(&mut f);
        f
    };
    let cases: Vec<(Vec<Value>, Value, u16, &str)> = vec![
        (vec![], json!([]), 422, "response_files_invalid"),
        (
            (0..21).map(|_| good()).collect(),
            json!([]),
            422,
            "response_files_invalid",
        ),
        (
            vec![with(&|f| f["name"] = json!("notes.txt"))],
            json!([]),
            422,
            "file_type_unsupported",
        ),
        (
            vec![with(&|f| f["kind"] = json!("png"))],
            json!([]),
            422,
            "file_content_mismatch",
        ),
        (
            vec![with(&|f| f["sha256"] = json!("ab"))],
            json!([]),
            422,
            "response_files_invalid",
        ),
        (
            vec![with(&|f| f["ciphertext_size"] = json!(3))],
            json!([]),
            422,
            "response_files_invalid",
        ),
        (
            vec![with(&|f| f["captured_at"] = json!("2020-01-01T00:00:00Z"))],
            json!([]),
            422,
            "captured_outside_time_frame",
        ),
        (
            vec![with(&|f| f["ciphertext_size"] = json!(7 * 1024 * 1024))],
            json!([]),
            413,
            "upload_too_large",
        ),
        (
            (0..2)
                .map(|_| with(&|f| f["ciphertext_size"] = json!(6 * 1024 * 1024)))
                .collect(),
            json!([]),
            413,
            "upload_too_large",
        ),
        (
            vec![good()],
            json!(["email", "email"]),
            422,
            "shared_invalid",
        ),
    ];
    for (files, shared, status, code) in cases {
        let r = scene.create(files, shared).await;
        assert_eq!(
            (r.status.as_u16(), r.error_code()),
            (status, code.to_owned()),
            "{}",
            r.text()
        );
        nothing_left(&scene).await;
    }
    // A capture time that cannot be read is not a time.
    let r = scene
        .create(
            vec![with(&|f| f["captured_at"] = json!("yesterday"))],
            json!([]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The key changed under the resident's feet.
    let r = fx
        .send_as(
            Who::Resident,
            Method::POST,
            &format!("/api/v1/requests/{}/responses", scene.request_id),
            Some(json!({"key_fingerprint": "00000000000000000000000000000000", "files": [good()]})),
        )
        .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::CONFLICT, "agency_key_changed")
    );
    // Only residents answer.
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            &format!("/api/v1/requests/{}/responses", scene.request_id),
            Some(json!({"key_fingerprint": scene.key.fingerprint, "files": [good()]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // An agency without a key; a pending submission; a resolved request.
    let b_request = fx.publish(Who::StaffB, draft("26-555002")).await;
    let r = scene.create_for(b_request, vec![good()], json!([])).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::CONFLICT, "agency_has_no_key")
    );
    let pending = fx.stored_submission(draft("26-555003")).await;
    let r = scene.create_for(pending, vec![good()], json!([])).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::CONFLICT, "request_not_open")
    );
    let r = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            &format!("/api/v1/requests/{}/resolution", scene.request_id),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = scene.create(vec![good()], json!([])).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::CONFLICT, "request_not_open")
    );
    nothing_left(&scene).await;
}

#[tokio::test]
async fn more_bytes_than_declared_delete_the_whole_response() {
    let scene = Scene::new().await;
    let fx = &scene.fx;
    let plain = vec![7u8; RESPONSE_CHUNK_BYTES as usize + 10];
    let c = scene.encrypt(&plain);
    let small = scene.encrypt(b"x");
    let r = scene
        .create(
            vec![
                file_json("a.mp4", "mp4", &plain, &c),
                file_json("b.mp4", "mp4", b"x", &small),
            ],
            json!([]),
        )
        .await;
    let created = r.json();
    let (rid, big, tiny) = (
        id(&created),
        id(&created["files"][0]),
        id(&created["files"][1]),
    );
    scene.upload(rid, tiny, &small).await;
    let first = &c[..RESPONSE_CHUNK_BYTES as usize];
    let r = put_bytes(
        fx,
        Who::Resident,
        &format!("/api/v1/responses/{rid}/files/{big}/chunks/0"),
        first.to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(!scene.blobs().await.is_empty());
    // The last chunk, with one byte more than the file declared.
    let mut last = c[RESPONSE_CHUNK_BYTES as usize..].to_vec();
    last.push(0);
    let r = put_bytes(
        fx,
        Who::Resident,
        &format!("/api/v1/responses/{rid}/files/{big}/chunks/1"),
        last,
    )
    .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "upload_too_large")
    );
    nothing_left(&scene).await;
    // An envelope over 64 KiB is refused.
    let r = scene
        .create(vec![file_json("b.mp4", "mp4", b"x", &small)], json!([]))
        .await;
    let rid = id(&r.json());
    let r = put_bytes(
        fx,
        Who::Resident,
        &format!("/api/v1/responses/{rid}/envelope"),
        vec![1; 64 * 1024 + 1],
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// Every file under `dir` (recursively) that holds `needle`.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    found.push(path);
                }
            }
        }
    }
    found
}

#[tokio::test]
async fn the_server_never_stores_plaintext() {
    let scene = Scene::new().await;
    let fx = &scene.fx;
    const MARKER: &[u8] = b"PORCHLIGHT-PLAINTEXT-MARKER-7f3a9c";
    const NAME: &str = "Jane Plaintextidentity";
    const PHONE: &str = "+1 503 555 0199";
    let mut footage = b"\0\0\0\x20ftypisom".to_vec();
    for _ in 0..1000 {
        footage.extend_from_slice(MARKER);
    }
    let c = scene.encrypt(&footage);
    let r = scene
        .create(
            vec![file_json("clip.mp4", "mp4", &footage, &c)],
            json!(["name", "phone"]),
        )
        .await;
    let created = r.json();
    let rid = id(&created);
    scene.upload(rid, id(&created["files"][0]), &c).await;
    scene
        .envelope(
            rid,
            &json!({"name": NAME, "phone": PHONE, "message": String::from_utf8_lossy(MARKER),
                    "files": [{"name": "clip.mp4"}]}),
        )
        .await;
    let r = fx
        .send_as(
            Who::Resident,
            Method::POST,
            &format!("/api/v1/responses/{rid}/submission"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Flush SQLite's write-ahead log into the file, so the grep covers everything.
    let _ = fx
        .app
        .state
        .db
        .execute_raw("PRAGMA wal_checkpoint(TRUNCATE)")
        .await;
    assert!(!scene.blobs().await.is_empty());
    // Every blob and every database file (SQLite; PostgreSQL's rows are read below).
    let dir = fx.app._dir.path();
    for needle in [MARKER, NAME.as_bytes(), PHONE.as_bytes()] {
        let found = files_holding(dir, needle);
        assert!(
            found.is_empty(),
            "{:?} found in {found:?}",
            String::from_utf8_lossy(needle)
        );
    }
    // On PostgreSQL, every row of every table as text.
    if let crate::support::TestDb::Postgres { url, .. } = &fx.app.db_location {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(tables.iter().any(|t| t == "responses"));
        for table in tables {
            let rows: Vec<String> = sqlx::query_scalar(&format!("SELECT t::text FROM {table} t"))
                .fetch_all(&pool)
                .await
                .unwrap();
            let text = rows.concat();
            for needle in [MARKER, NAME.as_bytes(), PHONE.as_bytes()] {
                let needle = String::from_utf8_lossy(needle);
                assert!(!text.contains(needle.as_ref()), "{needle} in table {table}");
            }
        }
        pool.close().await;
    }
    // The marker is really there to be found, once decrypted.
    let blob_files = files_holding(&scene.blob_dir(), b"age-encryption.org/v1");
    assert!(!blob_files.is_empty(), "the blobs are age files");
    assert!(footage.windows(MARKER.len()).any(|w| w == MARKER));
}

#[tokio::test]
async fn the_audit_rebuilds_key_entries_from_the_api() {
    let scene = Scene::new().await;
    let (_, second) = key_pair();
    add_key(&scene.fx, &second).await;
    let db = scene.fx.app.state.db.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let state = porchlight_server::AppState::new(
        db,
        porchlight_server::Config::for_tests(scene.fx.app._dir.path().join("dist")),
    );
    let server =
        tokio::spawn(async move { axum::serve(listener, porchlight_server::app(state)).await });
    let options = porchlight_server::public_log::AuditOptions {
        url,
        checkpoint: None,
        save: None,
    };
    let report =
        tokio::task::spawn_blocking(move || porchlight_server::public_log::audit(&options))
            .await
            .unwrap()
            .expect("the audit passes");
    server.abort();
    // Key 1 added, key 1 retired, the request, key 2 added.
    assert_eq!(report.agency_keys, 3);
    assert_eq!(report.requests, 1);
    assert_eq!(report.checkpoint.tree_size, 4);
}

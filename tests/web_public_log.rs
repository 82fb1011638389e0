//! The request page's public-log badge in headless Chromium, against a fake API serving
//! fixture logs signed in the test: verified, tampered, and rewritten (forked and shrunk).
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use ed25519_dalek::{Signer, SigningKey};
use porchlight_app::api::ApiClient;
use porchlight_app::public_log::{
    forget_checkpoint, remember_checkpoint, remembered_checkpoint, verify_many_in_log, LogStatus, RememberedCheckpoint,
};
use porchlight_domain::public_log::{
    inclusion_proof, leaf_hash, request_entry, root_hash, Checkpoint, LogHash, LogPublicKey, LogSignature,
};
use porchlight_domain::wire::{InclusionProof, LogKey, PublishedRequest, SignedCheckpoint};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const REQUEST_JSON: &str = r#"{"id":7,"agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
  "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
  "description":"Looking for footage of a person carrying a red bicycle.","contact":{"email":"detective@city.example"},
  "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
  "area":{"type":"Polygon","coordinates":[[[-122.68,45.515],[-122.675,45.515],[-122.675,45.52],[-122.68,45.52],[-122.68,45.515]]]},
  "area_m2":216310.123456789,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":1}"#;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

fn request() -> PublishedRequest {
    serde_json::from_str(REQUEST_JSON).unwrap()
}

/// A log of filler entries with the request's entry at index 1.
fn tree(filler_tag: &str, size: usize) -> Vec<LogHash> {
    (0..size)
        .map(|i| match i {
            1 => leaf_hash(request_entry(&request()).unwrap().as_bytes()),
            _ => leaf_hash(format!("{filler_tag} {i}").as_bytes()),
        })
        .collect()
}

fn signed(tree: &[LogHash]) -> SignedCheckpoint {
    let c = Checkpoint { tree_size: tree.len() as u64, root_hash: root_hash(tree), timestamp_ms: 1_764_316_800_000 };
    let signature = LogSignature(key().sign(&c.signed_bytes()));
    SignedCheckpoint { tree_size: c.tree_size, root_hash: c.root_hash, timestamp_ms: c.timestamp_ms, signature }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

/// Serves `request_json` and the log `tree`, then opens `/requests/7` and waits for the
/// badge to settle into `selector`.
async fn open_request_page(
    request_json: &str,
    tree: &[LogHash],
    selector: &str,
) -> (web_sys::Element, leptos::mount::UnmountHandle<impl leptos::prelude::Mountable>) {
    inject_leaflet();
    let public_key = LogPublicKey(key().verifying_key());
    let proof =
        InclusionProof { index: 1, tree_size: tree.len() as u64, audit_path: inclusion_proof(tree, 1).unwrap() };
    let key_json = json(&LogKey { algorithm: "ed25519".into(), public_key });
    let checkpoint_json = json(&signed(tree));
    let proof_json = json(&proof);
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/requests/7", 200, request_json),
        ("/api/v1/log/key", 200, &key_json),
        ("/api/v1/log/checkpoint", 200, &checkpoint_json),
        ("/api/v1/log/proof/inclusion", 200, &proof_json),
        // Consistency from a remembered size to this tree is never honest in these
        // tests' rewritten logs; an honest proof for the fork still fails to verify.
        ("/api/v1/log/proof/consistency", 200, r#"{"from":3,"to":3,"proof":[]}"#),
    ]);
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some("/requests/7"))
        .unwrap();
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    leptos::task::tick().await;
    wait_for(&container, selector).await;
    (container.into(), handle)
}

#[wasm_bindgen_test]
async fn an_untouched_request_shows_the_verified_badge_and_remembers_the_checkpoint() {
    forget_checkpoint();
    let log = tree("honest", 3);
    let (page, handle) = open_request_page(REQUEST_JSON, &log, "[data-testid='log-badge'].log-verified").await;
    let badge = page.query_selector("[data-testid='log-badge']").unwrap().unwrap();
    assert_eq!(text(&badge), "✓ Verified in the public log, entry #1");
    assert_eq!(badge.get_attribute("role").as_deref(), Some("status"));
    assert!(text(&page).contains("Footage near 5th and Pine"), "the request is shown too");
    let remembered = remembered_checkpoint().expect("the verified checkpoint is remembered");
    assert_eq!(remembered.checkpoint, signed(&log));
    // Only the key and checkpoint and one inclusion proof were needed.
    let urls = requested_urls();
    assert!(urls.iter().any(|u| u == "/api/v1/log/proof/inclusion?index=1&tree_size=3"), "{urls:?}");
    drop(handle);
}

#[wasm_bindgen_test]
async fn an_edited_request_shows_a_red_warning() {
    forget_checkpoint();
    let edited = REQUEST_JSON.replace("Footage near 5th and Pine", "Footage near 6th and Pine");
    let (page, handle) = open_request_page(&edited, &tree("honest", 3), "[data-testid='log-badge'].log-failed").await;
    let badge = page.query_selector("[data-testid='log-badge']").unwrap().unwrap();
    assert_eq!(badge.get_attribute("role").as_deref(), Some("alert"));
    let says = text(&badge);
    assert!(says.starts_with("Warning: this record does not match the public log."), "{says}");
    assert!(says.contains("entry #1") && says.contains("changed after publication"), "{says}");
    assert!(page.query_selector(".log-verified").unwrap().is_none());
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_forked_log_shows_that_the_record_was_rewritten() {
    // This browser verified the honest log of 3 entries before; the server now serves a
    // rebuilt log of 3 entries whose last entry differs, validly signed by the same key.
    forget_checkpoint();
    let honest = tree("honest", 3);
    remember_checkpoint(&RememberedCheckpoint {
        public_key: LogPublicKey(key().verifying_key()),
        checkpoint: signed(&honest),
    });
    let mut forked = honest.clone();
    forked[2] = leaf_hash(b"a different request");
    let (page, handle) = open_request_page(REQUEST_JSON, &forked, "[data-testid='log-badge'].log-rewritten").await;
    let badge = page.query_selector("[data-testid='log-badge']").unwrap().unwrap();
    assert_eq!(badge.get_attribute("role").as_deref(), Some("alert"));
    let says = text(&badge);
    assert!(says.starts_with("The public record was rewritten."), "{says}");
    assert!(says.contains("does not extend the 3 entries seen before"), "{says}");
    // The rewritten log is not remembered in place of the one verified before.
    assert_eq!(remembered_checkpoint().unwrap().checkpoint, signed(&honest));
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_shrunk_log_shows_that_the_record_was_rewritten() {
    forget_checkpoint();
    let longer = tree("honest", 4);
    remember_checkpoint(&RememberedCheckpoint {
        public_key: LogPublicKey(key().verifying_key()),
        checkpoint: signed(&longer),
    });
    let (page, handle) = open_request_page(REQUEST_JSON, &longer[..3], "[data-testid='log-badge'].log-rewritten").await;
    let says = text(&page.query_selector("[data-testid='log-badge']").unwrap().unwrap());
    assert!(says.contains("shrank from 4 to 3 entries"), "{says}");
    forget_checkpoint();
    drop(handle);
}

/// The agency profile's check of a whole history: every request verified, or the first
/// one that does not match named.
#[wasm_bindgen_test]
async fn a_list_of_requests_is_verified_together_and_an_edited_one_is_named() {
    forget_checkpoint();
    let first = request();
    let mut second = request();
    second.id = 8;
    second.title = "Package theft on Alder St".into();
    second.log_index = Some(2);
    let log = vec![
        leaf_hash(b"filler 0"),
        leaf_hash(request_entry(&first).unwrap().as_bytes()),
        leaf_hash(request_entry(&second).unwrap().as_bytes()),
    ];
    let proof =
        |index: u64| json(&InclusionProof { index, tree_size: 3, audit_path: inclusion_proof(&log, index).unwrap() });
    let (proof_1, proof_2) = (proof(1), proof(2));
    let key_json = json(&LogKey { algorithm: "ed25519".into(), public_key: LogPublicKey(key().verifying_key()) });
    let checkpoint_json = json(&signed(&log));
    fake_api(&[
        ("/api/v1/log/key", 200, &key_json),
        ("/api/v1/log/checkpoint", 200, &checkpoint_json),
        ("/api/v1/log/proof/inclusion?index=1&", 200, &proof_1),
        ("/api/v1/log/proof/inclusion?index=2&", 200, &proof_2),
    ]);
    let api = ApiClient::new("");
    assert_eq!(
        verify_many_in_log(&api, &[first.clone(), second.clone()]).await,
        LogStatus::AllVerified { count: 2, tree_size: 3 }
    );
    let mut edited = second.clone();
    edited.description.push_str(" Updated.");
    match verify_many_in_log(&api, &[first, edited]).await {
        LogStatus::Failed(why) => assert!(why.starts_with("request 8 (“Package theft on Alder St”)"), "{why}"),
        other => panic!("expected a failure, got {other:?}"),
    }
    forget_checkpoint();
}

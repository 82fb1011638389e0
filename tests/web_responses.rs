//! Residents' footage (issue 16) against a fake API: the share flow's steps (files
//! screened against the time frame in the browser, nothing sent before consent, the
//! consent screen, the encrypted chunked upload with its receipt, a network drop and a
//! cancel), the receipts page's withdrawal, the request page's count and link, and the
//! Spanish text.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use porchlight_app::i18n::Lang;
use porchlight_domain::footage::key_fingerprint;
use porchlight_footage::seal::AgencyKeyPair;
use serde_json::json;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RESIDENT: &str = r#"{"id":3,"email":"resident@porchlight.test","display_name":"Riley Resident","role":"resident","agency":null,"hide_requests":false}"#;

const PORCH_MP4: &[u8] = include_bytes!("../footage/tests/fixtures/porch.mp4");
const DRIVEWAY_MOV: &[u8] = include_bytes!("../footage/tests/fixtures/driveway.mov");
const STILL_PNG: &[u8] = include_bytes!("../footage/tests/fixtures/still.png");
const EXIF_JPG: &[u8] = include_bytes!("../footage/tests/fixtures/exif-offset.jpg");

/// 2026-11-27 21:40 UTC, in milliseconds: inside the time frame.
const INSIDE_MS: f64 = 1_795_815_600_000.0;

fn request(accepts: bool, received: u64) -> String {
    json!({"id": 12, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "burglary", "case_number": "26-118233", "title": "Footage near 5th and Pine",
        "description": "Any footage helps.", "contact": {"email": "detective@city.example"},
        "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T22:00:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.522], [-122.68, 45.515]]]},
        "area_m2": 400000.0, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null,
        "responses_received": received, "accepts_responses": accepts})
    .to_string()
}

fn agency(public_key: &str) -> String {
    json!({"slug": "demo-city-police", "name": "Demo City Police Department", "jurisdiction": "Demo City",
        "region": "OR", "center": {"lat": 45.5, "lng": -122.6}, "contact_email": null, "contact_phone": null,
        "time_zone": "America/Los_Angeles", "created_at": "2026-01-01T00:00:00Z", "total_requests": 1,
        "open_requests": 1, "resolved_requests": 0, "requests_last_12_months": 1,
        "response_key": {"fingerprint": key_fingerprint(public_key).unwrap(), "public_key": public_key,
            "created_at": "2026-12-01T00:00:00Z", "retired_at": null, "log_index": 3},
        "retention_days": 30, "responses": {"received": 2, "kept_as_evidence": 1, "deleted_at_expiry": 0}})
    .to_string()
}

fn resident_response(status: &str, received: u64) -> String {
    json!({"id": 77, "request": {"id": 12, "title": "Footage near 5th and Pine", "case_number": "26-118233",
            "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"}},
        "key_fingerprint": "0123456789abcdef0123456789abcdef", "shared": ["email"],
        "files": [
            {"id": 1, "name": "porch.mp4", "kind": "mp4", "size": PORCH_MP4.len(), "sha256": "aa", "captured_at": "2026-11-27T21:30:00Z",
             "capture_source": "container", "ciphertext_size": 2000, "received": received},
            {"id": 2, "name": "still.png", "kind": "png", "size": STILL_PNG.len(), "sha256": "bb", "captured_at": "2026-11-27T21:40:00Z",
             "capture_source": "file_modified", "ciphertext_size": 400, "received": received}],
        "envelope_received": status != "uploading", "status": status,
        "created_at": "2026-12-06T10:00:00Z", "submitted_at": if status == "uploading" { json!(null) } else { json!("2026-12-06T10:01:00Z") }})
    .to_string()
}

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

/// Puts files (name, bytes, lastModified ms) in the file input and fires `change`.
fn choose_files(input: &web_sys::Element, files: &[(&str, &[u8], f64)]) {
    let list = js_sys::Array::new();
    for (name, bytes, modified) in files {
        list.push(&js_sys::Array::of3(&(*name).into(), &js_sys::Uint8Array::from(*bytes), &JsValue::from(*modified)));
    }
    js_sys::Function::new_with_args(
        "input, files",
        "const dt = new DataTransfer(); \
         for (const [name, bytes, lastModified] of files) dt.items.add(new File([bytes], name, { lastModified })); \
         input.files = dt.files; input.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .call2(&JsValue::NULL, input, &list)
    .unwrap();
}

fn hidden(root: &web_sys::Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().unwrap().has_attribute("hidden")
}

fn mount_share(routes: &[(&str, u16, &str)]) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    mount_share_in(routes, Lang::En)
}

fn mount_share_in(routes: &[(&str, u16, &str)], lang: Lang) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    fake_api(routes);
    go_to("/requests/12/share");
    let container = fresh_container();
    show_language(lang);
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    (container, Box::new(handle))
}

/// Polls for `selector` for up to 20 s (an upload waits between tries).
async fn wait_long(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..400 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        sleep(50).await;
    }
    panic!("no element matches {selector:?}; the page shows: {}", text(root));
}

fn share_routes(public_key: &str) -> Vec<(&'static str, u16, String)> {
    vec![
        ("/api/v1/config", 200, CONFIG_NO_TILES.to_owned()),
        ("/api/v1/me", 200, RESIDENT.to_owned()),
        ("/api/v1/requests/12/responses", 201, resident_response("uploading", 0)),
        ("/api/v1/requests/12", 200, request(true, 2)),
        ("/api/v1/agencies/demo-city-police", 200, agency(public_key)),
        ("/api/v1/responses/77/files/", 204, String::new()),
        ("/api/v1/responses/77/envelope", 204, String::new()),
        ("/api/v1/responses/77/submission", 200, resident_response("submitted", 0)),
        ("/api/v1/responses/77", 200, resident_response("uploading", 0)),
    ]
}

fn borrowed<'a>(routes: &'a [(&'static str, u16, String)]) -> Vec<(&'static str, u16, &'a str)> {
    routes.iter().map(|(p, s, b)| (*p, *s, b.as_str())).collect()
}

/// Chooses the four files and waits until they are screened.
async fn choose_and_screen(container: &web_sys::HtmlElement) {
    let input = wait_for(container, "[data-testid=file-input]").await;
    choose_files(
        &input,
        &[
            ("porch.mp4", PORCH_MP4, 0.0),
            ("driveway.mov", DRIVEWAY_MOV, INSIDE_MS),
            ("still.png", STILL_PNG, INSIDE_MS),
            ("notes.txt", b"hello", INSIDE_MS),
        ],
    );
    wait_until("every file is screened", || {
        all(container, "[data-testid=files-shared] li").len() + all(container, "[data-testid=files-skipped] li").len()
            == 4
    })
    .await;
}

#[wasm_bindgen_test]
async fn files_are_screened_in_the_browser_and_nothing_leaves_before_consent() {
    let key = AgencyKeyPair::generate();
    let routes = share_routes(&key.public_key());
    let (container, handle) = mount_share(&borrowed(&routes));
    choose_and_screen(&container).await;
    let shared = text(&wait_for(&container, "[data-testid=files-shared]").await);
    // The MP4's own time (21:30 UTC, though the file's modified time says 1970), the
    // PNG's modified time, labelled as such.
    assert!(shared.contains("porch.mp4") && shared.contains("from the video's own recording time"), "{shared}");
    assert!(shared.contains("still.png") && shared.contains("the file's modified time"), "{shared}");
    let skipped = text(&wait_for(&container, "[data-testid=files-skipped]").await);
    // 22:10 is 5 min past the time frame's end and its 5 min allowance.
    assert!(skipped.contains("driveway.mov: captured 5 min after the requested time frame"), "{skipped}");
    assert!(skipped.contains("notes.txt: Only MP4 and MOV videos"), "{skipped}");
    assert!(!shared.contains("driveway.mov"), "{shared}");

    // Leaving one out, then the next steps.
    click(&container, "[aria-label='Leave out porch.mp4']");
    wait_until("porch.mp4 left out", || all(&container, "[data-testid=files-shared] li").len() == 1).await;
    choose_files(&wait_for(&container, "[data-testid=file-input]").await, &[("porch.mp4", PORCH_MP4, 0.0)]);
    wait_until("porch.mp4 back", || all(&container, "[data-testid=files-shared] li").len() == 2).await;
    click(&container, "[data-testid=to-about]");
    leptos::task::tick().await;
    assert!(hidden(&container, "[data-testid=step-choose]") && !hidden(&container, "[data-testid=step-about]"));
    // The step's heading takes focus: the button that was clicked is hidden now.
    let focused = || document().active_element().map(|e| e.id()).unwrap_or_default();
    wait_until("the about step's heading has focus", || focused() == "share-step-about").await;
    click(&container, "[data-testid=share-email]");
    leptos::task::tick().await;
    click(&container, "[data-testid=to-consent]");
    leptos::task::tick().await;
    wait_until("the consent step's heading has focus", || focused() == "share-step-consent").await;
    let consent = text(&wait_for(&container, "[data-testid=step-consent]").await);
    for expected in [
        "Demo City Police Department",
        "26-118233",
        "porch.mp4",
        "still.png",
        "Your email: resident@porchlight.test",
        "until 30 days after the request is resolved",
        "Ignoring or declining a request is never recorded.",
    ] {
        assert!(consent.contains(expected), "{expected:?} not in {consent}");
    }
    assert!(!consent.contains("driveway.mov"), "{consent}");
    assert!(!consent.contains("Your name"), "{consent}");
    // Nothing but reads so far.
    let sent: Vec<_> = calls().into_iter().filter(|c| !c.starts_with("GET ")).collect();
    assert!(sent.is_empty(), "{sent:?}");

    click(&container, "[data-testid=send]");
    let receipt = text(&wait_long(&container, "[data-testid=step-receipt]").await);
    assert!(receipt.contains("Receipt for response 77"), "{receipt}");
    let calls = calls();
    let writes: Vec<_> = calls.iter().filter(|c| !c.starts_with("GET ")).collect();
    let create = writes.iter().find(|c| c.starts_with("POST /api/v1/requests/12/responses")).expect("the response");
    let input: serde_json::Value = serde_json::from_str(create.splitn(3, ' ').nth(2).unwrap()).unwrap();
    assert_eq!(input["shared"], json!(["email"]));
    assert_eq!(input["key_fingerprint"], json!(key_fingerprint(&key.public_key()).unwrap()));
    let files = input["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["name"], json!("still.png"));
    assert_eq!(files[0]["capture_source"], json!("file_modified"));
    assert_eq!(files[1]["name"], json!("porch.mp4"));
    assert_eq!(files[1]["captured_at"], json!("2026-11-27T21:30:00Z"));
    assert_eq!(files[1]["capture_source"], json!("container"));
    assert_eq!(files[1]["size"], json!(PORCH_MP4.len()));
    assert_eq!(files[1]["sha256"].as_str().unwrap().len(), 64);
    assert!(files[1]["ciphertext_size"].as_u64().unwrap() > PORCH_MP4.len() as u64);
    assert!(writes.iter().any(|c| c.starts_with("PUT /api/v1/responses/77/files/1/chunks/0")), "{writes:?}");
    assert!(writes.iter().any(|c| c.starts_with("PUT /api/v1/responses/77/files/2/chunks/0")), "{writes:?}");
    assert!(writes.iter().any(|c| c.starts_with("PUT /api/v1/responses/77/envelope")), "{writes:?}");
    assert_eq!(writes.last().unwrap().as_str(), "POST /api/v1/responses/77/submission");
    // The email address travels only inside the encrypted envelope.
    assert!(!calls.iter().any(|c| c.contains("resident@porchlight.test")), "{calls:?}");
    drop(handle);
    container.remove();
    go_to("/");
}

#[wasm_bindgen_test]
async fn a_network_drop_resumes_and_a_cancel_deletes_the_response() {
    let key = AgencyKeyPair::generate();
    let mut routes = share_routes(&key.public_key());
    // The chunks fail (a gateway error) until the network is back.
    routes.insert(0, ("/api/v1/responses/77/files/", 503, String::new()));
    let (container, handle) = mount_share(&borrowed(&routes));
    let input = wait_for(&container, "[data-testid=file-input]").await;
    choose_files(&input, &[("porch.mp4", PORCH_MP4, 0.0)]);
    wait_until("screened", || all(&container, "[data-testid=files-shared] li").len() == 1).await;
    click(&container, "[data-testid=to-about]");
    click(&container, "[data-testid=to-consent]");
    click(&container, "[data-testid=send]");
    let status = wait_for(&container, "[data-testid=upload-status]").await;
    wait_until("the drop is said", || text(&status).contains("The connection dropped")).await;
    assert!(!all(&container, "[data-testid=file-progress] progress").is_empty());
    // Back: the server says it has nothing of that chunk, so it is sent again.
    routes.remove(0);
    set_routes(&borrowed(&routes));
    wait_long(&container, "[data-testid=step-receipt]").await;
    let puts: Vec<_> =
        calls().into_iter().filter(|c| c.starts_with("PUT /api/v1/responses/77/files/1/chunks/0")).collect();
    assert!(puts.len() >= 2, "{puts:?}");
    drop(handle);
    container.remove();

    // A cancel during the drop deletes what was started.
    let mut routes = share_routes(&key.public_key());
    routes.insert(0, ("/api/v1/responses/77/files/", 503, String::new()));
    let (container, handle) = mount_share(&borrowed(&routes));
    let input = wait_for(&container, "[data-testid=file-input]").await;
    choose_files(&input, &[("photo.jpg", EXIF_JPG, 0.0)]);
    wait_until("screened", || all(&container, "[data-testid=files-shared] li").len() == 1).await;
    click(&container, "[data-testid=to-about]");
    click(&container, "[data-testid=to-consent]");
    click(&container, "[data-testid=send]");
    let status = wait_for(&container, "[data-testid=upload-status]").await;
    wait_until("the drop is said", || text(&status).contains("The connection dropped")).await;
    click(&container, "[data-testid=cancel-upload]");
    let error = wait_long(&container, "[data-testid=share-error]").await;
    assert_eq!(text(&error), "Cancelled: nothing was kept.");
    wait_until("the response is deleted", || calls().iter().any(|c| c == "DELETE /api/v1/responses/77")).await;
    assert!(!calls().iter().any(|c| c.contains("/submission")));
    drop(handle);
    container.remove();
    go_to("/");
}

#[wasm_bindgen_test]
async fn the_share_flow_in_spanish() {
    let key = AgencyKeyPair::generate();
    let routes = share_routes(&key.public_key());
    let (container, handle) = mount_share_in(&borrowed(&routes), Lang::Es);
    choose_and_screen(&container).await;
    let page = text(&container);
    assert!(page.contains("1. Elegir archivos"), "{page}");
    let skipped = text(&wait_for(&container, "[data-testid=files-skipped]").await);
    assert!(skipped.contains("driveway.mov: grabado 5 min después del período solicitado"), "{skipped}");
    assert!(skipped.contains("notes.txt: Solo se pueden compartir videos MP4 y MOV"), "{skipped}");
    let shared = text(&wait_for(&container, "[data-testid=files-shared]").await);
    assert!(shared.contains("la hora de modificación del archivo"), "{shared}");
    click(&container, "[data-testid=to-about]");
    click(&container, "[data-testid=to-consent]");
    leptos::task::tick().await;
    let consent = text(&wait_for(&container, "[data-testid=step-consent]").await);
    assert!(consent.contains("Nunca se registra si alguien ignora o rechaza una solicitud."), "{consent}");
    assert!(consent.contains("Nada sobre usted"), "{consent}");
    drop(handle);
    container.remove();
    english();
    go_to("/");
}

#[wasm_bindgen_test]
async fn a_request_without_a_key_or_closed_does_not_take_footage() {
    let key = AgencyKeyPair::generate();
    let mut routes = share_routes(&key.public_key());
    routes[3] = ("/api/v1/requests/12", 200, request(false, 0));
    let (container, handle) = mount_share(&borrowed(&routes));
    wait_for(&container, "[data-testid=share-unavailable]").await;
    assert!(container.query_selector("[data-testid=file-input]").unwrap().is_none());
    drop(handle);
    container.remove();
    go_to("/");
}

#[wasm_bindgen_test]
async fn a_receipt_is_withdrawn_until_opened() {
    let list = format!("[{}]", resident_response("submitted", 2000));
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me/responses", 200, &list),
        ("/api/v1/me", 200, RESIDENT),
        ("/api/v1/responses/77", 204, ""),
    ]);
    go_to("/me/responses");
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let receipt = wait_for(&container, "[data-testid=receipt]").await;
    let shown = text(&receipt);
    assert!(
        shown.contains("Receipt for response 77") && shown.contains("porch.mp4") && shown.contains("SHA-256: aa"),
        "{shown}"
    );
    assert!(shown.contains("About youYour email"), "{shown}");
    // Focus follows the question: to "Keep it", back to "Withdraw", to the receipt.
    let focused = || document().active_element().map(|e| e.id()).unwrap_or_default();
    click(&container, "[data-testid=withdraw]");
    wait_for(&container, "[data-testid=withdraw-confirm]").await;
    wait_until("'Keep it' has focus", || focused() == "withdraw-no-77").await;
    click(&container, "[data-testid=withdraw-no]");
    wait_until("'Withdraw' has focus again", || focused() == "withdraw-77").await;
    click(&container, "[data-testid=withdraw]");
    wait_for(&container, "[data-testid=withdraw-confirm]").await;
    click(&container, "[data-testid=withdraw-confirm]");
    wait_until("withdrawn", || text(&container).contains("Withdrawn")).await;
    wait_until("the receipt's heading has focus", || focused() == "receipt-77").await;
    assert!(calls().iter().any(|c| c == "DELETE /api/v1/responses/77"));
    assert!(container.query_selector("[data-testid=withdraw]").unwrap().is_none());
    drop(handle);
    container.remove();
    go_to("/");
}

#[wasm_bindgen_test]
async fn the_request_page_counts_responses_and_links_to_sharing() {
    inject_leaflet();
    let request = request(true, 3);
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/log/", 503, "{}"),
        ("/api/v1/requests/12/moderation", 404, "{}"),
        ("/api/v1/requests/12", 200, &request),
    ]);
    go_to("/requests/12");
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let line = wait_for(&container, "[data-testid=responses-line]").await;
    assert_eq!(text(&line), "3 residents shared footage · Share footage");
    let link = line.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/requests/12/share"));
    drop(handle);
    container.remove();
    go_to("/");
}

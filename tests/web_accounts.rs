//! Sign-in, sign-out and the opt-out setting against a fake API (no network).
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const RESIDENT: &str = r#"{"id":3,"email":"resident@porchlight.test","display_name":"Riley","role":"resident","agency":null,"hide_requests":false}"#;
const RESIDENT_OPTED_OUT: &str = r#"{"id":3,"email":"resident@porchlight.test","display_name":"Riley","role":"resident","agency":null,"hide_requests":true}"#;
const EMPTY_PAGE: &str = r#"{"items":[],"next":null,"hidden_by_preference":false}"#;

fn go_to(path: &str) {
    web_sys::window().unwrap().history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
}

fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    let input: HtmlInputElement = root.query_selector(selector).unwrap().expect(selector).unchecked_into();
    input.set_value(value);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn sign_in_error_is_shown_in_place() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        (
            "/api/v1/auth/login",
            401,
            r#"{"error":{"code":"invalid_credentials","message":"Email or password is wrong."},"errors":[{"code":"invalid_credentials","message":"Email or password is wrong."}]}"#,
        ),
    ]);
    go_to("/login");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let form = wait_for(&container, "form").await;
    type_into(&form, "#login-email", "resident@porchlight.test");
    type_into(&form, "#login-password", "not-the-password");
    form.query_selector("button[type='submit']").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    let alert = wait_for(&form, "[role='alert']").await;
    // The app's own text for the error's code, in the reader's language (the server's
    // English message is for API clients).
    assert_eq!(text(&alert), "The email address or password is not right.");
    assert!(calls()
        .iter()
        .any(|c| c == r#"POST /api/v1/auth/login {"email":"resident@porchlight.test","password":"not-the-password"}"#));
    go_to("/");
}

#[wasm_bindgen_test]
async fn sign_in_then_header_names_the_resident_and_sign_out_forgets_them() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/auth/login", 200, RESIDENT),
        ("/api/v1/requests", 200, EMPTY_PAGE),
    ]);
    go_to("/login");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let form = wait_for(&container, "form").await;
    type_into(&form, "#login-email", "resident@porchlight.test");
    type_into(&form, "#login-password", "porchlight-demo");
    // From now on the server knows the session.
    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 200, RESIDENT),
        ("/api/v1/auth/login", 200, RESIDENT),
        ("/api/v1/auth/logout", 204, ""),
        ("/api/v1/requests", 200, EMPTY_PAGE),
    ]);
    form.query_selector("button[type='submit']").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    wait_until("the map page", || web_sys::window().unwrap().location().pathname().unwrap() == "/").await;
    wait_until("the header names Riley", || text(&container).contains("Signed in as Riley")).await;

    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me", 401, SIGNED_OUT),
        ("/api/v1/auth/logout", 204, ""),
        ("/api/v1/requests", 200, EMPTY_PAGE),
    ]);
    let sign_out: HtmlElement = container.query_selector(".signed-in button").unwrap().unwrap().unchecked_into();
    assert_eq!(text(&sign_out), "Sign out");
    sign_out.click();
    wait_until("the header offers sign-in again", || {
        let nav = container.query_selector("nav").unwrap().unwrap();
        text(&nav).contains("Sign in") && !text(&nav).contains("Riley")
    })
    .await;
    assert!(calls().iter().any(|c| c == "POST /api/v1/auth/logout"));
    go_to("/");
}

#[wasm_bindgen_test]
async fn settings_saves_the_opt_out_and_shows_the_new_state() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me/preferences", 200, RESIDENT_OPTED_OUT),
        ("/api/v1/me", 200, RESIDENT),
    ]);
    go_to("/settings");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let checkbox: HtmlInputElement = wait_for(&container, "[data-testid='show-requests']").await.unchecked_into();
    assert!(checkbox.checked(), "requests are shown by default");

    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/me/preferences", 200, RESIDENT_OPTED_OUT),
        ("/api/v1/me", 200, RESIDENT_OPTED_OUT),
    ]);
    checkbox.click();
    wait_until("the preference was sent", || {
        calls().iter().any(|c| c == r#"PUT /api/v1/me/preferences {"hide_requests":true}"#)
    })
    .await;
    wait_until("the checkbox shows the saved state", || {
        container
            .query_selector("[data-testid='show-requests']")
            .unwrap()
            .map(|e| !e.unchecked_into::<HtmlInputElement>().checked())
            .unwrap_or(false)
    })
    .await;
    go_to("/");
}

#[wasm_bindgen_test]
async fn settings_asks_a_signed_out_visitor_to_sign_in() {
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 401, SIGNED_OUT)]);
    go_to("/settings");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let link = wait_for(&container, "main a[href='/login']").await;
    assert_eq!(text(&link), "Sign in");
    assert!(container.query_selector("[data-testid='show-requests']").unwrap().is_none());
    go_to("/");
}

/// On the mounted `/login`, switches to the registration form and returns it.
async fn registration_form(container: &web_sys::Element) -> web_sys::Element {
    wait_for(container, "#login-email").await;
    let toggle: HtmlElement = container.query_selector(".link-button").unwrap().unwrap().unchecked_into();
    toggle.click();
    wait_for(container, "#register-password").await;
    container.query_selector("form").unwrap().unwrap()
}

// The form once said 10 characters while the server wanted 12: both now read the
// domain's policy, and this checks the form says what the rule is.
#[wasm_bindgen_test]
async fn registration_states_the_domain_password_policy() {
    inject_leaflet();
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 401, SIGNED_OUT)]);
    go_to("/login");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let form = registration_form(&container).await;
    let password: HtmlInputElement = form.query_selector("#register-password").unwrap().unwrap().unchecked_into();
    assert_eq!(password.min_length(), porchlight_domain::PASSWORD_MIN_CHARS as i32);
    assert_eq!(password.max_length(), porchlight_domain::PASSWORD_MAX_CHARS as i32);
    let hint = form.query_selector("[data-testid='register-password-hint']").unwrap().unwrap();
    assert_eq!(text(&hint), "At least 12 characters.");
    go_to("/");
}

// What the server would refuse is refused before anything is sent, with the server's
// own messages, and the first field in trouble takes focus.
#[wasm_bindgen_test]
async fn registration_refuses_what_the_server_would_before_sending() {
    inject_leaflet();
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 401, SIGNED_OUT)]);
    go_to("/login");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let form = registration_form(&container).await;
    type_into(&form, "#register-name", "Riley");
    // Accepted by a browser's type=email, refused by the account rules.
    type_into(&form, "#register-email", "riley@example..org");
    type_into(&form, "#register-password", "elevenchars");
    form.query_selector("button[type='submit']").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    let alert = wait_for(&form, "[data-testid='register-problems']").await;
    assert_eq!(text(&alert), "Enter a valid email address.Use a password of at least 12 characters.");
    wait_until("the email field has focus", || {
        web_sys::window().unwrap().document().unwrap().active_element().map(|e| e.id()) == Some("register-email".into())
    })
    .await;
    let email = form.query_selector("#register-email").unwrap().unwrap();
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(!calls().iter().any(|c| c.contains("/auth/register")), "sent: {:?}", calls());
    go_to("/");
}

fn by_testid(root: &web_sys::Element, id: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid='{id}']")).unwrap().unwrap_or_else(|| panic!("no {id}")).unchecked_into()
}

fn active_testid() -> Option<String> {
    web_sys::window().unwrap().document().unwrap().active_element().and_then(|e| e.get_attribute("data-testid"))
}

#[wasm_bindgen_test]
async fn settings_signs_out_everywhere_only_once_confirmed_then_forgets_the_account() {
    inject_leaflet();
    fake_api(&[("/api/v1/config", 200, CONFIG_NO_TILES), ("/api/v1/me", 200, RESIDENT)]);
    go_to("/settings");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    let opener = wait_for(&container, "[data-testid='sign-out-everywhere']").await.unchecked_into::<HtmlElement>();
    wait_until("the header names Riley", || text(&container).contains("Signed in as Riley")).await;
    let question = || container.query_selector("[data-testid='sign-out-everywhere-question']").unwrap();
    assert!(question().is_none(), "no question before the button is pressed");
    assert_eq!(text(&opener), "Sign out everywhere…");

    // The first press only asks (in place of the button); Cancel takes it back and
    // nothing is sent.
    opener.click();
    wait_until("the question shows", || question().is_some()).await;
    let asked = container.query_selector("#sign-out-everywhere-question").unwrap().unwrap();
    assert_eq!(
        text(&asked),
        "Sign out on every device, including this one? You will need your password to sign in again."
    );
    assert_eq!(question().unwrap().get_attribute("aria-labelledby").as_deref(), Some("sign-out-everywhere-question"));
    assert!(container.query_selector("[data-testid='sign-out-everywhere']").unwrap().is_none());
    wait_until("Cancel has focus", || active_testid().as_deref() == Some("sign-out-everywhere-cancel")).await;
    by_testid(&container, "sign-out-everywhere-cancel").click();
    wait_until("the button is back", || {
        question().is_none() && container.query_selector("[data-testid='sign-out-everywhere']").unwrap().is_some()
    })
    .await;
    wait_until("the button has focus again", || active_testid().as_deref() == Some("sign-out-everywhere")).await;
    assert!(!calls().iter().any(|c| c.contains("logout-everywhere")), "sent: {:?}", calls());

    // Confirmed: sent once; the server has ended every session, this one too.
    by_testid(&container, "sign-out-everywhere").click();
    wait_until("the question shows", || question().is_some()).await;
    set_routes(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        ("/api/v1/auth/logout-everywhere", 200, r#"{"sessions_ended":3}"#),
        ("/api/v1/me", 401, SIGNED_OUT),
    ]);
    by_testid(&container, "sign-out-everywhere-confirm").click();
    let done = wait_for(&container, "[data-testid='signed-out-everywhere']").await;
    assert_eq!(text(&done), "You are signed out everywhere: 3 sessions ended, this browser's included.");
    assert_eq!(done.get_attribute("role").as_deref(), Some("status"));
    wait_until("this browser is signed out too", || {
        let nav = container.query_selector("nav").unwrap().unwrap();
        text(&nav).contains("Sign in") && !text(&nav).contains("Riley")
    })
    .await;
    wait_until("the page offers to sign in again", || {
        container.query_selector("main a[href='/login']").unwrap().is_some()
    })
    .await;
    assert!(container.query_selector("[data-testid='sign-out-everywhere']").unwrap().is_none());
    assert_eq!(calls().iter().filter(|c| *c == "POST /api/v1/auth/logout-everywhere").count(), 1, "{:?}", calls());
    go_to("/");
}

#[wasm_bindgen_test]
async fn a_failed_sign_out_everywhere_says_so_and_keeps_the_account() {
    inject_leaflet();
    fake_api(&[
        ("/api/v1/config", 200, CONFIG_NO_TILES),
        (
            "/api/v1/auth/logout-everywhere",
            500,
            r#"{"error":{"code":"internal","message":"Something went wrong on the server."},"errors":[{"code":"internal","message":"Something went wrong on the server."}]}"#,
        ),
        ("/api/v1/me", 200, RESIDENT),
    ]);
    go_to("/settings");
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), porchlight_app::App);
    wait_for(&container, "[data-testid='sign-out-everywhere']").await.unchecked_into::<HtmlElement>().click();
    wait_for(&container, "[data-testid='sign-out-everywhere-confirm']").await.unchecked_into::<HtmlElement>().click();
    let alert = wait_for(&container, "[data-testid='sign-out-everywhere-error']").await;
    assert_eq!(text(&alert), "Not signed out: Something went wrong on the server. Try again later.");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert!(container.query_selector("[data-testid='signed-out-everywhere']").unwrap().is_none());
    assert!(text(&container).contains("Signed in as Riley"), "still signed in here: {}", text(&container));
    go_to("/");
}

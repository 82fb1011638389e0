use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use porchlight_domain::account::{check_registration, AccountError};
use porchlight_domain::wire::{Credentials, Registration};
use porchlight_domain::{DISPLAY_NAME_MAX_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};

use crate::api::{problem_text, ApiError};
use crate::components::{focus_field, PageHeading};
use crate::i18n::{page_title, t, tf};
use crate::routes;
use crate::session::{use_api, use_session};

/// `/login`: sign in, or create a resident account.
#[component]
pub fn LoginPage() -> impl IntoView {
    page_title("login.title");
    let registering = RwSignal::new(false);
    view! {
        <div class="page narrow">
            <PageHeading>{move || if registering.get() { t("login.create_heading") } else { t("header.sign_in") }}</PageHeading>
            {move || if registering.get() {
                view! { <RegisterForm/> }.into_any()
            } else {
                view! { <SignInForm/> }.into_any()
            }}
            <p>
                <button type="button" class="link-button" on:click=move |_| registering.update(|r| *r = !*r)>
                    {move || if registering.get() { t("login.have_account") } else { t("login.create_heading") }}
                </button>
            </p>
        </div>
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let api = use_api();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let action = Action::new_local(move |credentials: &Credentials| {
        let api = api.clone();
        let credentials = credentials.clone();
        async move { api.login(&credentials).await }
    });
    after_success(action);
    view! {
        <form class="form" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(Credentials { email: email.get_untracked(), password: password.get_untracked() });
        }>
            <label for="login-email">{t("login.email")}</label>
            <input id="login-email" type="email" autocomplete="username" required bind:value=email/>
            <label for="login-password">{t("login.password")}</label>
            <input id="login-password" type="password" autocomplete="current-password" required bind:value=password/>
            <FormErrors result=Signal::derive(move || action.value().get())/>
            <button type="submit" class="button" disabled=move || action.pending().get()>
                {move || if action.pending().get() { t("login.signing_in") } else { t("header.sign_in") }}
            </button>
        </form>
    }
}

/// What an account rule refused, in the reader's language.
fn account_problem(error: AccountError) -> String {
    match error {
        AccountError::PasswordTooShort => tf("login.password_too_short", &[("min", &PASSWORD_MIN_CHARS.to_string())]),
        AccountError::PasswordTooLong => tf("login.password_too_long", &[("max", &PASSWORD_MAX_CHARS.to_string())]),
        AccountError::EmailInvalid => t("error.code.email_invalid"),
        AccountError::DisplayNameInvalid => t("error.code.display_name_invalid"),
    }
}

/// The account rules' field ids on this form.
fn register_field_id(error: AccountError) -> &'static str {
    match error.field() {
        "email" => "register-email",
        "password" => "register-password",
        _ => "register-name",
    }
}

#[component]
fn RegisterForm() -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // What the domain's account rules refuse, found before anything is sent.
    let problems = RwSignal::new(Vec::<AccountError>::new());
    let action = Action::new_local(move |registration: &Registration| {
        let api = api.clone();
        let registration = registration.clone();
        async move { api.register(&registration).await }
    });
    after_success(action);
    let password_hint = tf("login.password_hint", &[("min", &PASSWORD_MIN_CHARS.to_string())]);
    view! {
        <form class="form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            let (e, p, n) = (email.get_untracked(), password.get_untracked(), name.get_untracked());
            match check_registration(&e, &p, &n) {
                Ok(_) => {
                    problems.set(Vec::new());
                    action.dispatch(Registration { email: e, password: p, display_name: n });
                }
                Err(errors) => {
                    let first = register_field_id(errors[0]);
                    problems.set(errors);
                    request_animation_frame(move || focus_field(first));
                }
            }
        }>
            <label for="register-name">{t("login.name")}</label>
            <input id="register-name" type="text" autocomplete="name" required
                maxlength=DISPLAY_NAME_MAX_CHARS.to_string()
                aria-invalid=move || problems.with(|p| p.contains(&AccountError::DisplayNameInvalid)).to_string()
                bind:value=name/>
            <label for="register-email">{t("login.email")}</label>
            <input id="register-email" type="email" autocomplete="username" required
                aria-invalid=move || problems.with(|p| p.contains(&AccountError::EmailInvalid)).to_string()
                bind:value=email/>
            <label for="register-password">{t("login.password")}</label>
            <input id="register-password" type="password" autocomplete="new-password" required
                minlength=PASSWORD_MIN_CHARS.to_string()
                maxlength=PASSWORD_MAX_CHARS.to_string()
                aria-describedby="register-password-hint"
                aria-invalid=move || problems.with(|p| p.iter().any(|e| e.field() == "password")).to_string()
                bind:value=password/>
            <p class="fine-print" id="register-password-hint" data-testid="register-password-hint">{password_hint}</p>
            <Show when=move || !problems.with(Vec::is_empty)>
                <div class="error-notice" role="alert" data-testid="register-problems">
                    <ul>{move || problems.get().into_iter().map(|e| view! { <li>{account_problem(e)}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <FormErrors result=Signal::derive(move || action.value().get())/>
            <button type="submit" class="button" disabled=move || action.pending().get()>
                {move || if action.pending().get() { t("login.creating") } else { t("login.create") }}
            </button>
        </form>
    }
}

/// On success: reload the session and go to the map.
fn after_success<I: 'static>(action: Action<I, Result<(), ApiError>>) {
    let navigate = use_navigate();
    let session = use_session();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            if let Some(session) = session {
                session.refresh();
            }
            navigate(routes::MAP, NavigateOptions::default());
        }
    });
}

/// The server's errors, in place.
#[component]
fn FormErrors(result: Signal<Option<Result<(), ApiError>>>) -> impl IntoView {
    move || match result.get() {
        Some(Err(e)) => {
            let details = e.details().to_vec();
            Some(view! {
                <div class="error-notice" role="alert">
                    <p>{e.text()}</p>
                    {(details.len() > 1).then(|| view! {
                        <ul>{details.iter().map(|d| view! { <li>{problem_text(d)}</li> }).collect_view()}</ul>
                    })}
                </div>
            })
        }
        _ => None,
    }
}

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use porchlight_domain::wire::{Credentials, Registration};

use crate::api::ApiError;
use crate::components::PageHeading;
use crate::routes;
use crate::session::{use_api, use_session};

/// `/login`: sign in, or create a resident account.
#[component]
pub fn LoginPage() -> impl IntoView {
    let registering = RwSignal::new(false);
    view! {
        <div class="page narrow">
            <PageHeading>{move || if registering.get() { "Create an account" } else { "Sign in" }}</PageHeading>
            {move || if registering.get() {
                view! { <RegisterForm/> }.into_any()
            } else {
                view! { <SignInForm/> }.into_any()
            }}
            <p>
                <button type="button" class="link-button" on:click=move |_| registering.update(|r| *r = !*r)>
                    {move || if registering.get() { "I already have an account" } else { "Create an account" }}
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
            <label for="login-email">"Email"</label>
            <input id="login-email" type="email" autocomplete="username" required bind:value=email/>
            <label for="login-password">"Password"</label>
            <input id="login-password" type="password" autocomplete="current-password" required bind:value=password/>
            <FormErrors result=Signal::derive(move || action.value().get())/>
            <button type="submit" class="button" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}

#[component]
fn RegisterForm() -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let action = Action::new_local(move |registration: &Registration| {
        let api = api.clone();
        let registration = registration.clone();
        async move { api.register(&registration).await }
    });
    after_success(action);
    view! {
        <form class="form" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(Registration {
                email: email.get_untracked(),
                password: password.get_untracked(),
                display_name: name.get_untracked(),
            });
        }>
            <label for="register-name">"Your name (shown only to you)"</label>
            <input id="register-name" type="text" autocomplete="name" required bind:value=name/>
            <label for="register-email">"Email"</label>
            <input id="register-email" type="email" autocomplete="username" required bind:value=email/>
            <label for="register-password">"Password"</label>
            <input id="register-password" type="password" autocomplete="new-password" required minlength="10" bind:value=password/>
            <FormErrors result=Signal::derive(move || action.value().get())/>
            <button type="submit" class="button" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Creating…" } else { "Create account" }}
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
                    <p>{e.to_string()}</p>
                    {(details.len() > 1).then(|| view! {
                        <ul>{details.into_iter().map(|d| view! { <li>{d.message}</li> }).collect_view()}</ul>
                    })}
                </div>
            })
        }
        _ => None,
    }
}

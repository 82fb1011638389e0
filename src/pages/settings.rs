use leptos::prelude::*;
use porchlight_domain::wire::Preferences;

use crate::components::{signed_out_everywhere_message, LoadingList, PageHeading, SignOutEverywhere};
use crate::i18n::{page_title, t, tf};
use crate::routes;
use crate::session::{use_api, use_session};

/// `/settings`: the resident's opt-out of seeing requests, and signing out everywhere.
#[component]
pub fn SettingsPage() -> impl IntoView {
    page_title("settings.title");
    let api = use_api();
    let session = use_session();
    let save = {
        let api = api.clone();
        Action::new_local(move |preferences: &Preferences| {
            let api = api.clone();
            let preferences = *preferences;
            async move { api.update_preferences(&preferences).await }
        })
    };
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(session)) = (save.value().get(), session) {
            session.refresh();
        }
    });
    let sign_out_everywhere = Action::new_local(move |_: &()| {
        let api = api.clone();
        async move { api.logout_everywhere().await }
    });
    // Signed out on the server: this browser forgets the account too. A 401 means the
    // session had already ended (signed out elsewhere): the same.
    Effect::new(move |_| {
        let done = sign_out_everywhere.value().with(|r| match r {
            Some(Ok(_)) => true,
            Some(Err(e)) => e.status() == Some(401),
            None => false,
        });
        if let (true, Some(session)) = (done, session) {
            session.refresh();
        }
    });
    view! {
        <div class="page narrow">
            <PageHeading>{t("header.settings")}</PageHeading>
            {move || {
                sign_out_everywhere.value().get().and_then(|r| r.ok()).map(|done| {
                    view! {
                        <div class="notice" role="status" data-testid="signed-out-everywhere">
                            <p>{signed_out_everywhere_message(done.sessions_ended)}</p>
                        </div>
                    }
                })
            }}
            {move || {
                let Some(session) = session else { return view! { <p>{t("settings.unavailable")}</p> }.into_any() };
                if !session.loaded() {
                    return view! { <LoadingList label=t("settings.loading") rows=1/> }.into_any();
                }
                match session.me() {
                    None => view! {
                        <p>{t("settings.sign_in_first")}</p>
                        <p><a class="button" href=routes::LOGIN>{t("header.sign_in")}</a></p>
                    }.into_any(),
                    Some(me) => {
                        let showing = !me.hide_requests;
                        view! {
                            <section class="setting" aria-labelledby="show-requests-heading">
                                <h2 id="show-requests-heading">{t("settings.requests_heading")}</h2>
                                <label class="toggle">
                                    <input
                                        type="checkbox"
                                        data-testid="show-requests"
                                        prop:checked=showing
                                        disabled=move || save.pending().get()
                                        on:change=move |ev| {
                                            let show = event_target_checked(&ev);
                                            save.dispatch(Preferences { hide_requests: !show });
                                        }
                                    />
                                    " "{t("settings.show_requests")}
                                </label>
                                <p class="muted">{t("settings.show_requests_note")}</p>
                                <p role="status" class="save-status">
                                    {move || match save.value().get() {
                                        _ if save.pending().get() => t("settings.saving"),
                                        Some(Ok(())) => t("settings.saved"),
                                        Some(Err(e)) => tf("settings.not_saved", &[("error", &e.text())]),
                                        None => String::new(),
                                    }}
                                </p>
                            </section>
                            <SignOutEverywhere
                                pending=sign_out_everywhere.pending()
                                error=Signal::derive(move || {
                                    sign_out_everywhere.value().get().and_then(|r| r.err()).map(|e| e.text())
                                })
                                on_confirm=Callback::new(move |_| {
                                    sign_out_everywhere.dispatch(());
                                })
                            />
                        }.into_any()
                    }
                }
            }}
        </div>
    }
}

use leptos::prelude::*;
use porchlight_domain::wire::Preferences;

use crate::components::{signed_out_everywhere_message, LoadingList, PageHeading, SignOutEverywhere};
use crate::routes;
use crate::session::{use_api, use_session};

/// `/settings`: the resident's opt-out of seeing requests, and signing out everywhere.
#[component]
pub fn SettingsPage() -> impl IntoView {
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
            <PageHeading>"Settings"</PageHeading>
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
                let Some(session) = session else { return view! { <p>"Settings are not available."</p> }.into_any() };
                if !session.loaded() {
                    return view! { <LoadingList label="Loading your settings" rows=1/> }.into_any();
                }
                match session.me() {
                    None => view! {
                        <p>"Sign in to choose whether you see Requests for Assistance."</p>
                        <p><a class="button" href=routes::LOGIN>"Sign in"</a></p>
                    }.into_any(),
                    Some(me) => {
                        let showing = !me.hide_requests;
                        view! {
                            <section class="setting" aria-labelledby="show-requests-heading">
                                <h2 id="show-requests-heading">"Requests for Assistance"</h2>
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
                                    " Show Requests for Assistance"
                                </label>
                                <p class="muted">
                                    "When this is off, the map and feed show no requests. Agencies are never told who sees their requests."
                                </p>
                                <p role="status" class="save-status">
                                    {move || match save.value().get() {
                                        _ if save.pending().get() => "Saving…".to_owned(),
                                        Some(Ok(())) => "Saved.".to_owned(),
                                        Some(Err(e)) => format!("Not saved: {e}"),
                                        None => String::new(),
                                    }}
                                </p>
                            </section>
                            <SignOutEverywhere
                                pending=sign_out_everywhere.pending()
                                error=Signal::derive(move || {
                                    sign_out_everywhere.value().get().and_then(|r| r.err()).map(|e| e.to_string())
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

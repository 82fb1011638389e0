use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::wire::AlertSubscription;

use crate::api::ApiError;
use crate::components::{ErrorNotice, PageHeading};
use crate::i18n::{page_title, t};
use crate::routes;
use crate::session::use_api;

/// `/alerts/confirm/:token`: the confirmation email's link. Opening it confirms
/// nothing (mail scanners follow links): the reader presses "Confirm", which posts the
/// token. Then done, expired (410: subscribe again) or unknown (404: used already, or
/// the subscription ended).
#[component]
pub fn AlertConfirmPage() -> impl IntoView {
    page_title("alerts.confirm.title");
    let api = use_api();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let confirm = Action::new_local(move |token: &String| {
        let api = api.clone();
        let token = token.clone();
        async move { api.confirm_alerts(&token).await }
    });
    view! {
        <div class="page alert-page">
            <PageHeading>{t("alerts.confirm.heading")}</PageHeading>
            {move || match confirm.value().get() {
                None => view! {
                    <p>{t("alerts.confirm.intro")}</p>
                    <button
                        type="button"
                        class="button primary"
                        data-testid="alert-confirm"
                        disabled=move || confirm.pending().get()
                        on:click=move |_| {
                            confirm.dispatch(token());
                        }
                    >
                        {move || if confirm.pending().get() { t("alerts.confirm.working") } else { t("alerts.confirm.button") }}
                    </button>
                }
                .into_any(),
                Some(Ok(subscription)) => view! { <Confirmed subscription/> }.into_any(),
                Some(Err(e)) => view! { <NotConfirmed error=e on_retry=Callback::new(move |_| { confirm.dispatch(token()); })/> }.into_any(),
            }}
        </div>
    }
}

/// Confirmed: alerts go out from now on; links to the manage page.
#[component]
fn Confirmed(subscription: AlertSubscription) -> impl IntoView {
    view! {
        <div class="notice" role="status" data-testid="alert-confirmed">
            <p>{t("alerts.confirm.done")}</p>
            <p><a href=subscription.manage_url>{t("alerts.confirm.manage")}</a></p>
        </div>
    }
}

/// Why not: the link's time ran out, it is unknown, or something else went wrong
/// (that one can be tried again).
#[component]
fn NotConfirmed(error: ApiError, on_retry: Callback<()>) -> impl IntoView {
    let (key, testid) = match error.status() {
        Some(410) => ("alerts.confirm.expired", "alert-expired"),
        Some(404) => ("alerts.confirm.unknown", "alert-unknown"),
        _ => return view! { <ErrorNotice error on_retry/> }.into_any(),
    };
    view! {
        <div class="notice" role="alert" data-testid=testid>
            <p>{t(key)}</p>
            <p><a href=routes::ALERTS_NEW>{t("alerts.confirm.again")}</a></p>
        </div>
    }
    .into_any()
}

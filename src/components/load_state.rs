use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::t;

/// Grey placeholder rows while a list loads.
#[component]
pub fn LoadingList(
    /// What is loading, for screen readers ("Loading requests").
    #[prop(into)]
    label: String,
    /// How many rows to draw.
    #[prop(default = 3)]
    rows: usize,
) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="visually-hidden">{label}</span>
            {(0..rows).map(|_| view! { <div class="skeleton" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}

/// A failed load, in the reader's language (from the error's code), and a retry button.
#[component]
pub fn ErrorNotice(
    /// What went wrong.
    error: ApiError,
    /// Tries again; no button without it.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="error-notice" role="alert">
            <p>{error.text()}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>{t("error.retry")}</button>
            })}
        </div>
    }
}

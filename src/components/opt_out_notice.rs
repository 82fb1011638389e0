use leptos::prelude::*;

use crate::i18n::t;
use crate::routes;

/// Shown instead of requests while a resident has opted out of seeing them.
#[component]
pub fn OptOutNotice() -> impl IntoView {
    view! {
        <div class="notice" role="status" data-testid="opt-out-notice">
            <p>{t("opt_out.text")}</p>
            <p><a href=routes::SETTINGS>{t("opt_out.link")}</a></p>
        </div>
    }
}

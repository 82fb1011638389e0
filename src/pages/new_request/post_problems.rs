use leptos::prelude::*;

use crate::i18n::t;
use crate::request_form::ServerProblems;
use crate::routes;

/// Above the buttons: why the last post failed, when it is not about one field (and a
/// pointer to the fields when it is). Focused after a refused post.
pub(super) fn post_problems(server: RwSignal<ServerProblems>) -> impl IntoView {
    view! {
        <div id="post-problems" class="post-problems" tabindex="-1" role="alert" data-testid="post-problems">
            <For each=move || server.with(|s| s.general.clone()) key=|m| m.clone() let:message>
                <p class="field-error">{message}</p>
            </For>
            <Show when=move || server.with(|s| s.signed_out)>
                <p><a href=routes::LOGIN>{t("form.problems.sign_in_again")}</a></p>
            </Show>
            <Show when=move || server.with(|s| !s.by_field.is_empty())>
                <p class="field-error">{t("form.problems.see_fields")}</p>
            </Show>
        </div>
    }
}

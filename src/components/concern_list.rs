use leptos::prelude::*;
use porchlight_domain::moderation::Concern;

use crate::i18n::t;
use crate::request_form::{concern_field_text, concern_text};

/// The pre-screen's warnings: each quotes the text that matched and says why it may not
/// belong in a request. Warnings only: nothing here stops a poster from sending.
#[component]
pub fn ConcernList(
    /// Element id, referenced by the field's `aria-describedby`.
    #[prop(into)]
    id: String,
    /// The concerns to show (empty = nothing).
    #[prop(into)]
    concerns: Signal<Vec<Concern>>,
    /// Say which field each concern is in ("In the title: …"), for lists that cover
    /// both fields.
    #[prop(optional)]
    name_fields: bool,
) -> impl IntoView {
    view! {
        <div id=id.clone() class="concerns" aria-live="polite" data-testid=id>
            <For
                each=move || concerns.get()
                key=|c| (c.field, c.start, c.end, c.kind)
                let:concern
            >
                <p class="concern" data-testid="concern">
                    <span class="concern-label">
                        {if name_fields { concern_field_text(concern.field) } else { t("form.concern.check") }}
                        ": "
                    </span>
                    <strong class="concern-match">{format!("“{}”", concern.matched)}</strong>
                    " — "
                    {concern_text(concern.kind)}
                </p>
            </For>
        </div>
    }
}

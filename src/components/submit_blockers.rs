use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::t;

/// Why the form cannot be sent yet: one line per problem, each a link that moves focus
/// to the field it is about.
#[component]
pub fn SubmitBlockers(
    /// `(element id of the field, message)`.
    #[prop(into)]
    blockers: Signal<Vec<(&'static str, String)>>,
) -> impl IntoView {
    view! {
        <Show when=move || !blockers.with(Vec::is_empty)>
            <div class="submit-blockers" id="submit-blockers" data-testid="submit-blockers">
                <p>{t("form.blockers.heading")}</p>
                <ul>
                    <For each=move || blockers.get() key=|b| b.clone() let:blocker>
                        <li>
                            <a
                                href=format!("#{}", blocker.0)
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_field(blocker.0);
                                }
                            >
                                {blocker.1.clone()}
                            </a>
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

/// Focuses the element with `id` and brings it into view.
pub fn focus_field(id: &str) {
    if let Some(element) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
        element.scroll_into_view();
    }
}

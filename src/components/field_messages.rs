use leptos::prelude::*;

/// The messages that belong to one form field, under it. The field points here with
/// `aria-describedby=id`; the region is polite-live so changes are announced.
#[component]
pub fn FieldMessages(
    /// Element id, referenced by the field's `aria-describedby`.
    id: &'static str,
    /// Messages to show (empty = nothing).
    #[prop(into)]
    messages: Signal<Vec<String>>,
) -> impl IntoView {
    view! {
        <div id=id class="field-messages" aria-live="polite" data-testid=id>
            <For each=move || messages.get() key=|m| m.clone() let:message>
                <p class="field-error">{message}</p>
            </For>
        </div>
    }
}

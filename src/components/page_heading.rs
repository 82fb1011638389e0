use leptos::prelude::*;

/// The page's `<h1>`, focusable from script so navigation can move focus to it.
#[component]
pub fn PageHeading(
    /// Keep it for screen readers only (the map page, whose map speaks for itself).
    #[prop(optional)]
    visually_hidden: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <h1 tabindex="-1" class="page-heading" class:visually-hidden=visually_hidden>
            {children()}
        </h1>
    }
}

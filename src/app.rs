use leptos::prelude::*;

/// The app shell (placeholder until the skeleton lands).
#[component]
pub fn App() -> impl IntoView {
    view! { <h1>"Porchlight"</h1> }
}

use leptos::prelude::*;

use crate::components::PageHeading;

/// `/requests/new`: the request form for agency staff.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    view! {
        <div class="page narrow">
            <PageHeading>"New request"</PageHeading>
            <p class="placeholder">"Posting requests is coming soon."</p>
        </div>
    }
}

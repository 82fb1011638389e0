use leptos::prelude::*;

use crate::components::PageHeading;

/// `/agencies/:slug`: an agency's public profile.
#[component]
pub fn AgencyProfilePage() -> impl IntoView {
    view! {
        <div class="page narrow">
            <PageHeading>"Agency"</PageHeading>
            <p class="placeholder">"Agency profiles are coming soon."</p>
        </div>
    }
}

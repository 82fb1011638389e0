use leptos::prelude::*;

use crate::components::PageHeading;
use crate::routes;

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <div class="page narrow" data-testid="not-found">
            <PageHeading>"Page not found"</PageHeading>
            <p>"There is no page at this address."</p>
            <p><a href=routes::MAP>"Go to the map"</a></p>
        </div>
    }
}

use leptos::prelude::*;

use crate::routes;

/// Shown instead of requests while a resident has opted out of seeing them.
#[component]
pub fn OptOutNotice() -> impl IntoView {
    view! {
        <div class="notice" role="status" data-testid="opt-out-notice">
            <p>"You have chosen not to see Requests for Assistance, so none are shown here."</p>
            <p><a href=routes::SETTINGS>"Change this in Settings"</a></p>
        </div>
    }
}

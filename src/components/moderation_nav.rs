use leptos::prelude::*;

use crate::routes;

/// The moderators' pages and the public log, with the current one marked.
#[component]
pub fn ModerationNav(
    /// The link of the page shown.
    current: &'static str,
) -> impl IntoView {
    let link = move |href: &'static str, label: &'static str| {
        view! { <li><a href=href aria-current=(href == current).then_some("page")>{label}</a></li> }
    };
    view! {
        <nav class="sub-nav" aria-label="Moderation">
            <ul>
                {link(routes::MODERATION_QUEUE, "Submissions awaiting review")}
                {link(routes::MODERATION_REPORTS, "Reported requests")}
                {link(routes::MODERATION_LOG, "Public moderation log")}
            </ul>
        </nav>
    }
}

use leptos::prelude::*;

use crate::i18n::t;
use crate::routes;

/// The moderators' pages and the public log, with the current one marked.
#[component]
pub fn ModerationNav(
    /// The link of the page shown.
    current: &'static str,
) -> impl IntoView {
    let link = move |href: &'static str, label: &'static str| {
        view! { <li><a href=href aria-current=(href == current).then_some("page")>{t(label)}</a></li> }
    };
    view! {
        <nav class="sub-nav" aria-label=t("header.moderation")>
            <ul>
                {link(routes::MODERATION_QUEUE, "moderation.nav.queue")}
                {link(routes::MODERATION_REPORTS, "moderation.nav.reports")}
                {link(routes::MODERATION_LOG, "moderation.nav.log")}
            </ul>
        </nav>
    }
}

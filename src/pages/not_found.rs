use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::{page_title, t};
use crate::routes;

/// Any path the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    page_title("not_found.page_title");
    view! {
        <div class="page narrow" data-testid="not-found">
            <PageHeading>{t("not_found.title")}</PageHeading>
            <p>{t("not_found.text")}</p>
            <p><a href=routes::MAP>{t("not_found.to_map")}</a></p>
        </div>
    }
}

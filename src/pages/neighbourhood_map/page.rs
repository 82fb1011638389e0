use leptos::prelude::*;

use super::map_and_feed::MapAndFeed;
use crate::components::{ErrorNotice, LoadingList, PageHeading};
use crate::i18n::{page_title, t};
use crate::session::use_config;

/// `/`: the map of requests in view, and the feed of the same requests.
#[component]
pub fn NeighbourhoodMapPage() -> impl IntoView {
    let config = use_config();
    page_title("title.map");
    view! {
        <div class="map-page">
            <PageHeading visually_hidden=true>{t("map.heading")}</PageHeading>
            // A plain reactive match on the config rather than `<Transition>`: the same
            // states, without the suspense machinery in the map page's build.
            {move || match config.map(|c| (c, c.0.get())) {
                None => view! { <p>{t("map.unavailable")}</p> }.into_any(),
                Some((_, None)) => view! { <LoadingList label=t("map.loading") rows=1/> }.into_any(),
                Some((_, Some(Ok(c)))) => view! { <MapAndFeed config=c/> }.into_any(),
                Some((config, Some(Err(e)))) => view! {
                    <ErrorNotice error=e on_retry=Callback::new(move |_| config.0.reload())/>
                }.into_any(),
            }}
        </div>
    }
}

//! The page proper, once the config is known: the map pane beside the feed pane.

use leptos::prelude::*;
use porchlight_domain::wire::{ClientConfig, MapView as View};

use super::feed_body::feed_body;
use super::feed_filters::feed_filters;
use super::feed_loader::{FeedLoader, FeedStatus};
use super::map_pane::map_pane;
use super::view_tracker::track_view;
use crate::address::{use_address, Address};
use crate::i18n::t;
use crate::map::ViewChange;
use crate::routes::MapQuery;
use crate::session::{use_api, use_session};

/// What the panes share: the URL's query, the loaded requests and the selection.
#[derive(Clone, Copy)]
pub(super) struct MapPageState {
    pub(super) address: Address,
    /// The view and filters, read from the URL.
    pub(super) query: Memo<MapQuery>,
    pub(super) loader: FeedLoader,
    /// Where the map starts.
    pub(super) initial: View,
    pub(super) on_view_change: Callback<ViewChange>,
    /// The resident chose not to see requests: neither map nor feed shows any.
    pub(super) opted_out: Memo<bool>,
    /// The view holds too many requests: the map draws grid cells, not areas.
    pub(super) grid_mode: Memo<bool>,
    /// The request whose area and row are emphasised.
    pub(super) highlighted: RwSignal<Option<i64>>,
    /// Set to bring a request's row into view (its area was clicked).
    pub(super) reveal: RwSignal<Option<i64>>,
}

#[component]
pub(super) fn MapAndFeed(config: ClientConfig) -> impl IntoView {
    let session = use_session();
    let address = use_address();
    let query = Memo::new(move |_| address.search().with(|s| MapQuery::from_query(s)));
    let filters = Memo::new(move |_| {
        let q = query.get();
        (q.status, q.period)
    });
    let initial = query.get_untracked().view.unwrap_or(config.default_view);
    let hide_by_preference = Memo::new(move |_| session.and_then(|s| s.me()).is_some_and(|m| m.hide_requests));
    let loader = FeedLoader::new(use_api(), filters, initial);

    // Reload when the view, the filters or the resident's preference change.
    Effect::new(move |_| {
        loader.bbox.track();
        filters.track();
        hide_by_preference.track();
        loader.load(false);
    });
    on_cleanup(move || loader.abort());

    let state = MapPageState {
        address,
        query,
        loader,
        initial,
        on_view_change: track_view(loader, query, address),
        opted_out: Memo::new(move |_| loader.hidden.get() || hide_by_preference.get()),
        grid_mode: Memo::new(move |_| !loader.cells.with(Vec::is_empty)),
        highlighted: RwSignal::new(None),
        reveal: RwSignal::new(None),
    };
    // Phones only (CSS): the list can take most of the screen, the map a strip.
    let list_expanded = RwSignal::new(false);

    view! {
        <div class="map-layout" class:list-expanded=move || list_expanded.get()>
            {map_pane(state, &config)}
            <section class="feed-pane" aria-labelledby="feed-heading">
                <div class="feed-header">
                    <h2 id="feed-heading">{t("feed.heading")}</h2>
                    <button
                        type="button"
                        class="link-button feed-size-toggle"
                        data-testid="feed-size-toggle"
                        aria-expanded=move || list_expanded.get().to_string()
                        on:click=move |_| list_expanded.update(|e| *e = !*e)
                    >
                        {move || t(if list_expanded.get() { "feed.show_more_map" } else { "feed.show_more_list" })}
                    </button>
                </div>
                {feed_filters(state)}
                <div class="feed-body" aria-live="polite" aria-busy=move || (loader.status.get() == FeedStatus::Loading).to_string()>
                    {feed_body(state)}
                </div>
            </section>
        </div>
    }
}

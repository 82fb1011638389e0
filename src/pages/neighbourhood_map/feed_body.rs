//! The feed's body in each of its states: opted out, loading, failed, empty, or the
//! list with its "older requests" footer.

use leptos::prelude::*;

use super::feed_loader::{FeedLoader, FeedStatus};
use super::map_and_feed::MapPageState;
use crate::api::ApiError;
use crate::components::{ErrorNotice, LoadingList, OptOutNotice, VirtualFeed};
use crate::format::Zone;
use crate::i18n::t;
use crate::routes::{ALERTS_NEW, ALL_REQUESTS_FEED};

/// The id of the feed's Atom link.
pub(super) const FEED_LINK_ID: &str = "feed-atom";

/// Which of its states the feed is in.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    OptedOut,
    Skeleton,
    Failed(ApiError),
    Empty,
    List,
}

/// The feed: the requests in view as a virtual list, or why there are none.
pub(super) fn feed_body(state: MapPageState) -> impl IntoView {
    let MapPageState { loader, opted_out, highlighted, reveal, .. } = state;
    let on_highlight = Callback::new(move |id: Option<i64>| highlighted.set(id));
    // What the feed shows, as a memo so that a reload keeps the same list DOM (focus
    // and scroll position survive a pan).
    let shown = Memo::new(move |_| {
        if opted_out.get() {
            return Shown::OptedOut;
        }
        let empty = loader.items.with(Vec::is_empty);
        match loader.status.get() {
            FeedStatus::Loading if empty => Shown::Skeleton,
            FeedStatus::Failed(e) => Shown::Failed(e),
            _ if empty => Shown::Empty,
            _ => Shown::List,
        }
    });
    let body = move || match shown.get() {
        Shown::OptedOut => view! { <OptOutNotice/> }.into_any(),
        Shown::Skeleton => view! { <LoadingList label=t("feed.loading")/> }.into_any(),
        Shown::Failed(e) => view! {
            <ErrorNotice error=e on_retry=Callback::new(move |_| loader.load(false))/>
        }
        .into_any(),
        Shown::Empty => view! {
            <p class="empty" data-testid="feed-empty">{t("feed.empty")}</p>
        }
        .into_any(),
        Shown::List => view! {
            <VirtualFeed
                items=loader.items
                zone=Zone::reader()
                highlighted=highlighted
                on_highlight=on_highlight
                reveal=reveal
                label=t("feed.list_label")
            />
            {move || feed_footer(loader)}
        }
        .into_any(),
    };
    // The Atom feed of the requests in view: a plain link, which `FeedLoader::load`
    // points at the view it loads (cheaper on the map page's download than a reactive
    // attribute); all requests until then.
    view! {
        {body}
        <a id=FEED_LINK_ID class="feed-atom" type="application/atom+xml" href=ALL_REQUESTS_FEED>{t("feed.atom")}</a>
        // The alert form is another build's page: a plain link, a full page load.
        <a class="feed-alerts" href=ALERTS_NEW data-testid="map-alerts-link">{t("feed.alerts")}</a>
    }
}

/// Under the list: the next page's button, its loading state or its error.
fn feed_footer(loader: FeedLoader) -> Option<AnyView> {
    match loader.status.get() {
        FeedStatus::MoreFailed(e) => Some(
            view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| loader.load(true))/>
            }
            .into_any(),
        ),
        FeedStatus::LoadingMore => Some(view! { <LoadingList label=t("feed.loading_more") rows=1/> }.into_any()),
        _ => loader.next.get().map(|_| {
            view! {
                <button type="button" class="button secondary load-more" on:click=move |_| loader.load(true)>
                    {t("feed.older")}
                </button>
            }
            .into_any()
        }),
    }
}

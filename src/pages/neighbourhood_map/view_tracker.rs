//! Follows the map: the first view loads at once; later pans and zooms, once the map
//! has rested, reload the feed and go into the URL.

use leptos::prelude::*;

use super::feed_loader::FeedLoader;
use crate::address::Address;
use crate::map::ViewChange;
use crate::routes::MapQuery;

/// How long the map must rest before the feed reloads.
const VIEW_DEBOUNCE_MS: u64 = 300;

/// The map's `on_view_change`: sets the loader's bbox and the URL's view.
pub(super) fn track_view(loader: FeedLoader, query: Memo<MapQuery>, address: Address) -> Callback<ViewChange> {
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let first_report = StoredValue::new(true);
    on_cleanup(move || {
        if let Some(Some(handle)) = debounce.try_get_value() {
            handle.clear();
        }
    });
    Callback::new(move |change: ViewChange| {
        loader.current_view.set_value(change.view);
        if first_report.get_value() {
            // The first report is where the map started: load at once, keep the URL.
            first_report.set_value(false);
            loader.bbox.set(Some(change.bbox));
            return;
        }
        if let Some(handle) = debounce.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                loader.bbox.set(Some(change.bbox));
                let q = MapQuery { view: Some(change.view), ..query.get_untracked() };
                address.go(&q.href(), true);
            },
            std::time::Duration::from_millis(VIEW_DEBOUNCE_MS),
        )
        .ok();
        debounce.set_value(handle);
    })
}

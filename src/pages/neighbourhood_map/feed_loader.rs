//! The requests in view: the feed's pages and, for the map, the grid cells that stand
//! in for the areas when the view holds too many.

use leptos::prelude::*;
use porchlight_domain::wire::{GridCell, MapView as View, PublishedRequest};

use crate::api::{Abort, ApiClient, ApiError, RequestQuery};
use crate::routes::{area_feed_href, Period, StatusFilter};

/// Requests per feed page.
const PAGE_SIZE: u32 = 50;
/// Most request areas the map draws one by one; a view holding more shows counts per
/// grid cell instead (`GET /requests/grid`), so a zoomed-out map of thousands of
/// requests stays a few hundred shapes.
pub const MAX_MAP_AREAS: u64 = 300;

/// Where the feed is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum FeedStatus {
    Loading,
    Ready,
    Failed(ApiError),
    LoadingMore,
    MoreFailed(ApiError),
}

/// Loads the requests in `bbox` with the page's filters into its signals.
#[derive(Clone, Copy)]
pub(super) struct FeedLoader {
    api: StoredValue<ApiClient>,
    filters: Memo<(StatusFilter, Period)>,
    in_flight: StoredValue<Option<Abort>>,
    /// The box in view (`None` until the map reports it).
    pub(super) bbox: RwSignal<Option<[f64; 4]>>,
    /// Where the map looks (its zoom sizes the grid cells).
    pub(super) current_view: StoredValue<View>,
    /// Every request loaded so far, newest first.
    pub(super) items: RwSignal<Vec<PublishedRequest>>,
    /// The cursor of the next page, if there is one.
    pub(super) next: RwSignal<Option<String>>,
    /// True when the server hid the requests (the resident opted out).
    pub(super) hidden: RwSignal<bool>,
    pub(super) status: RwSignal<FeedStatus>,
    /// Counts per grid cell when the view holds more than [`MAX_MAP_AREAS`], else empty.
    pub(super) cells: RwSignal<Vec<GridCell>>,
}

impl FeedLoader {
    pub(super) fn new(api: ApiClient, filters: Memo<(StatusFilter, Period)>, initial: View) -> FeedLoader {
        FeedLoader {
            api: StoredValue::new(api),
            filters,
            in_flight: StoredValue::new(None),
            bbox: RwSignal::new(None),
            current_view: StoredValue::new(initial),
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            hidden: RwSignal::new(false),
            status: RwSignal::new(FeedStatus::Loading),
            cells: RwSignal::new(Vec::new()),
        }
    }

    /// Loads the first page (or the next one), aborting whatever is still in flight.
    pub(super) fn load(self, append: bool) {
        let Some(bbox) = self.bbox.get_untracked() else {
            return;
        };
        if let Some(link) = document().get_element_by_id(super::feed_body::FEED_LINK_ID) {
            let _ = link.set_attribute("href", &area_feed_href(bbox));
        }
        if let Some(previous) = self.in_flight.write_value().take() {
            previous.abort();
        }
        let abort = Abort::new();
        let client =
            self.api.with_value(|api| abort.as_ref().map(|a| api.with_abort(a)).unwrap_or_else(|| api.clone()));
        self.in_flight.set_value(abort);
        let (status_filter, period) = self.filters.get_untracked();
        let request = RequestQuery {
            bbox,
            status: status_filter.as_str(),
            since: since(period),
            limit: Some(PAGE_SIZE),
            before: if append { self.next.get_untracked() } else { None },
        };
        self.status.set(if append { FeedStatus::LoadingMore } else { FeedStatus::Loading });
        if !append {
            self.load_grid(client.clone(), request.clone());
        }
        self.load_page(client, request, append);
    }

    /// How many requests the view holds decides what the map draws.
    fn load_grid(self, client: ApiClient, request: RequestQuery) {
        let zoom = self.current_view.get_value().zoom;
        let cells = self.cells;
        leptos::task::spawn_local(async move {
            match client.request_grid(&request, zoom).await {
                Ok(grid) if grid.total > MAX_MAP_AREAS => cells.set(grid.cells),
                // Few enough to draw each area; on failure the areas still show.
                Ok(_) | Err(_) => cells.set(Vec::new()),
            }
        });
    }

    fn load_page(self, client: ApiClient, request: RequestQuery, append: bool) {
        let FeedLoader { items, next, hidden, status, .. } = self;
        leptos::task::spawn_local(async move {
            match client.requests(&request).await {
                Ok(page) => {
                    if append {
                        items.update(|v| v.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    next.set(page.next);
                    hidden.set(page.hidden_by_preference);
                    status.set(FeedStatus::Ready);
                }
                Err(ApiError::Aborted) => {}
                Err(e) if append => status.set(FeedStatus::MoreFailed(e)),
                Err(e) => status.set(FeedStatus::Failed(e)),
            }
        });
    }

    /// Aborts the request in flight (the page is going).
    pub(super) fn abort(self) {
        if let Some(abort) = self.in_flight.try_update_value(|a| a.take()).flatten() {
            abort.abort();
        }
    }
}

/// The RFC 3339 lower bound of a period, from the browser's clock (`toISOString`
/// writes RFC 3339 in UTC, and keeps date formatting code out of the map's build).
fn since(period: Period) -> Option<String> {
    const DAY_MS: f64 = 86_400_000.0;
    let days = period.days()?;
    let start = js_sys::Date::new(&(js_sys::Date::now() - days as f64 * DAY_MS).into());
    Some(start.to_iso_string().into())
}

use leptos::prelude::*;
use porchlight_domain::wire::{ClientConfig, GridCell, PublishedRequest};

use crate::address::use_address;
use crate::api::{Abort, ApiError, RequestQuery};
use crate::components::{ErrorNotice, LoadingList, MapLegend, OptOutNotice, PageHeading, VirtualFeed};
use crate::format::Zone;
use crate::map::{MapArea, MapView, ViewChange};
use crate::routes::{request_href, MapQuery, Period, StatusFilter};
use crate::session::{use_api, use_config, use_session};

/// How long the map must rest before the feed reloads.
const VIEW_DEBOUNCE_MS: u64 = 300;
/// Requests per feed page.
const PAGE_SIZE: u32 = 50;
/// Most request areas the map draws one by one; a view holding more shows counts per
/// grid cell instead (`GET /requests/grid`), so a zoomed-out map of thousands of
/// requests stays a few hundred shapes.
pub const MAX_MAP_AREAS: u64 = 300;

/// `/`: the map of requests in view, and the feed of the same requests.
#[component]
pub fn NeighbourhoodMapPage() -> impl IntoView {
    let config = use_config();
    view! {
        <div class="map-page">
            <PageHeading visually_hidden=true>"Requests for Assistance near you"</PageHeading>
            // A plain reactive match on the config rather than `<Transition>`: the same
            // states, without the suspense machinery in the map page's build.
            {move || match config.map(|c| (c, c.0.get())) {
                None => view! { <p>"The map is not available."</p> }.into_any(),
                Some((_, None)) => view! { <LoadingList label="Loading the map" rows=1/> }.into_any(),
                Some((_, Some(Ok(c)))) => view! { <MapAndFeed config=c/> }.into_any(),
                Some((config, Some(Err(e)))) => view! {
                    <ErrorNotice error=e on_retry=Callback::new(move |_| config.0.reload())/>
                }.into_any(),
            }}
        </div>
    }
}

/// Where the feed is.
#[derive(Debug, Clone, PartialEq)]
enum FeedStatus {
    Loading,
    Ready,
    Failed(ApiError),
    LoadingMore,
    MoreFailed(ApiError),
}

/// Which of its states the feed is in.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    OptedOut,
    Skeleton,
    Failed(ApiError),
    Empty,
    List,
}

#[component]
fn MapAndFeed(config: ClientConfig) -> impl IntoView {
    let api = StoredValue::new(use_api());
    let session = use_session();
    let address = use_address();
    let query = Memo::new(move |_| address.search().with(|s| MapQuery::from_query(s)));
    let filters = Memo::new(move |_| {
        let q = query.get();
        (q.status, q.period)
    });
    let initial = query.get_untracked().view.unwrap_or(config.default_view);
    let hide_by_preference = Memo::new(move |_| session.and_then(|s| s.me()).is_some_and(|m| m.hide_requests));

    let bbox = RwSignal::new(None::<[f64; 4]>);
    let current_view = StoredValue::new(initial);
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let first_report = StoredValue::new(true);

    let items = RwSignal::new(Vec::<PublishedRequest>::new());
    let next = RwSignal::new(None::<String>);
    let hidden = RwSignal::new(false);
    let status = RwSignal::new(FeedStatus::Loading);
    let highlighted = RwSignal::new(None::<i64>);
    let locate = RwSignal::new(0u32);
    let locate_error = RwSignal::new(None::<String>);
    let in_flight = StoredValue::new(None::<Abort>);
    let cells = RwSignal::new(Vec::<GridCell>::new());
    let reveal = RwSignal::new(None::<i64>);

    // Loads the first page (or the next one), aborting whatever is still in flight.
    let load = move |append: bool| {
        let Some(bbox) = bbox.get_untracked() else {
            return;
        };
        if let Some(previous) = in_flight.write_value().take() {
            previous.abort();
        }
        let abort = Abort::new();
        let client = api.with_value(|api| abort.as_ref().map(|a| api.with_abort(a)).unwrap_or_else(|| api.clone()));
        in_flight.set_value(abort);
        let (status_filter, period) = filters.get_untracked();
        let request = RequestQuery {
            bbox,
            status: status_filter.as_str(),
            since: since(period),
            limit: Some(PAGE_SIZE),
            before: if append { next.get_untracked() } else { None },
        };
        status.set(if append { FeedStatus::LoadingMore } else { FeedStatus::Loading });
        if !append {
            // How many requests the view holds decides what the map draws.
            let client = client.clone();
            let request = request.clone();
            let zoom = current_view.get_value().zoom;
            leptos::task::spawn_local(async move {
                match client.request_grid(&request, zoom).await {
                    Ok(grid) if grid.total > MAX_MAP_AREAS => cells.set(grid.cells),
                    // Few enough to draw each area; on failure the areas still show.
                    Ok(_) | Err(_) => cells.set(Vec::new()),
                }
            });
        }
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
    };

    // Reload when the view, the filters or the resident's preference change.
    Effect::new(move |_| {
        bbox.track();
        filters.track();
        hide_by_preference.track();
        load(false);
    });
    on_cleanup(move || {
        if let Some(abort) = in_flight.try_update_value(|a| a.take()).flatten() {
            abort.abort();
        }
        if let Some(Some(handle)) = debounce.try_get_value() {
            handle.clear();
        }
    });

    let on_view_change = {
        Callback::new(move |change: ViewChange| {
            current_view.set_value(change.view);
            if first_report.get_value() {
                // The first report is where the map started: load at once, keep the URL.
                first_report.set_value(false);
                bbox.set(Some(change.bbox));
                return;
            }
            if let Some(handle) = debounce.get_value() {
                handle.clear();
            }
            let handle = set_timeout_with_handle(
                move || {
                    bbox.set(Some(change.bbox));
                    let q = MapQuery { view: Some(change.view), ..query.get_untracked() };
                    address.go(&q.href(), true);
                },
                std::time::Duration::from_millis(VIEW_DEBOUNCE_MS),
            )
            .ok();
            debounce.set_value(handle);
        })
    };

    let set_filters = move |status_filter: StatusFilter, period: Period| {
        let q = MapQuery { view: Some(current_view.get_value()), status: status_filter, period };
        address.go(&q.href(), true);
    };
    let set_filters_status = set_filters;

    let opted_out = Memo::new(move |_| hidden.get() || hide_by_preference.get());
    let grid_mode = Memo::new(move |_| !cells.with(Vec::is_empty));
    let areas = Signal::derive(move || {
        if opted_out.get() || grid_mode.get() {
            Vec::new()
        } else {
            items.with(|v| v.iter().map(MapArea::from_request).collect())
        }
    });
    let on_area_select = Callback::new(move |id: i64| {
        highlighted.set(Some(id));
        reveal.set(Some(id));
    });
    let on_highlight = Callback::new(move |id: Option<i64>| highlighted.set(id));
    let on_open_request = Callback::new(move |id: i64| address.go(&request_href(id), false));

    // What the feed shows, as a memo so that a reload keeps the same list DOM (focus
    // and scroll position survive a pan).
    let shown = Memo::new(move |_| {
        if opted_out.get() {
            return Shown::OptedOut;
        }
        let empty = items.with(Vec::is_empty);
        match status.get() {
            FeedStatus::Loading if empty => Shown::Skeleton,
            FeedStatus::Failed(e) => Shown::Failed(e),
            _ if empty => Shown::Empty,
            _ => Shown::List,
        }
    });
    let footer = move || match status.get() {
        FeedStatus::MoreFailed(e) => Some(
            view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| load(true))/>
            }
            .into_any(),
        ),
        FeedStatus::LoadingMore => Some(view! { <LoadingList label="Loading more requests" rows=1/> }.into_any()),
        _ => next.get().map(|_| {
            view! {
                <button type="button" class="button secondary load-more" on:click=move |_| load(true)>
                    "Show older requests"
                </button>
            }
            .into_any()
        }),
    };
    let feed = move || match shown.get() {
        Shown::OptedOut => view! { <OptOutNotice/> }.into_any(),
        Shown::Skeleton => view! { <LoadingList label="Loading requests"/> }.into_any(),
        Shown::Failed(e) => view! {
            <ErrorNotice error=e on_retry=Callback::new(move |_| load(false))/>
        }
        .into_any(),
        Shown::Empty => view! {
            <p class="empty" data-testid="feed-empty">"No requests in this area for this period."</p>
        }
        .into_any(),
        Shown::List => view! {
            <VirtualFeed
                items=items
                zone=Zone::reader()
                highlighted=highlighted
                on_highlight=on_highlight
                reveal=reveal
                label="Requests in this area, newest first"
            />
            {footer}
        }
        .into_any(),
    };

    // Phones only (CSS): the list can take most of the screen, the map a strip.
    let list_expanded = RwSignal::new(false);

    view! {
        <div class="map-layout" class:list-expanded=move || list_expanded.get()>
            <div class="map-pane">
                <MapView
                    initial=initial
                    tile_url=config.tile_url.clone()
                    attribution=config.tile_attribution.clone()
                    areas=areas
                    cells=Signal::derive(move || if opted_out.get() { Vec::new() } else { cells.get() })
                    highlighted=highlighted
                    locate=locate
                    on_view_change=on_view_change
                    on_area_select=on_area_select
                    on_open_request=on_open_request
                    on_locate_error=Callback::new(move |message: String| locate_error.set(Some(message)))
                    label="Map of Requests for Assistance"
                    class="main-map"
                />
                <div class="map-controls">
                    <button
                        type="button"
                        class="button map-button"
                        on:click=move |_| {
                            locate_error.set(None);
                            locate.update(|n| *n += 1);
                        }
                    >
                        "My location"
                    </button>
                </div>
                <MapLegend/>
                {move || (grid_mode.get() && !opted_out.get()).then(|| view! {
                    <p class="map-mode" role="status" data-testid="map-grid-note">
                        "Too many requests to draw here: each circle shows how many are in its part of the map. Zoom in, or select a circle, to see their areas."
                    </p>
                })}
                {move || opted_out.get().then(|| view! { <div class="map-notice"><OptOutNotice/></div> })}
                <p class="locate-error" role="status">{move || locate_error.get()}</p>
            </div>
            <section class="feed-pane" aria-labelledby="feed-heading">
                <div class="feed-header">
                    <h2 id="feed-heading">"Requests in this area"</h2>
                    <button
                        type="button"
                        class="link-button feed-size-toggle"
                        data-testid="feed-size-toggle"
                        aria-expanded=move || list_expanded.get().to_string()
                        on:click=move |_| list_expanded.update(|e| *e = !*e)
                    >
                        {move || if list_expanded.get() { "Show more map" } else { "Show more list" }}
                    </button>
                </div>
                <div class="filters">
                    <label for="status-filter">"Status"</label>
                    <select
                        id="status-filter"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some(s) = StatusFilter::parse(&value) {
                                set_filters_status(s, query.get_untracked().period);
                            }
                        }
                    >
                        {StatusFilter::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || query.get().status == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                    <label for="period-filter">"Posted"</label>
                    <select
                        id="period-filter"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some(p) = Period::parse(&value) {
                                set_filters(query.get_untracked().status, p);
                            }
                        }
                    >
                        {Period::ALL.into_iter().map(|p| view! {
                            <option value=p.as_str() selected=move || query.get().period == p>{p.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="feed-body" aria-live="polite" aria-busy=move || (status.get() == FeedStatus::Loading).to_string()>
                    {feed}
                </div>
            </section>
        </div>
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

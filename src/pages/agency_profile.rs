use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::wire::{AgencyProfile, GridCell, MapView as View, PublishedRequest, Role, SubmissionStatus};

use crate::api::{AgencyModeration, ApiClient, ApiError};
use crate::components::{
    AgencyHeader, AgencyStatsPanel, ErrorNotice, FindingBanner, HistoryItem, LoadingList, MapLegend, ModerationFigures,
    PageHeading, SubmissionBadge,
};
use crate::format::{format_date, Zone};
use crate::i18n::{t, tf};
use crate::map::{MapArea, MapMarker, MapView};
use crate::pages::agency_report::{this_year, use_feed_alternate};
use crate::routes::{
    self, agency_csv_href, agency_feed_href, agency_geojson_href, agency_moderation_href, agency_report_href,
    submission_href, MapQuery, Period, StatusFilter,
};
use crate::session::{use_api, use_config, use_session};

/// Requests per page of the history.
pub const HISTORY_PAGE_SIZE: u32 = 20;

/// Above this many areas the profile map groups them into circles instead of drawing
/// every polygon.
pub const MAX_POLYGONS: usize = 300;

/// `/agencies/:slug`: an agency's public, read-only profile.
#[component]
pub fn AgencyProfilePage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let profile = LocalResource::new(move || {
        let slug = slug.get();
        let api = api.aborting_on_cleanup();
        async move { api.agency(&slug).await }
    });
    view! {
        <div class="page agency-page">
            <Transition fallback=|| view! { <LoadingList label="Loading the agency" rows=5/> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok((p, moderation)) => view! { <AgencyProfileView profile=p moderation/> }.into_any(),
                        Err(e) if e.is_not_found() => view! { <AgencyNotFound/> }.into_any(),
                        Err(e) => view! {
                            <PageHeading>"Agency"</PageHeading>
                            <ErrorNotice error=e on_retry=Callback::new(move |_| profile.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn AgencyNotFound() -> impl IntoView {
    view! {
        <div data-testid="agency-not-found">
            <PageHeading>"Agency not found"</PageHeading>
            <p>"There is no agency at this address."</p>
            <p><a href=routes::AGENCIES>"See all agencies"</a></p>
        </div>
    }
}

/// Everything below the loaded profile: header, policy findings, downloads, statistics
/// (with the moderation figures), map, history.
#[component]
fn AgencyProfileView(profile: AgencyProfile, moderation: AgencyModeration) -> impl IntoView {
    let slug = profile.slug.clone();
    let empty = profile.total_requests == 0;
    let stats = profile.stats.clone();
    let zone = Zone::reader();
    use_feed_alternate(agency_feed_href(&slug), tf("report.feed_title", &[("agency", &profile.name)]));
    let AgencyModeration { findings, stats: moderation_stats } = moderation;
    // What it sent for review is worth showing even with nothing published (all
    // rejected, say).
    let sent_for_review = moderation_stats.as_ref().is_some_and(|m| m.submitted > 0);
    let figures = moderation_stats.map(|m| {
        let slug = slug.clone();
        move || view! { <ModerationFigures stats=m.clone() slug=slug.clone()/> }
    });
    view! {
        <AgencyHeader profile=profile.clone() zone=zone.clone()/>
        {(!findings.is_empty()).then(|| view! {
            <FindingBanner findings agency_slug=slug.clone() for_agency=true zone=zone.clone()/>
        })}
        <p class="permanence">
            "Every request this agency has posted is listed here. Requests can't be edited or deleted; an agency can only mark one resolved."
        </p>
        <nav class="downloads" aria-label="Open data">
            "Download all requests: "
            <a href=agency_csv_href(&slug) download="" data-testid="download-csv">"CSV"</a>
            " · "
            <a href=agency_geojson_href(&slug) download="" data-testid="download-geojson">"GeoJSON"</a>
            " · "
            <a href=agency_moderation_href(&slug) data-testid="agency-log-link">"Its moderation decisions"</a>
            " · "
            <a href=agency_feed_href(&slug) type="application/atom+xml" data-testid="agency-feed">{t("profile.feed")}</a>
            " · "
            <a href=agency_report_href(&slug, this_year()) data-testid="agency-reports">{t("profile.reports")}</a>
        </nav>
        <UnpublishedSubmissions slug=slug.clone()/>
        {if empty {
            view! {
                <p class="empty-state" data-testid="agency-empty">"This agency has not posted any requests yet."</p>
                {figures.filter(|_| sent_for_review).map(|figures| view! {
                    <section class="agency-stats" aria-labelledby="stats-heading" data-testid="agency-stats">
                        <h2 id="stats-heading">"Statistics"</h2>
                        {figures()}
                    </section>
                })}
            }.into_any()
        } else {
            view! {
                {stats.map(|s| view! {
                    <AgencyStatsPanel stats=s zone=zone.clone()>
                        {figures.map(|figures| figures())}
                    </AgencyStatsPanel>
                })}
                <AgencyAreasMap slug=slug.clone()/>
                <AgencyHistory slug=slug.clone() total=profile.total_requests/>
            }.into_any()
        }}
    }
}

/// The zoom whose 64 px cells group a busy agency's requests (about 4 km).
const GROUPING_ZOOM: f64 = 11.0;

/// What the profile map shows: every area, or the server's cells for a busy agency.
#[derive(Clone)]
enum AreasOverview {
    Areas(Vec<MapArea>),
    Grouped { total: u64, markers: Vec<MapMarker> },
}

/// One circle per cell; its popup opens the neighbourhood map there, for all time.
fn cell_marker(cell: &GridCell) -> MapMarker {
    let here = MapQuery {
        view: Some(View { lat: cell.center.lat, lng: cell.center.lng, zoom: GROUPING_ZOOM + 3.0 }),
        status: StatusFilter::All,
        period: Period::AllTime,
    };
    MapMarker {
        lat: cell.center.lat,
        lng: cell.center.lng,
        title: if cell.count == 1 { "1 request".to_owned() } else { format!("{} requests", cell.count) },
        detail: format!("{} open", cell.open),
        href: here.href(),
        link_text: "Show them on the map".to_owned(),
        radius: (5.0 + 2.0 * (cell.count as f64).sqrt()).min(24.0),
    }
}

/// Counts first (a few KB whatever the agency's size); the areas themselves only when
/// there are few enough to draw.
async fn areas_overview(api: ApiClient, slug: &str) -> Result<AreasOverview, ApiError> {
    let grid = api.agency_grid(slug, GROUPING_ZOOM).await?;
    if grid.total > MAX_POLYGONS as u64 {
        let mut cells = grid.cells;
        cells.sort_by_key(|cell| std::cmp::Reverse(cell.count));
        let markers = cells.iter().map(cell_marker).collect();
        return Ok(AreasOverview::Grouped { total: grid.total, markers });
    }
    let features = api.agency_areas(slug).await?;
    Ok(AreasOverview::Areas(
        features
            .into_iter()
            .map(|f| MapArea { id: f.id, title: f.title, resolved: f.resolved, area: f.area, published: true })
            .collect(),
    ))
}

/// A map of every request area of the agency (grouped when there are many).
#[component]
fn AgencyAreasMap(slug: String) -> impl IntoView {
    let api = use_api();
    let config = use_config();
    let areas = LocalResource::new(move || {
        let slug = slug.clone();
        let api = api.aborting_on_cleanup();
        async move { areas_overview(api, &slug).await }
    });
    view! {
        <section class="agency-map" aria-labelledby="agency-map-heading">
            <h2 id="agency-map-heading">"Where it asked for footage"</h2>
            <Transition fallback=|| view! { <LoadingList label="Loading the map" rows=1/> }>
                {move || Suspend::new(async move {
                    let config = match config {
                        Some(c) => c.0.ready().await.ok(),
                        None => None,
                    };
                    let (tile_url, attribution, initial) = match config {
                        Some(c) => (c.tile_url, c.tile_attribution, c.default_view),
                        None => (None, String::new(), View { lat: 45.5152, lng: -122.6784, zoom: 12.0 }),
                    };
                    match areas.await {
                        Ok(AreasOverview::Grouped { total, markers }) => {
                            let listed = markers.clone();
                            view! {
                                <p class="fine-print">{format!(
                                    "{total} requests: nearby areas are grouped into circles sized by how many requests they hold."
                                )}</p>
                                <MapView initial=initial tile_url=tile_url attribution=attribution
                                    areas=Signal::derive(Vec::new) markers=Signal::derive(move || markers.clone())
                                    fit_to_markers=true label="Map of this agency's request areas, grouped" class="agency-areas-map"/>
                                // The circles as links too: for keyboards and screen readers.
                                <details class="agency-groups" data-testid="agency-groups">
                                    <summary>"The groups as a list, busiest first"</summary>
                                    <ul>
                                        {listed.into_iter().map(|m| view! {
                                            <li><a href=m.href>{m.title}</a>" · "{m.detail}</li>
                                        }).collect_view()}
                                    </ul>
                                </details>
                            }.into_any()
                        }
                        Ok(AreasOverview::Areas(list)) => view! {
                            <div class="agency-areas">
                                <MapView initial=initial tile_url=tile_url attribution=attribution
                                    areas=Signal::derive(move || list.clone()) fit_to_areas=true
                                    label="Map of this agency's request areas" class="agency-areas-map"/>
                                <MapLegend/>
                            </div>
                        }.into_any(),
                        Err(e) => view! {
                            <ErrorNotice error=e on_retry=Callback::new(move |_| areas.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The agency's complete history, newest first, a page at a time.
#[component]
fn AgencyHistory(slug: String, total: u64) -> impl IntoView {
    let api = use_api().aborting_on_cleanup();
    let items = RwSignal::new(Vec::<PublishedRequest>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let load = Action::new_local(move |cursor: &Option<String>| {
        let (api, slug, cursor) = (api.clone(), slug.clone(), cursor.clone());
        async move { api.agency_requests(&slug, cursor.as_deref(), Some(HISTORY_PAGE_SIZE)).await }
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(page)) => {
            error.set(None);
            items.update(|list| list.extend(page.items));
            next.set(page.next);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    load.dispatch(None);
    let pending = load.pending();
    let zone = Zone::reader();
    view! {
        <section class="agency-history" aria-labelledby="history-heading">
            <h2 id="history-heading">"All requests, newest first"</h2>
            <p class="fine-print">{format!("{total} in total. Each one is a permanent record.")}</p>
            <ol class="history-list" data-testid="history">
                <For each=move || items.get() key=|r| r.id let:request>
                    <HistoryItem request=request zone=zone.clone()/>
                </For>
            </ol>
            {move || pending.get().then(|| view! { <LoadingList label="Loading requests" rows=2/> })}
            {move || error.get().map(|e| view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| { load.dispatch(next.get_untracked()); })/>
            })}
            {move || (next.get().is_some() && !pending.get() && error.get().is_none()).then(|| view! {
                <button type="button" class="button" data-testid="history-more"
                    on:click=move |_| { load.dispatch(next.get_untracked()); }>
                    "Show older requests"
                </button>
            })}
        </section>
    }
}

/// For the agency's own staff (and moderators): what it sent that is not published,
/// awaiting review or rejected, each linking to its submission page. Nobody else may
/// list them (the server refuses).
#[component]
fn UnpublishedSubmissions(slug: String) -> impl IntoView {
    let session = use_session();
    let allowed = {
        let slug = slug.clone();
        move || {
            session.and_then(|s| s.me()).is_some_and(|me| match me.role {
                Role::Moderator => true,
                Role::AgencyStaff => me.agency.is_some_and(|a| a.slug == slug),
                _ => false,
            })
        }
    };
    move || allowed().then(|| view! { <SubmissionList slug=slug.clone()/> })
}

#[component]
fn SubmissionList(slug: String) -> impl IntoView {
    let api = use_api();
    let list = LocalResource::new(move || {
        let (api, slug) = (api.aborting_on_cleanup(), slug.clone());
        async move { api.agency_submissions(&slug).await }
    });
    let zone = Zone::reader();
    view! {
        <section class="agency-submissions" aria-labelledby="submissions-heading" data-testid="agency-submissions">
            <h2 id="submissions-heading">"Not published: awaiting review or rejected"</h2>
            <p class="fine-print">"Only this agency's staff and Porchlight moderators see this list. Approved submissions are published and listed below."</p>
            <Transition fallback=|| view! { <LoadingList label="Loading the submissions" rows=1/> }>
                {move || {
                    let zone = zone.clone();
                    Suspend::new(async move {
                        match list.await {
                            Ok(all) => {
                                let items: Vec<_> = all
                                    .items
                                    .into_iter()
                                    .filter(|s| s.status != SubmissionStatus::Approved)
                                    .collect();
                                if items.is_empty() {
                                    return view! { <p data-testid="submissions-none">"None: everything sent for review has been published."</p> }.into_any();
                                }
                                view! {
                                    <ul class="history-list">
                                        {items.into_iter().map(|s| view! {
                                            <li class="history-item" data-testid="agency-submission">
                                                <a class="history-title" href=submission_href(s.id)>{s.title.clone()}</a>
                                                <p class="history-meta">
                                                    <SubmissionBadge status=s.status/>
                                                    <span>{format!("Sent {}", format_date(s.submitted_at, &zone))}</span>
                                                </p>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                            Err(e) => view! {
                                <ErrorNotice error=e on_retry=Callback::new(move |_| list.refetch())/>
                            }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

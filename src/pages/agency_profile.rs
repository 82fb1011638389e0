use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::wire::{
    AgencyKey, AgencyProfile, GridCell, MapView as View, PublishedRequest, ResponseCounts, Role, SubmissionStatus,
};

use crate::api::{AgencyModeration, ApiClient, ApiError};
use crate::components::{
    AgencyHeader, AgencyStatsPanel, ErrorNotice, FindingBanner, HistoryItem, LoadingList, MapLegend, ModerationFigures,
    PageHeading, SubmissionBadge,
};
use crate::format::{format_date, Zone};
use crate::i18n::{number, page_title, t, tf, tn};
use crate::map::{MapArea, MapMarker, MapView};
use crate::pages::agency_report::{this_year, use_feed_alternate};
use crate::routes::{
    self, agency_csv_href, agency_feed_href, agency_geojson_href, agency_moderation_href, agency_report_href,
    alert_agency_href, submission_href, MapQuery, Period, StatusFilter,
};
use crate::session::{use_api, use_config, use_session};

/// Requests per page of the history.
pub const HISTORY_PAGE_SIZE: u32 = 20;

/// Above this many areas the profile map groups them into circles instead of drawing
/// every polygon.
pub const MAX_POLYGONS: usize = 300;

/// Sets the tab's title to the text of `key` ("{name} · Porchlight") with `name` (an
/// agency's, a request's: shown as written), and back to the app's name when the page
/// goes.
pub(crate) fn named_page_title(key: &'static str, name: &str) {
    document().set_title(&tf(key, &[("name", name)]));
    on_cleanup(|| document().set_title(&t("app.name")));
}

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
            <Transition fallback=|| view! { <LoadingList label=t("agency.loading") rows=5/> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok((p, moderation)) => view! { <AgencyProfileView profile=p moderation/> }.into_any(),
                        Err(e) if e.is_not_found() => view! { <AgencyNotFound/> }.into_any(),
                        Err(e) => view! {
                            <PageHeading>{t("request.agency")}</PageHeading>
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
    page_title("agency.not_found_title");
    view! {
        <div data-testid="agency-not-found">
            <PageHeading>{t("agency.not_found")}</PageHeading>
            <p>{t("agency.not_found_text")}</p>
            <p><a href=routes::AGENCIES>{t("agency.see_all")}</a></p>
        </div>
    }
}

/// Everything below the loaded profile: header, policy findings, downloads, statistics
/// (with the moderation figures), map, history.
#[component]
fn AgencyProfileView(profile: AgencyProfile, moderation: AgencyModeration) -> impl IntoView {
    named_page_title("agency.page_title", &profile.name);
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
        <p class="permanence">{t("agency.permanence")}</p>
        <ResponsesFacts key=profile.response_key.clone() retention_days=profile.retention_days counts=profile.responses slug=slug.clone()/>
        <nav class="downloads" aria-label=t("agency.open_data")>
            {t("agency.download")}" "
            <a href=agency_csv_href(&slug) download="" data-testid="download-csv">"CSV"</a> // i18n: not UI text
            " · "
            <a href=agency_geojson_href(&slug) download="" data-testid="download-geojson">"GeoJSON"</a> // i18n: not UI text
            " · "
            <a href=agency_moderation_href(&slug) data-testid="agency-log-link">{t("agency.decisions_link")}</a>
            " · "
            <a href=agency_feed_href(&slug) type="application/atom+xml" data-testid="agency-feed">{t("profile.feed")}</a>
            " · "
            <a href=agency_report_href(&slug, this_year()) data-testid="agency-reports">{t("profile.reports")}</a>
        </nav>
        <p class="agency-alerts">
            <a href=alert_agency_href(&slug) data-testid="agency-alerts">{t("profile.alerts")}</a>
        </p>
        <UnpublishedSubmissions slug=slug.clone()/>
        {if empty {
            view! {
                <p class="empty-state" data-testid="agency-empty">{t("agency.empty")}</p>
                {figures.filter(|_| sent_for_review).map(|figures| view! {
                    <section class="agency-stats" aria-labelledby="stats-heading" data-testid="agency-stats">
                        <h2 id="stats-heading">{t("agency.stats.heading")}</h2>
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
        title: tn("directory.requests", cell.count as f64, &[]),
        detail: tn("agency.map.open", cell.open as f64, &[]),
        href: here.href(),
        link_text: t("agency.map.show_on_map"),
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
            <h2 id="agency-map-heading">{t("agency.map.heading")}</h2>
            <Transition fallback=|| view! { <LoadingList label=t("map.loading") rows=1/> }>
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
                                <p class="fine-print">{tn("agency.map.grouped", total as f64, &[])}</p>
                                <MapView initial=initial tile_url=tile_url attribution=attribution
                                    areas=Signal::derive(Vec::new) markers=Signal::derive(move || markers.clone())
                                    fit_to_markers=true label=t("agency.map.label_grouped") class="agency-areas-map"/>
                                // The circles as links too: for keyboards and screen readers.
                                <details class="agency-groups" data-testid="agency-groups">
                                    <summary>{t("agency.map.groups")}</summary>
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
                                    label=t("agency.map.label") class="agency-areas-map"/>
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
            <h2 id="history-heading">{t("agency.history.heading")}</h2>
            <p class="fine-print">{tf("agency.history.total", &[("total", &number(total as f64))])}</p>
            <ol class="history-list" data-testid="history">
                <For each=move || items.get() key=|r| r.id let:request>
                    <HistoryItem request=request zone=zone.clone()/>
                </For>
            </ol>
            {move || pending.get().then(|| view! { <LoadingList label=t("feed.loading") rows=2/> })}
            {move || error.get().map(|e| view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| { load.dispatch(next.get_untracked()); })/>
            })}
            {move || (next.get().is_some() && !pending.get() && error.get().is_none()).then(|| view! {
                <button type="button" class="button" data-testid="history-more"
                    on:click=move |_| { load.dispatch(next.get_untracked()); }>
                    {t("feed.older")}
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
            <h2 id="submissions-heading">{t("agency.submissions.heading")}</h2>
            <p class="fine-print">{t("agency.submissions.who")}</p>
            <Transition fallback=|| view! { <LoadingList label=t("agency.submissions.loading") rows=1/> }>
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
                                    return view! { <p data-testid="submissions-none">{t("agency.submissions.none")}</p> }.into_any();
                                }
                                view! {
                                    <ul class="history-list">
                                        {items.into_iter().map(|s| view! {
                                            <li class="history-item" data-testid="agency-submission">
                                                <a class="history-title" href=submission_href(s.id) lang=s.language.clone()>{s.title.clone()}</a>
                                                <p class="history-meta">
                                                    <SubmissionBadge status=s.status/>
                                                    <span>{tf("agency.submissions.sent", &[("date", &format_date(s.submitted_at, &zone))])}</span>
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

/// The agency's key for residents' footage (its fingerprint), its retention period and
/// how many residents shared footage (never who); links for its staff.
#[component]
fn ResponsesFacts(
    key: Option<AgencyKey>,
    retention_days: Option<u16>,
    counts: ResponseCounts,
    slug: String,
) -> impl IntoView {
    let staff = use_session().and_then(|s| s.me()).is_some_and(|me| me.agency.is_some_and(|a| a.slug == slug));
    view! {
        <section class="responses-facts" data-testid="responses-facts" aria-labelledby="responses-facts-heading">
            <h2 id="responses-facts-heading">{t("profile.responses.heading")}</h2>
            {match key {
                Some(key) => view! {
                    <p>{t("profile.responses.key")}" "<code data-testid="key-fingerprint">{key.fingerprint}</code></p>
                }.into_any(),
                None => view! { <p>{t("profile.responses.no_key")}</p> }.into_any(),
            }}
            {retention_days.map(|days| view! {
                <p data-testid="retention">{tn("profile.responses.retention", f64::from(days), &[])}</p>
            })}
            <p data-testid="response-counts">{tf("profile.responses.counts", &[
                ("received", &number(counts.received as f64)),
                ("kept", &number(counts.kept_as_evidence as f64)),
                ("expired", &number(counts.deleted_at_expiry as f64)),
            ])}</p>
            {staff.then(|| view! {
                <p>
                    <a href=routes::agency_responses_href(&slug)>{t("profile.responses.open")}</a>
                    " · "
                    <a href=routes::agency_keys_href(&slug)>{t("profile.responses.keys")}</a>
                </p>
            })}
        </section>
    }
}

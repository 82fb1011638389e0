use leptos::prelude::*;
use porchlight_domain::wire::{AgencySummary, MapView as View};

use crate::components::{format_count, AgencyListItem, ErrorNotice, LoadingList, PageHeading};
use crate::map::{MapMarker, MapView};
use crate::routes::agency_href;
use crate::session::{use_api, use_config};

/// How many agencies the list shows at first and adds per "Show more": thousands of
/// rows at once would make the page slow and unreadable.
pub const DIRECTORY_PAGE_SIZE: usize = 50;

/// How the directory is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DirectorySort {
    #[default]
    Name,
    /// Most requests in the last 12 months first.
    Activity,
}

impl DirectorySort {
    fn as_str(self) -> &'static str {
        match self {
            DirectorySort::Name => "name",
            DirectorySort::Activity => "activity",
        }
    }
}

/// The agencies whose name, jurisdiction or region contains every word of `query`
/// (case-insensitive), in `sort` order.
pub fn filter_agencies(all: &[AgencySummary], query: &str, sort: DirectorySort) -> Vec<AgencySummary> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut found: Vec<AgencySummary> = all
        .iter()
        .filter(|a| {
            let haystack = format!("{} {} {}", a.name, a.jurisdiction, a.region).to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .cloned()
        .collect();
    match sort {
        DirectorySort::Name => found.sort_by_key(|a| a.name.to_lowercase()),
        DirectorySort::Activity => found.sort_by(|a, b| {
            b.requests_last_12_months
                .cmp(&a.requests_last_12_months)
                .then(b.total_requests.cmp(&a.total_requests))
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        }),
    }
    found
}

/// `/agencies`: every agency on this Porchlight, searchable, with a map.
#[component]
pub fn AgencyDirectoryPage() -> impl IntoView {
    let api = use_api();
    let agencies = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        async move { api.agencies().await }
    });
    view! {
        <div class="page agencies-page">
            <PageHeading>"Agencies"</PageHeading>
            <p class="muted">"Every agency that posts Requests for Assistance here, with the number of requests it has made. Each profile lists all of them."</p>
            <Transition fallback=|| view! { <LoadingList label="Loading agencies" rows=6/> }>
                {move || Suspend::new(async move {
                    match agencies.await {
                        Ok(list) if list.is_empty() => view! {
                            <p data-testid="directory-empty">"No agencies have joined yet."</p>
                        }.into_any(),
                        Ok(list) => view! { <AgencyDirectory agencies=list/> }.into_any(),
                        Err(e) => view! {
                            <ErrorNotice error=e on_retry=Callback::new(move |_| agencies.refetch())/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The search, sort, list and map over a loaded directory.
#[component]
fn AgencyDirectory(agencies: Vec<AgencySummary>) -> impl IntoView {
    let all = StoredValue::new(agencies);
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(DirectorySort::Name);
    let shown = RwSignal::new(DIRECTORY_PAGE_SIZE);
    let found = Memo::new(move |_| all.with_value(|a| filter_agencies(a, &query.get(), sort.get())));
    // A new search starts again at the first page.
    Effect::new(move |_| {
        query.track();
        sort.track();
        shown.set(DIRECTORY_PAGE_SIZE);
    });
    let markers = Signal::derive(move || {
        found.with(|list| {
            list.iter()
                .map(|a| MapMarker {
                    lat: a.center.lat,
                    lng: a.center.lng,
                    title: a.name.clone(),
                    detail: format!("{} · {} requests", a.jurisdiction, format_count(a.total_requests)),
                    href: agency_href(&a.slug),
                    link_text: "View profile".to_owned(),
                    radius: 7.0,
                })
                .collect::<Vec<_>>()
        })
    });
    let total = all.with_value(Vec::len);
    let config = use_config();

    view! {
        <div class="directory">
            <div class="directory-controls" role="search">
                <label for="agency-search">"Search by name or place"</label>
                <input
                    id="agency-search"
                    type="search"
                    data-testid="agency-search"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <label for="agency-sort">"Sort by"</label>
                <select
                    id="agency-sort"
                    data-testid="agency-sort"
                    on:change=move |ev| {
                        sort.set(if event_target_value(&ev) == "activity" { DirectorySort::Activity } else { DirectorySort::Name })
                    }
                >
                    <option value=DirectorySort::Name.as_str() selected=move || sort.get() == DirectorySort::Name>"Name (A–Z)"</option>
                    <option value=DirectorySort::Activity.as_str() selected=move || sort.get() == DirectorySort::Activity>"Activity (last 12 months)"</option>
                </select>
            </div>
            <div class="directory-body">
                <section class="directory-list" aria-labelledby="directory-list-heading">
                    <h2 id="directory-list-heading" class="visually-hidden">"Agency list"</h2>
                    <p class="directory-count" role="status" aria-live="polite" data-testid="directory-count">
                        {move || {
                            let n = found.with(Vec::len);
                            if n == total {
                                format!("Showing {} of {} agencies", format_count(n.min(shown.get()) as u64), format_count(total as u64))
                            } else {
                                format!("{} of {} agencies match · showing {}", format_count(n as u64), format_count(total as u64), format_count(n.min(shown.get()) as u64))
                            }
                        }}
                    </p>
                    {move || found.with(Vec::is_empty).then(|| view! {
                        <p data-testid="directory-no-match">{format!("No agency matches “{}”.", query.get().trim())}</p>
                    })}
                    <ul class="agency-directory">
                        {move || found.with(|list| {
                            list.iter().take(shown.get()).cloned().map(|a| view! { <AgencyListItem agency=a/> }).collect_view()
                        })}
                    </ul>
                    {move || (found.with(Vec::len) > shown.get()).then(|| view! {
                        <button type="button" class="button" data-testid="directory-more"
                            on:click=move |_| shown.update(|n| *n += DIRECTORY_PAGE_SIZE)>
                            {format!("Show {} more", DIRECTORY_PAGE_SIZE)}
                        </button>
                    })}
                </section>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let config = match config {
                            Some(c) => c.0.ready().await.ok(),
                            None => None,
                        };
                        let (tile_url, attribution, view) = match config {
                            Some(c) => (c.tile_url, c.tile_attribution, c.default_view),
                            None => (None, String::new(), View { lat: 45.5152, lng: -122.6784, zoom: 11.0 }),
                        };
                        view! {
                            <MapView
                                initial=view
                                tile_url=tile_url
                                attribution=attribution
                                areas=Signal::derive(Vec::new)
                                markers=markers
                                fit_to_markers=true
                                label="Map of agencies: one marker at each jurisdiction's centre"
                                class="directory-map"
                            />
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

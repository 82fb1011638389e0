use leptos::prelude::*;
use porchlight_domain::wire::{AgencySummary, MapView as View};

use crate::components::{format_count, AgencyListItem, ErrorNotice, LoadingList, PageHeading};
use crate::i18n::{page_title, t, tf, tn};
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
    page_title("directory.title");
    let api = use_api();
    let agencies = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        async move { api.agencies().await }
    });
    view! {
        <div class="page agencies-page">
            <PageHeading>{t("header.agencies")}</PageHeading>
            <p class="muted">{t("directory.intro")}</p>
            <Transition fallback=|| view! { <LoadingList label=t("directory.loading") rows=6/> }>
                {move || Suspend::new(async move {
                    match agencies.await {
                        Ok(list) if list.is_empty() => view! {
                            <p data-testid="directory-empty">{t("directory.empty")}</p>
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
                    detail: format!("{} · {}", a.jurisdiction, tn("directory.requests", a.total_requests as f64, &[])),
                    href: agency_href(&a.slug),
                    link_text: t("directory.view_profile"),
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
                <label for="agency-search">{t("directory.search")}</label>
                <input
                    id="agency-search"
                    type="search"
                    data-testid="agency-search"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <label for="agency-sort">{t("directory.sort")}</label>
                <select
                    id="agency-sort"
                    data-testid="agency-sort"
                    on:change=move |ev| {
                        sort.set(if event_target_value(&ev) == "activity" { DirectorySort::Activity } else { DirectorySort::Name })
                    }
                >
                    <option value=DirectorySort::Name.as_str() selected=move || sort.get() == DirectorySort::Name>{t("directory.sort_name")}</option>
                    <option value=DirectorySort::Activity.as_str() selected=move || sort.get() == DirectorySort::Activity>{t("directory.sort_activity")}</option>
                </select>
            </div>
            <div class="directory-body">
                <section class="directory-list" aria-labelledby="directory-list-heading">
                    <h2 id="directory-list-heading" class="visually-hidden">{t("directory.list")}</h2>
                    <p class="directory-count" role="status" aria-live="polite" data-testid="directory-count">
                        {move || {
                            let n = found.with(Vec::len);
                            let showing = format_count(n.min(shown.get()) as u64);
                            if n == total {
                                tn("directory.showing", total as f64, &[("shown", &showing)])
                            } else {
                                tn("directory.matching", n as f64, &[("total", &format_count(total as u64)), ("shown", &showing)])
                            }
                        }}
                    </p>
                    {move || found.with(Vec::is_empty).then(|| view! {
                        <p data-testid="directory-no-match">{tf("directory.no_match", &[("query", query.get().trim())])}</p>
                    })}
                    <ul class="agency-directory">
                        {move || found.with(|list| {
                            list.iter().take(shown.get()).cloned().map(|a| view! { <AgencyListItem agency=a/> }).collect_view()
                        })}
                    </ul>
                    {move || (found.with(Vec::len) > shown.get()).then(|| view! {
                        <button type="button" class="button" data-testid="directory-more"
                            on:click=move |_| shown.update(|n| *n += DIRECTORY_PAGE_SIZE)>
                            {tf("directory.more", &[("count", &format_count(DIRECTORY_PAGE_SIZE as u64))])}
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
                                label=t("directory.map_label")
                                class="directory-map"
                            />
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

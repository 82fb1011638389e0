use leptos::prelude::*;
use porchlight_domain::wire::{MapView as View, ModerationAction, ModerationLogItem};

use crate::address::use_address;
use crate::api::ApiError;
use crate::components::{incident_label, ErrorNotice, LoadingList, ModerationLogEntry, PageHeading};
use crate::format::{format_date, Zone};
use crate::i18n::{page_title, t, tf};
use crate::map::{MapArea, MapView};
use crate::routes::LogQuery;
use crate::session::{use_api, use_config};

/// Decisions per page of the log.
pub const LOG_PAGE_SIZE: u32 = 25;

/// The decision filter's choices, in menu order, with the key of what the menu says.
const DECISIONS: [(ModerationAction, &str); 4] = [
    (ModerationAction::Approve, "log.filter.approved"),
    (ModerationAction::Reject, "log.filter.rejected"),
    (ModerationAction::Dismiss, "log.filter.dismissed"),
    (ModerationAction::Uphold, "log.filter.upheld"),
];

/// `/moderation`: the public moderation log, newest first, filtered by agency and
/// decision (kept in the URL query, so a filtered view can be shared).
#[component]
pub fn ModerationLogPage() -> impl IntoView {
    let address = use_address();
    let query = Memo::new(move |_| address.search().with(|s| LogQuery::from_query(s)));
    page_title("log.page_title");
    view! {
        <div class="page moderation-log-page">
            <PageHeading>{t("log.title")}</PageHeading>
            <p class="intro">{t("log.intro")}</p>
            <LogFilters query=query.into()/>
            <p class="downloads">
                <a href=move || query.with(LogQuery::csv_href) download="" data-testid="log-csv">
                    {t("log.csv")}
                </a>
            </p>
            // A new filter starts a new list.
            {move || {
                let query = query.get();
                view! { <LogList query/> }
            }}
        </div>
    }
}

/// The agency and decision menus; a change goes into the URL.
#[component]
fn LogFilters(query: Signal<LogQuery>) -> impl IntoView {
    let api = use_api();
    let address = use_address();
    let agencies = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        async move { api.agencies().await }
    });
    let go = move |q: LogQuery| address.go(&q.href(), false);
    let agency_options = move || {
        let chosen = query.with(|q| q.agency.clone());
        let mut list: Vec<(String, String)> = match agencies.get() {
            Some(Ok(list)) => list.into_iter().map(|a| (a.slug, a.name)).collect(),
            _ => Vec::new(),
        };
        list.sort_by_key(|(_, name)| name.to_lowercase());
        // A filter from a link keeps its value while the list loads (or if unknown).
        if let Some(slug) = &chosen {
            if !list.iter().any(|(s, _)| s == slug) {
                list.insert(0, (slug.clone(), slug.clone()));
            }
        }
        list.into_iter()
            .map(|(slug, name)| {
                let selected = chosen.as_deref() == Some(slug.as_str());
                view! { <option value=slug selected=selected>{name}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="log-filters" role="search" aria-label=t("log.filter.label") on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="log-agency">{t("request.agency")}</label>
                <select
                    id="log-agency"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        go(LogQuery { agency: Some(value).filter(|v| !v.is_empty()), ..query.get_untracked() });
                    }
                >
                    <option value="" selected=move || query.with(|q| q.agency.is_none())>{t("log.filter.all_agencies")}</option>
                    {agency_options}
                </select>
            </div>
            <div class="field">
                <label for="log-decision">{t("log.filter.decision")}</label>
                <select
                    id="log-decision"
                    on:change=move |ev| {
                        let decision = ModerationAction::parse(&event_target_value(&ev));
                        go(LogQuery { decision, ..query.get_untracked() });
                    }
                >
                    <option value="" selected=move || query.with(|q| q.decision.is_none())>{t("log.filter.all_decisions")}</option>
                    {DECISIONS
                        .into_iter()
                        .map(|(action, key)| view! {
                            <option value=action.as_str() selected=move || query.with(|q| q.decision == Some(action))>{t(key)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
        </form>
    }
}

/// One filter's decisions, a page at a time ("Older decisions"), with the rejected
/// submissions' areas on a map.
#[component]
fn LogList(query: LogQuery) -> impl IntoView {
    let api = use_api().aborting_on_cleanup();
    let config = use_config();
    let filtered = query != LogQuery::default();
    let items = RwSignal::new(Vec::<ModerationLogItem>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let loaded = RwSignal::new(false);
    // The first decision of the last page asked for, to move focus to when it arrives.
    let load = Action::new_local(move |cursor: &Option<String>| {
        let (api, query, cursor) = (api.clone(), query.clone(), cursor.clone());
        async move { (cursor.is_some(), api.moderation_log(&query, cursor.as_deref(), Some(LOG_PAGE_SIZE)).await) }
    });
    Effect::new(move |_| match load.value().get() {
        Some((older, Ok(page))) => {
            error.set(None);
            let first_new = page.items.first().map(|i| i.id);
            items.update(|list| list.extend(page.items));
            next.set(page.next);
            loaded.set(true);
            // "Older decisions" moves on to the first of them, not back to the top.
            if let (true, Some(id)) = (older, first_new) {
                request_animation_frame(move || {
                    let selector = format!("[data-decision-id='{id}']");
                    if let Some(Ok(element)) = document()
                        .query_selector(&selector)
                        .ok()
                        .flatten()
                        .map(wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>)
                    {
                        let _ = element.focus();
                    }
                });
            }
        }
        Some((_, Err(e))) => error.set(Some(e)),
        None => {}
    });
    load.dispatch(None);
    let pending = load.pending();
    let zone = Zone::reader();
    let rejected_areas = Signal::derive(move || {
        items.with(|list| {
            list.iter()
                .filter_map(|item| {
                    let r = item.rejected.as_ref()?;
                    Some(MapArea {
                        id: item.subject_id,
                        title: tf(
                            "log.map.rejected",
                            &[
                                ("incident", &incident_label(&r.incident_type)),
                                ("date", &format_date(r.submitted_at, &Zone::reader())),
                            ],
                        ),
                        resolved: true,
                        area: r.area.clone(),
                        published: false,
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let has_rejected = Memo::new(move |_| !rejected_areas.with(Vec::is_empty));
    let map = move || {
        let config = config.and_then(|c| c.0.get()).and_then(Result::ok);
        let (tile_url, attribution, initial) = match config {
            Some(c) => (c.tile_url, c.tile_attribution, c.default_view),
            None => (None, String::new(), View { lat: 45.5152, lng: -122.6784, zoom: 12.0 }),
        };
        view! {
            <section class="log-map" aria-labelledby="log-map-heading">
                <h2 id="log-map-heading">{t("log.map.heading")}</h2>
                <p class="fine-print">{t("log.map.note")}</p>
                <MapView
                    initial
                    tile_url
                    attribution
                    areas=rejected_areas
                    fit_to_areas=true
                    label=t("log.map.label")
                    class="log-areas-map"
                />
            </section>
        }
    };
    view! {
        <Show when=move || has_rejected.get()>{map}</Show>
        <section class="log-decisions" aria-labelledby="log-decisions-heading">
            <h2 id="log-decisions-heading" class="visually-hidden">{t("log.decisions")}</h2>
            <ol class="log-list" data-testid="log-list">
                <For each=move || items.get() key=|item| item.id let:item>
                    <ModerationLogEntry item zone=zone.clone()/>
                </For>
            </ol>
            {move || (loaded.get() && items.with(Vec::is_empty)).then(|| view! {
                <p class="empty-state" data-testid="log-empty">
                    {if filtered { t("log.none_match") } else { t("log.none_yet") }}
                </p>
            })}
            {move || pending.get().then(|| view! { <LoadingList label=t("log.loading") rows=2/> })}
            {move || error.get().map(|e| view! {
                <ErrorNotice error=e on_retry=Callback::new(move |_| { load.dispatch(next.get_untracked()); })/>
            })}
            {move || (next.get().is_some() && !pending.get() && error.get().is_none()).then(|| view! {
                <button type="button" class="button" data-testid="log-older"
                    on:click=move |_| { load.dispatch(next.get_untracked()); }>
                    {t("log.older")}
                </button>
            })}
        </section>
    }
}

//! The feed's filters, kept in the URL with the view.

use leptos::prelude::*;

use super::map_and_feed::MapPageState;
use crate::i18n::t;
use crate::routes::{MapQuery, Period, StatusFilter};

/// The status and period menus; a choice goes into the URL, which reloads the feed.
pub(super) fn feed_filters(state: MapPageState) -> impl IntoView {
    let MapPageState { query, loader, address, .. } = state;
    let set_filters = move |status_filter: StatusFilter, period: Period| {
        let q = MapQuery { view: Some(loader.current_view.get_value()), status: status_filter, period };
        address.go(&q.href(), true);
    };
    view! {
        <div class="filters">
            <label for="status-filter">{t("filters.status")}</label>
            <select
                id="status-filter"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(s) = StatusFilter::parse(&value) {
                        set_filters(s, query.get_untracked().period);
                    }
                }
            >
                {StatusFilter::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=move || query.get().status == s>{t(status_filter_key(s))}</option>
                }).collect_view()}
            </select>
            <label for="period-filter">{t("filters.posted")}</label>
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
                    <option value=p.as_str() selected=move || query.get().period == p>{t(period_key(p))}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The key of a status filter's name in the menu.
fn status_filter_key(filter: StatusFilter) -> &'static str {
    match filter {
        StatusFilter::Open => "status_filter.open",
        StatusFilter::Resolved => "status_filter.resolved",
        StatusFilter::All => "status_filter.all",
    }
}

/// The key of a period's name in the menu.
fn period_key(period: Period) -> &'static str {
    match period {
        Period::Week => "period.week",
        Period::Month => "period.month",
        Period::Year => "period.year",
        Period::AllTime => "period.all_time",
    }
}

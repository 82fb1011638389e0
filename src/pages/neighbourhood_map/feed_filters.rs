//! The feed's filters, kept in the URL with the view.

use leptos::prelude::*;

use super::map_and_feed::MapPageState;
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
            <label for="status-filter">"Status"</label>
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
    }
}

use leptos::prelude::*;
use porchlight_domain::wire::PublishedRequest;

use crate::components::{incident_label, StatusBadge};
use crate::format::{area_text, format_date, format_time_frame_input, Zone};
use crate::i18n::{t, tf};
use crate::routes::request_href;

/// One request in the feed: a list item with a link to the request page.
#[component]
pub fn FeedItem(
    /// The request to show.
    request: PublishedRequest,
    /// Which zone to show times in.
    #[prop(optional)]
    zone: Zone,
    /// Whether its area is highlighted on the map.
    #[prop(optional, into)]
    highlighted: Signal<bool>,
    /// Called with `Some(id)` on hover/focus and `None` when it ends.
    #[prop(optional)]
    on_highlight: Option<Callback<Option<i64>>>,
    /// `(position from 1, list length)` when the list renders only some of its items
    /// (a virtualised feed), so assistive technology still knows where this one is.
    #[prop(optional)]
    position: Option<(usize, usize)>,
) -> impl IntoView {
    let id = request.id;
    let heading_id = format!("feed-item-{id}");
    let labelled_by = heading_id.clone();
    let highlight = move |value: Option<i64>| {
        if let Some(callback) = on_highlight {
            callback.run(value);
        }
    };
    view! {
        <li
            class="feed-item"
            class:highlighted=move || highlighted.get()
            data-request-id=id.to_string()
            data-testid="feed-item"
            aria-posinset=position.map(|(at, _)| at.to_string())
            aria-setsize=position.map(|(_, of)| of.to_string())
            on:mouseenter=move |_| highlight(Some(id))
            on:mouseleave=move |_| highlight(None)
            on:focusin=move |_| highlight(Some(id))
            on:focusout=move |_| highlight(None)
        >
            <article aria-labelledby=labelled_by>
                <h3 id=heading_id class="feed-item-title">
                    <a href=request_href(id) lang=request.language.clone()>{request.title.clone()}</a>
                </h3>
                <p class="feed-item-meta">
                    <StatusBadge status=request.status/>
                    <span>{incident_label(&request.incident_type)}</span>
                    <span>{request.agency.name.clone()}</span>
                </p>
                <p class="feed-item-when">
                    <span class="label">{t("feed_item.footage_wanted")}" "</span>
                    {format_time_frame_input(&request.time_frame, &zone)}
                </p>
                <p class="feed-item-posted">
                    {tf("feed_item.posted", &[("date", &format_date(request.created_at, &zone))])}
                    " · "
                    {area_text(request.area_m2)}
                </p>
            </article>
        </li>
    }
}

//! `VirtualFeed`: the feed as one semantic list that renders only the rows near what is
//! on screen, so 10 000 loaded requests cost the DOM at most [`MAX_RENDERED_ROWS`] rows.
//! Spacer items stand in for the rows above and below, keeping the scroll height.

use leptos::html::Ul;
use leptos::prelude::*;
use porchlight_domain::wire::PublishedRequest;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::FeedItem;
use crate::format::Zone;

/// Most item rows in the DOM at once, however long the list.
pub const MAX_RENDERED_ROWS: usize = 40;
/// Rows kept rendered above the first visible one.
const ROWS_ABOVE: usize = 10;
/// Height of a row (with the gap) until one is measured, px.
const ESTIMATED_ROW_PX: f64 = 120.0;

/// The requests as a list, newest first, with only a window of rows rendered.
#[component]
pub fn VirtualFeed(
    /// Every loaded request, newest first.
    #[prop(into)]
    items: Signal<Vec<PublishedRequest>>,
    /// Which zone to show times in.
    #[prop(optional)]
    zone: Zone,
    /// The request whose area is highlighted on the map.
    #[prop(optional, into)]
    highlighted: Signal<Option<i64>>,
    /// Called with `Some(id)` on hover/focus of a row and `None` when it ends.
    #[prop(optional)]
    on_highlight: Option<Callback<Option<i64>>>,
    /// Set to a request's id to bring its row into view (its area was clicked).
    #[prop(optional, into)]
    reveal: Signal<Option<i64>>,
    /// Accessible name of the list.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let list = NodeRef::<Ul>::new();
    let first = RwSignal::new(0usize);
    let row_px = RwSignal::new(ESTIMATED_ROW_PX);

    // A new list (not more of the same) starts at its top.
    Effect::new(move |previous: Option<Option<i64>>| {
        let head = items.with(|v| v.first().map(|r| r.id));
        if previous.is_some_and(|p| p != head) {
            first.set(0);
        }
        head
    });

    let span = Memo::new(move |_| {
        let len = items.with(Vec::len);
        let start = first.get().min(len.saturating_sub(MAX_RENDERED_ROWS));
        (start, (start + MAX_RENDERED_ROWS).min(len), len)
    });

    // Which rows are on screen: from where the list's top is relative to the top of
    // whatever clips it (the scrolling feed pane, or the window).
    let update = move |scroller: Option<web_sys::Element>| {
        let Some(list) = list.get_untracked() else {
            return;
        };
        let list_el: &web_sys::Element = list.as_ref();
        measure_rows(list_el, row_px);
        let view_top = scroller
            .filter(|s| s.contains(Some(list_el)))
            .map(|s| s.get_bounding_client_rect().top())
            .unwrap_or(0.0)
            .max(0.0);
        let hidden_above = (view_top - list_el.get_bounding_client_rect().top()).max(0.0);
        let index = (hidden_above / row_px.get_untracked()) as usize;
        let start = index.saturating_sub(ROWS_ABOVE);
        if start != first.get_untracked() {
            first.set(start);
        }
    };

    // `scroll` does not bubble, but a capturing listener on the window sees every
    // scroll in the document, whichever element scrolls.
    let on_scroll = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        update(event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()));
    });
    let _ = window().add_event_listener_with_callback_and_bool("scroll", on_scroll.as_ref().unchecked_ref(), true);
    let on_scroll = send_wrapper::SendWrapper::new(on_scroll);
    on_cleanup(move || {
        let _ =
            window().remove_event_listener_with_callback_and_bool("scroll", on_scroll.as_ref().unchecked_ref(), true);
    });

    // Keyboard: when focus reaches a row near either end of the window, move the
    // window so Tab and Shift+Tab always have a next row to go to.
    let on_focus = move |event: web_sys::FocusEvent| {
        let Some(row) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[aria-posinset]").ok().flatten())
        else {
            return;
        };
        let Some(index) = row.get_attribute("aria-posinset").and_then(|p| p.parse::<usize>().ok()).map(|p| p - 1)
        else {
            return;
        };
        let (start, end, len) = span.get_untracked();
        if (index + 3 >= end && end < len) || (index < start + 3 && start > 0) {
            first.set(index.saturating_sub(ROWS_ABOVE));
        }
    };

    // Bring a row into view on request: render its window, then scroll to it.
    Effect::new(move |_| {
        let Some(id) = reveal.get() else { return };
        let Some(index) = items.with_untracked(|v| v.iter().position(|r| r.id == id)) else {
            return;
        };
        // The spacers must use the real row height before the window moves: scrolling
        // to the row measures it, and a different height would move the row away.
        if let Some(list) = list.get_untracked() {
            measure_rows(list.as_ref(), row_px);
        }
        first.set(index.saturating_sub(ROWS_ABOVE));
        request_animation_frame(move || {
            let selector = format!("[data-request-id=\"{id}\"]");
            if let Ok(Some(element)) = document().query_selector(&selector) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });

    let rows = move || {
        let (start, end, len) = span.get();
        keep_focus(list);
        items.with(|v| v[start..end].iter().enumerate().map(|(i, r)| (start + i, len, r.clone())).collect::<Vec<_>>())
    };
    let top = move || {
        let (start, _, _) = span.get();
        format!("{}px", start as f64 * row_px.get())
    };
    let bottom = move || {
        let (_, end, len) = span.get();
        format!("{}px", (len - end) as f64 * row_px.get())
    };
    view! {
        <ul class="feed" data-testid="feed" aria-label=label node_ref=list on:focusin=on_focus>
            <li class="feed-spacer" aria-hidden="true" style:height=top></li>
            <For each=rows key=|(_, len, r)| (r.id, *len) let:row>
                {
                    let (index, len, request) = row;
                    let id = request.id;
                    view! {
                        <FeedItem
                            request=request
                            zone=zone.clone()
                            highlighted=Signal::derive(move || highlighted.get() == Some(id))
                            on_highlight=on_highlight.unwrap_or_else(|| Callback::new(|_| {}))
                            position=(index + 1, len)
                        />
                    }
                }
            </For>
            <li class="feed-spacer" aria-hidden="true" style:height=bottom></li>
        </ul>
    }
}

/// Keeps keyboard focus on its row while the window moves: called before the list
/// changes. The keyed list re-inserts rows it keeps when two or more rows come in above
/// them (tachys 0.2 moves the whole run), and an element taken out of the document loses
/// focus to the page; once the list has changed, the element that had focus gets it
/// back if it is still in the list and focus went nowhere else.
fn keep_focus(list: NodeRef<Ul>) {
    let Some(focused) = document().active_element() else { return };
    if !list.get_untracked().is_some_and(|list| list.contains(Some(&focused))) {
        return;
    }
    request_animation_frame(move || {
        let body = document().body().map(web_sys::Element::from);
        let lost = document().active_element().is_none_or(|active| Some(active) == body);
        if lost && focused.is_connected() {
            let _ = focused.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// Measures the average height of the rendered rows (with the gap between them), once
/// enough are rendered; spacers use it for the rows that are not.
fn measure_rows(list: &web_sys::Element, row_px: RwSignal<f64>) {
    if row_px.get_untracked() != ESTIMATED_ROW_PX {
        return;
    }
    let Ok(rows) = list.query_selector_all(".feed-item") else {
        return;
    };
    if rows.length() < 10 {
        return;
    }
    let rect =
        |i: u32| rows.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()).map(|e| e.get_bounding_client_rect());
    if let (Some(a), Some(b)) = (rect(0), rect(rows.length() - 1)) {
        let per_row = (b.top() - a.top()) / f64::from(rows.length() - 1);
        if per_row > 1.0 {
            row_px.set(per_row);
        }
    }
}

//! The virtual feed in headless Chromium, with 10 000 requests: at most 40 rows in the
//! DOM wherever the list is scrolled, every scrolled-to position shows its rows (never
//! a blank spacer), the last request can be reached;
//! keyboard focus walks row by row in both directions without ever finding the end of
//! the rendered window or losing focus; a clicked area's row is brought into view.
//!
//! The feed itself handles no keys: its keyboard support is the browser's Tab and
//! Shift+Tab from link to link, which it follows through `focusin`. wasm-bindgen-test
//! has no real keyboard, so [`press_tab`] dispatches a real `keydown` and then does what
//! the browser does when no handler cancels it: focus the next (or previous) focusable
//! element in document order.
#![cfg(target_arch = "wasm32")]

#[path = "support/web.rs"]
mod support;

use leptos::prelude::*;
use porchlight_app::components::VirtualFeed;
use porchlight_domain::wire::PublishedRequest;
use support::document;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// How many requests the feed holds.
const TOTAL: usize = 10_000;
/// The most rows the feed may render at once, however long the list (its design: the
/// DOM of a 10 000-request feed stays that of a short page).
const MOST_ROWS: usize = 40;

/// The request at `i` (from 0), newest first.
fn request(i: usize) -> PublishedRequest {
    serde_json::from_value(serde_json::json!({
        "id": i as i64 + 1, "agency": {"slug": "demo-city-police", "name": "Demo City Police Department"},
        "incident_type": "theft", "case_number": format!("B-{i}"), "title": format!("Package theft near Main St #{}", i + 1),
        "description": "Looking for doorbell footage of a person taking parcels from porches.",
        "contact": {"email": "records@city.example"},
        "time_frame": {"start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z"},
        "area": {"type": "Polygon", "coordinates": [[[-122.68,45.515],[-122.67,45.515],[-122.67,45.522],[-122.68,45.515]]]},
        "area_m2": 300000.0, "created_at": "2026-11-28T08:00:00Z", "status": "open", "resolution": null
    }))
    .unwrap()
}

/// A fixed 400 × 360 px scrolling pane (in view)
/// between two buttons, with the feed of [`TOTAL`] requests in it.
struct Mounted {
    container: HtmlElement,
    scroller: Element,
    reveal: RwSignal<Option<i64>>,
    _handle: Box<dyn std::any::Any>,
}

fn mount_feed() -> Mounted {
    // A failed test (a panic does not unwind in wasm) leaves its pane over the page.
    for left_over in all(&document().body().unwrap(), ".feed-test-root") {
        left_over.remove();
    }
    let container = fresh_container();
    container.set_class_name("feed-test-root");
    container.set_inner_html(
        "<style>.feed-test { position: fixed; top: 40px; left: 0; width: 400px; height: 360px; overflow-y: auto; }\
         .feed-test ul { margin: 0; }</style>\
         <button id='before-feed'>Before</button><div class='feed-test'></div><button id='after-feed'>After</button>",
    );
    let scroller = container.query_selector(".feed-test").unwrap().unwrap();
    let items = RwSignal::new((0..TOTAL).map(request).collect::<Vec<_>>());
    let reveal = RwSignal::new(None::<i64>);
    let handle = leptos::mount::mount_to(scroller.clone().unchecked_into(), move || {
        view! { <VirtualFeed items=items reveal=reveal label="Requests in this area, newest first"/> }
    });
    Mounted { container, scroller, reveal, _handle: Box::new(handle) }
}

impl Drop for Mounted {
    /// The pane is fixed over the page: the next test must not hit-test this one.
    fn drop(&mut self) {
        self.container.remove();
    }
}

/// Lets the feed follow a scroll or a focus change: the `scroll` event, the re-render,
/// and the layout after it.
async fn settle() {
    next_frame().await;
    leptos::task::tick().await;
    next_frame().await;
}

/// The rendered rows' positions in the list (from 1), in DOM order.
fn rendered(root: &Element) -> Vec<usize> {
    all(root, "li[data-testid='feed-item']")
        .iter()
        .map(|row| row.get_attribute("aria-posinset").unwrap().parse().unwrap())
        .collect()
}

/// The rendered rows are at most [`MOST_ROWS`], consecutive, and each says it is
/// one of `TOTAL`.
fn assert_window(root: &Element, when: &str) -> Vec<usize> {
    let rows = rendered(root);
    assert!(!rows.is_empty(), "{when}: no rows rendered");
    assert!(rows.len() <= MOST_ROWS, "{when}: {} rows in the DOM", rows.len());
    assert!(rows.windows(2).all(|w| w[1] == w[0] + 1), "{when}: rows not consecutive: {rows:?}");
    for row in all(root, "li[data-testid='feed-item']") {
        assert_eq!(row.get_attribute("aria-setsize").as_deref(), Some("10000"), "{when}");
    }
    rows
}

/// Rows fill the pane from top to bottom (the spacers never show where rows should
/// be); returns the positions of the rows at its top and bottom edges. A gap between
/// rows (their margins) is allowed, a missing row is not.
fn assert_pane_covered(scroller: &Element, when: &str) -> (usize, usize) {
    const GAP_PX: f64 = 40.0;
    let pane = scroller.get_bounding_client_rect();
    let rows: Vec<(usize, f64, f64)> = all(scroller, "li[data-testid='feed-item']")
        .iter()
        .map(|row| {
            let rect = row.get_bounding_client_rect();
            (row.get_attribute("aria-posinset").unwrap().parse().unwrap(), rect.top(), rect.bottom())
        })
        .filter(|(_, top, bottom)| *bottom > pane.top() && *top < pane.bottom())
        .collect();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        panic!("{when}: no row in the pane at scrollTop {}", scroller.scroll_top());
    };
    assert!(
        first.1 <= pane.top() + GAP_PX,
        "{when}: blank above row {} ({} px below the top)",
        first.0,
        first.1 - pane.top()
    );
    assert!(last.2 >= pane.bottom() - GAP_PX || last.0 == TOTAL, "{when}: blank below row {}", last.0);
    (first.0, last.0)
}

#[wasm_bindgen_test]
async fn scrolling_10_000_requests_keeps_at_most_40_rows_and_reaches_the_last() {
    let feed = mount_feed();
    settle().await;
    let scroller = &feed.scroller;
    assert_eq!(assert_window(scroller, "at the top").first(), Some(&1));
    assert_eq!(assert_pane_covered(scroller, "at the top").0, 1);

    // Scrolling down step by step: the window follows, rows always under the pane.
    let mut last_top = 1;
    for step in 1..=60 {
        scroller.set_scroll_top(scroller.scroll_top() + 600);
        settle().await;
        let when = format!("step {step}");
        assert_window(scroller, &when);
        let (top, _) = assert_pane_covered(scroller, &when);
        assert!(top > last_top, "{when}: the pane shows row {top} after row {last_top}");
        last_top = top;
    }
    assert!(rendered(scroller)[0] > 1, "the window moved down with the scroll");

    // Far jumps, as a dragged scrollbar makes them: the middle, then the very end.
    scroller.set_scroll_top(scroller.scroll_height() / 2);
    settle().await;
    assert_window(scroller, "in the middle");
    let (middle, _) = assert_pane_covered(scroller, "in the middle");
    assert!((4_000..=6_000).contains(&middle), "the middle of the pane shows row {middle}");

    scroller.set_scroll_top(scroller.scroll_height());
    settle().await;
    let rows = assert_window(scroller, "at the end");
    assert_eq!(rows.last(), Some(&TOTAL), "scrolling reaches the last request");
    assert_eq!(assert_pane_covered(scroller, "at the end").1, TOTAL);
    let last = feed.container.query_selector("[aria-posinset='10000']").unwrap().unwrap();
    assert_eq!(text(&last.query_selector("h3").unwrap().unwrap()), "Package theft near Main St #10000");

    // And back to the top.
    scroller.set_scroll_top(0);
    settle().await;
    assert_eq!(assert_window(scroller, "back at the top").first(), Some(&1));
    assert_eq!(assert_pane_covered(scroller, "back at the top").0, 1);
}

const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";

/// Presses Tab (Shift+Tab with `back`): a `keydown` on the focused element, then, if no
/// handler cancelled it, the browser's default action: focus moves to the next (or
/// previous) focusable element of `root` in document order.
fn press_tab(root: &Element, back: bool) {
    let active = document().active_element().expect("something has focus");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_code("Tab");
    init.set_shift_key(back);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    if !active.dispatch_event(&event).unwrap() {
        return;
    }
    let order = all(root, FOCUSABLE);
    let at = order.iter().position(|e| *e == active).expect("the focused element is in the tab order");
    let next = if back { at.checked_sub(1) } else { Some(at + 1).filter(|n| *n < order.len()) };
    if let Some(next) = next {
        order[next].unchecked_ref::<HtmlElement>().focus().unwrap();
    }
}

/// The position of the row holding the focused element.
fn focused_row() -> Option<usize> {
    let active = document().active_element()?;
    active.closest("li[data-testid='feed-item']").unwrap()?.get_attribute("aria-posinset")?.parse().ok()
}

/// Asserts that focus is on the link of row `expected`.
fn assert_focus_on(root: &Element, expected: usize, when: &str) {
    if focused_row() != Some(expected) {
        let active = document().active_element().map(|e| format!("<{} id={:?}>", e.tag_name(), e.id()));
        panic!("{when}: focus is on {active:?} (row {:?}); rendered rows {:?}", focused_row(), rendered(root));
    }
}

/// The focused row is drawn inside the pane (focus scrolled it into view).
fn assert_focused_in_view(scroller: &Element, when: &str) {
    let pane = scroller.get_bounding_client_rect();
    let active = document().active_element().unwrap().get_bounding_client_rect();
    assert!(
        active.top() >= pane.top() - 1.0 && active.bottom() <= pane.bottom() + 1.0,
        "{when}: the focused link ({}–{}) is outside the pane ({}–{})",
        active.top(),
        active.bottom(),
        pane.top(),
        pane.bottom()
    );
}

#[wasm_bindgen_test]
async fn tab_and_shift_tab_walk_row_by_row_through_the_window() {
    let feed = mount_feed();
    settle().await;
    let (root, scroller) = (feed.container.unchecked_ref::<Element>(), &feed.scroller);
    feed.container.query_selector("#before-feed").unwrap().unwrap().unchecked_into::<HtmlElement>().focus().unwrap();

    // Tab from the control before the list enters it at the first request, then moves
    // one row at a time, past the first window of 40 rows.
    for expected in 1..=50 {
        press_tab(root, false);
        settle().await;
        let when = format!("Tab to row {expected}");
        assert_focus_on(root, expected, &when);
        assert_focused_in_view(scroller, &when);
        let rows = assert_window(scroller, &when);
        assert!(rows.contains(&(expected + 1)), "{when}: no next row to Tab to: {rows:?}");
    }
    assert!(rendered(scroller)[0] > 20, "the window followed focus down: {:?}", rendered(scroller));

    // Shift+Tab goes back up the same way, the window moving up ahead of focus (several
    // rows at a time: the keyed list then re-inserts the rows it keeps, focus with them).
    for expected in (1..=49).rev() {
        press_tab(root, true);
        settle().await;
        let when = format!("Shift+Tab to row {expected}");
        assert_focus_on(root, expected, &when);
        assert_focused_in_view(scroller, &when);
        let rows = assert_window(scroller, &when);
        if expected > 1 {
            assert!(rows.contains(&(expected - 1)), "{when}: no previous row to Shift+Tab to: {rows:?}");
        }
    }
    assert_eq!(rendered(scroller)[0], 1);
    // Before the first request, Shift+Tab leaves the list.
    press_tab(root, true);
    settle().await;
    assert_eq!(document().active_element().unwrap().id(), "before-feed");
}

#[wasm_bindgen_test]
async fn tab_reaches_the_last_request_then_leaves_the_list() {
    let feed = mount_feed();
    settle().await;
    let (root, scroller) = (feed.container.unchecked_ref::<Element>(), &feed.scroller);
    // Focus a row near the end (its area was selected on the map, then the user tabbed
    // into the list), then Tab to the end.
    feed.reveal.set(Some(9_990));
    settle().await;
    settle().await;
    let link = wait_for(root, "[aria-posinset='9990'] h3 a").await;
    link.unchecked_ref::<HtmlElement>().focus().unwrap();
    settle().await;
    for expected in 9_991..=10_000 {
        press_tab(root, false);
        settle().await;
        let when = format!("Tab to row {expected}");
        assert_focus_on(root, expected, &when);
        assert_focused_in_view(scroller, &when);
        assert_window(scroller, &when);
    }
    press_tab(root, false);
    settle().await;
    assert_eq!(document().active_element().unwrap().id(), "after-feed", "Tab after the last request leaves the list");
}

#[wasm_bindgen_test]
async fn a_revealed_request_is_rendered_and_scrolled_into_view() {
    let feed = mount_feed();
    settle().await;
    let scroller = &feed.scroller;
    for id in [5_000, 37, 9_999] {
        feed.reveal.set(Some(id));
        settle().await;
        settle().await;
        let when = format!("reveal {id}");
        let rows = assert_window(scroller, &when);
        assert!(rows.contains(&(id as usize)), "{when}: {rows:?}");
        let row = scroller.query_selector(&format!("[data-request-id='{id}']")).unwrap().unwrap();
        let (pane, shown) = (scroller.get_bounding_client_rect(), row.get_bounding_client_rect());
        assert!(shown.bottom() > pane.top() && shown.top() < pane.bottom(), "{when}: the row is not in the pane");
        assert_pane_covered(scroller, &when);
    }
}

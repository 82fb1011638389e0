//! `MapView`: one Leaflet map inside a `NodeRef<Div>`, created once the div is mounted
//! and removed on cleanup. Every listener is an `EventedHandle` that unregisters when
//! dropped, so mounting and unmounting leaks nothing.

use std::rc::Rc;

use leaflet::{LocateOptions, Map};
use leptos::html::Div;
use leptos::prelude::*;
use porchlight_domain::wire::{GridCell, MapView as View};
use send_wrapper::SendWrapper;

use super::area_layer::{draw_areas, style_polygon};
use super::cell_layer::draw_cells;
use super::fit::fit_areas;
use super::map_area::MapArea;
use super::map_marker::MapMarker;
use super::marker_layer::{draw_markers, fit_markers};
use super::mounted::{MapSetup, Mounted, SharedMap};
use super::view_change::ViewChange;
use crate::i18n::{t, tf};

/// Filled with the Leaflet map while mounted.
type MapRef = Option<StoredValue<Option<Map>, LocalStorage>>;

/// A Leaflet map with request areas drawn on a Canvas renderer (fast with many areas).
#[component]
pub fn MapView(
    /// Where the map starts.
    initial: View,
    /// Tile URL template; `None` draws no base map.
    #[prop(default = None)]
    tile_url: Option<String>,
    /// Attribution text for the tiles.
    #[prop(optional, into)]
    attribution: String,
    /// The areas to draw.
    #[prop(into)]
    areas: Signal<Vec<MapArea>>,
    /// Requests counted per grid cell: drawn as numbered circles (clicking one zooms
    /// in on its cell). The page passes these instead of `areas` when a view holds
    /// more requests than are worth drawing one by one.
    #[prop(optional, into)]
    cells: Signal<Vec<GridCell>>,
    /// The area to emphasise (hovered or selected in the feed).
    #[prop(optional, into)]
    highlighted: Signal<Option<i64>>,
    /// Fit the view to the areas whenever they change (the request page).
    #[prop(optional)]
    fit_to_areas: bool,
    /// Points to mark, as circles with a popup.
    #[prop(optional, into)]
    markers: Signal<Vec<MapMarker>>,
    /// Fit the view to the markers whenever they change (the agency directory).
    #[prop(optional)]
    fit_to_markers: bool,
    /// Incremented to ask the browser for the user's location and go there.
    #[prop(optional, into)]
    locate: Signal<u32>,
    /// Called once the map exists and after every pan or zoom.
    #[prop(optional)]
    on_view_change: Option<Callback<ViewChange>>,
    /// Called when the user clicks an area.
    #[prop(optional)]
    on_area_select: Option<Callback<i64>>,
    /// Called when the user follows a popup's link to a request (a plain click: the
    /// caller navigates in-app, since Leaflet keeps popup clicks from the router).
    #[prop(optional)]
    on_open_request: Option<Callback<i64>>,
    /// Called when the location could not be found.
    #[prop(optional)]
    on_locate_error: Option<Callback<String>>,
    /// Accessible name of the map region.
    #[prop(optional, into)]
    label: Option<String>,
    /// Extra CSS class (the size comes from CSS).
    #[prop(optional, into)]
    class: String,
    /// Filled with the Leaflet map while mounted (tests and callers needing Leaflet).
    #[prop(optional)]
    map_ref: Option<StoredValue<Option<Map>, LocalStorage>>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let mounted = SharedMap::default();
    let ready = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);

    let setup = MapSetup { initial, tile_url, attribution, on_view_change, on_locate_error };
    create_when_mounted(node, &mounted, setup, map_ref, ready, failed);
    redraw_areas(&mounted, ready, areas, highlighted, fit_to_areas, on_area_select, on_open_request);
    redraw_markers(&mounted, ready, markers, fit_to_markers);
    redraw_cells(&mounted, ready, cells);
    emphasise_highlighted(&mounted, ready, highlighted);
    locate_on_request(&mounted, locate);
    remove_on_cleanup(&mounted, map_ref);

    view! {
        <div class=format!("map-view-wrap {class}")>
            <div
                class="map-view"
                node_ref=node
                role="region"
                aria-label=label.unwrap_or_else(|| t("map.default_label"))
                data-testid="map"
            ></div>
            {move || failed.get().map(|e| view! { <p class="map-error" role="alert">{tf("map.failed", &[("error", &e)])}</p> })}
        </div>
    }
}

/// Creates the map once the div is in the document.
fn create_when_mounted(
    node: NodeRef<Div>,
    mounted: &SharedMap,
    setup: MapSetup,
    map_ref: MapRef,
    ready: RwSignal<bool>,
    failed: RwSignal<Option<String>>,
) {
    let mounted = Rc::clone(mounted);
    Effect::new(move |_| {
        let Some(div) = node.get() else { return };
        if mounted.borrow().is_some() {
            return;
        }
        match Mounted::create(&div, &setup) {
            Ok(state) => {
                if let Some(map_ref) = map_ref {
                    map_ref.set_value(Some(state.map.clone()));
                }
                *mounted.borrow_mut() = Some(state);
                ready.set(true);
            }
            Err(e) => failed.set(Some(e)),
        }
    });
}

/// Draws the areas, and redraws them when they change.
fn redraw_areas(
    mounted: &SharedMap,
    ready: RwSignal<bool>,
    areas: Signal<Vec<MapArea>>,
    highlighted: Signal<Option<i64>>,
    fit_to_areas: bool,
    on_area_select: Option<Callback<i64>>,
    on_open_request: Option<Callback<i64>>,
) {
    let mounted = Rc::clone(mounted);
    Effect::new(move |_| {
        let areas = areas.get();
        if !ready.get() {
            return;
        }
        let highlighted = highlighted.get_untracked();
        if let Some(state) = mounted.borrow_mut().as_mut() {
            draw_areas(state, &areas, highlighted, on_area_select, on_open_request);
            if fit_to_areas {
                fit_areas(state, &areas);
            }
        }
    });
}

/// Draws the markers, and redraws them when they change.
fn redraw_markers(mounted: &SharedMap, ready: RwSignal<bool>, markers: Signal<Vec<MapMarker>>, fit: bool) {
    let mounted = Rc::clone(mounted);
    Effect::new(move |_| {
        let markers = markers.get();
        if !ready.get() {
            return;
        }
        if let Some(state) = mounted.borrow().as_ref() {
            draw_markers(state, &markers);
            if fit {
                fit_markers(state, &markers);
            }
        }
    });
}

/// Draws the grid cells, and redraws them when they change.
fn redraw_cells(mounted: &SharedMap, ready: RwSignal<bool>, cells: Signal<Vec<GridCell>>) {
    let mounted = Rc::clone(mounted);
    Effect::new(move |_| {
        let cells = cells.get();
        if !ready.get() {
            return;
        }
        if let Some(state) = mounted.borrow_mut().as_mut() {
            draw_cells(state, &cells);
        }
    });
}

/// Emphasises the highlighted area (and restyles the one that was).
fn emphasise_highlighted(mounted: &SharedMap, ready: RwSignal<bool>, highlighted: Signal<Option<i64>>) {
    let mounted = Rc::clone(mounted);
    Effect::new(move |previous: Option<Option<i64>>| {
        let current = highlighted.get();
        if ready.get() {
            if let Some(state) = mounted.borrow().as_ref() {
                for id in [previous.flatten(), current].into_iter().flatten() {
                    if let Some(drawn) = state.polygons.get(&id) {
                        style_polygon(&drawn.polygon, drawn.resolved, Some(id) == current);
                    }
                }
            }
        }
        current
    });
}

/// "My location": asks the browser where the user is, each time `locate` changes.
fn locate_on_request(mounted: &SharedMap, locate: Signal<u32>) {
    let mounted = Rc::clone(mounted);
    Effect::new(move |previous: Option<u32>| {
        let count = locate.get();
        if previous.is_some_and(|p| p != count) {
            if let Some(state) = mounted.borrow().as_ref() {
                let mut options = LocateOptions::new();
                options.set_view(true).max_zoom(16.0).timeout(15_000.0);
                state.map.locate_with_options(&options);
            }
        }
        count
    });
}

/// Removes the map (and every listener) when the component goes.
fn remove_on_cleanup(mounted: &SharedMap, map_ref: MapRef) {
    let cleanup = SendWrapper::new(Rc::clone(mounted));
    on_cleanup(move || {
        if let Some(state) = cleanup.borrow_mut().take() {
            state.remove();
        }
        if let Some(map_ref) = map_ref {
            map_ref.try_set_value(None);
        }
    });
}

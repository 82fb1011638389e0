//! `MapView`: one Leaflet map inside a `NodeRef<Div>`, created once the div is mounted
//! and removed on cleanup. Every listener is an `EventedHandle` that unregisters when
//! dropped, so mounting and unmounting leaks nothing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leaflet::{
    Canvas, CircleMarker, Evented, EventedHandle, LatLng, LatLngBounds, Layer, LayerGroup, LocateOptions, Map,
    MapOptions, MouseEvent, Path, PathOptions, Polygon, PolylineOptions, TileLayer, TileLayerOptions,
};
use leptos::html::Div;
use leptos::prelude::*;
use porchlight_domain::wire::{GeoJsonPolygon, GridCell, MapView as View, PublishedRequest, RequestStatus};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::map::convert::{bounds_to_bbox, ring_to_lat_lngs};
use crate::routes::request_href;

/// One request area to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    pub id: i64,
    pub title: String,
    pub resolved: bool,
    pub area: GeoJsonPolygon,
    /// A published request, whose popup gives its status and links to its page; a
    /// draft, a submission or a rejected one has neither (its popup is the title).
    pub published: bool,
}

impl MapArea {
    /// The area of a published request.
    pub fn from_request(request: &PublishedRequest) -> MapArea {
        MapArea {
            id: request.id,
            title: request.title.clone(),
            resolved: request.status == RequestStatus::Resolved,
            area: request.area.clone(),
            published: true,
        }
    }
}

/// A point to mark (an agency's jurisdiction centre, a group of requests), drawn as a
/// circle with a popup that links to `href`.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarker {
    pub lat: f64,
    pub lng: f64,
    /// The popup's heading.
    pub title: String,
    /// A line under the heading ("12 requests").
    pub detail: String,
    /// The popup's link, and its text.
    pub href: String,
    pub link_text: String,
    /// Radius in screen pixels.
    pub radius: f64,
}

/// Where the map looks after the user panned or zoomed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewChange {
    /// `[west, south, east, north]`.
    pub bbox: [f64; 4],
    pub view: View,
}

/// The Leaflet state of one mounted map.
struct Mounted {
    map: Map,
    areas: LayerGroup,
    markers: LayerGroup,
    /// Counts per grid cell, drawn instead of areas when a view holds too many.
    cells: LayerGroup,
    cell_handles: Vec<EventedHandle<MouseEvent>>,
    renderer: Canvas,
    polygons: HashMap<i64, DrawnArea>,
    _handles: Vec<EventedHandle<leaflet::Event>>,
    /// Tells Leaflet when the container's size changes (it only measures at creation,
    /// when a freshly rendered container may still be 0×0).
    resize: Option<SizeWatch>,
    /// Bounds to fit once the container has a size (fitting a 0×0 map zooms to the max).
    pending_fit: Rc<RefCell<Option<LatLngBounds>>>,
}

/// A `ResizeObserver` on the map's container and its callback.
type SizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// One drawn area and the listeners that go with it (unregistered when dropped).
struct DrawnArea {
    polygon: Polygon,
    resolved: bool,
    _click: EventedHandle<MouseEvent>,
    _link: Option<LinkListener>,
}

/// A click listener on the popup's link.
struct LinkListener {
    link: web_sys::Element,
    closure: Closure<dyn FnMut(web_sys::MouseEvent)>,
}

impl Drop for LinkListener {
    fn drop(&mut self) {
        let _ = self.link.remove_event_listener_with_callback("click", self.closure.as_ref().unchecked_ref());
    }
}

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
    let mounted: Rc<RefCell<Option<Mounted>>> = Rc::new(RefCell::new(None));
    let ready = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);

    // Create the map once the div is in the document.
    {
        let mounted = Rc::clone(&mounted);
        let tile_url = tile_url.clone();
        Effect::new(move |_| {
            let Some(div) = node.get() else { return };
            if mounted.borrow().is_some() {
                return;
            }
            match create_map(&div, initial, tile_url.as_deref(), &attribution, on_view_change, on_locate_error) {
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

    // Draw the areas (and redraw when they change).
    {
        let mounted = Rc::clone(&mounted);
        Effect::new(move |_| {
            let areas = areas.get();
            if !ready.get() {
                return;
            }
            let highlighted = highlighted.get_untracked();
            if let Some(state) = mounted.borrow_mut().as_mut() {
                draw_areas(state, &areas, highlighted, on_area_select, on_open_request);
                if fit_to_areas {
                    fit(state, &areas);
                }
            }
        });
    }

    // Draw the markers (and redraw when they change).
    {
        let mounted = Rc::clone(&mounted);
        Effect::new(move |_| {
            let markers = markers.get();
            if !ready.get() {
                return;
            }
            if let Some(state) = mounted.borrow().as_ref() {
                draw_markers(state, &markers);
                if fit_to_markers {
                    fit_markers(state, &markers);
                }
            }
        });
    }

    // Draw the grid cells (and redraw when they change).
    {
        let mounted = Rc::clone(&mounted);
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

    // Emphasise the highlighted area.
    {
        let mounted = Rc::clone(&mounted);
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

    // "My location".
    {
        let mounted = Rc::clone(&mounted);
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

    let cleanup = SendWrapper::new(Rc::clone(&mounted));
    on_cleanup(move || {
        if let Some(state) = cleanup.borrow_mut().take() {
            let Mounted { map, areas, markers, cells, cell_handles, polygons, _handles, resize, .. } = state;
            if let Some((observer, closure)) = resize {
                observer.disconnect();
                drop(closure);
            }
            drop(polygons);
            drop(cell_handles);
            drop(_handles);
            areas.clear_layers();
            markers.clear_layers();
            cells.clear_layers();
            map.stop_locate();
            map.off_all();
            map.remove();
        }
        if let Some(map_ref) = map_ref {
            map_ref.try_set_value(None);
        }
    });

    view! {
        <div class=format!("map-view-wrap {class}")>
            <div
                class="map-view"
                node_ref=node
                role="region"
                aria-label=label.unwrap_or_else(|| "Map".to_owned())
                data-testid="map"
            ></div>
            {move || failed.get().map(|e| view! { <p class="map-error" role="alert">"The map could not be shown: " {e}</p> })}
        </div>
    }
}

fn create_map(
    div: &web_sys::HtmlDivElement,
    initial: View,
    tile_url: Option<&str>,
    attribution: &str,
    on_view_change: Option<Callback<ViewChange>>,
    on_locate_error: Option<Callback<String>>,
) -> Result<Mounted, String> {
    let options = MapOptions::new();
    options.set_center(LatLng::new(initial.lat, initial.lng));
    options.set_zoom(initial.zoom);
    let map = Map::new_with_element(div, &options).map_err(|e| format!("{e:?}"))?;
    if let Some(url) = tile_url {
        let tile_options = TileLayerOptions::new();
        tile_options.set_attribution(attribution.to_owned());
        tile_options.set_max_zoom(19.0);
        TileLayer::new_options(url, &tile_options).add_to(&map);
    }
    let areas = LayerGroup::new();
    areas.add_to(&map);
    let markers = LayerGroup::new();
    markers.add_to(&map);
    let cells = LayerGroup::new();
    cells.add_to(&map);
    let renderer = Canvas::new();

    let mut handles = Vec::new();
    let report: Rc<dyn Fn()> = {
        let map = map.clone();
        Rc::new(move || {
            if let Some(callback) = on_view_change {
                let centre = map.get_center();
                callback.run(ViewChange {
                    bbox: bounds_to_bbox(&map.get_bounds()),
                    view: View { lat: centre.lat(), lng: centre.lng(), zoom: map.get_zoom() },
                });
            }
        })
    };
    {
        let report = Rc::clone(&report);
        handles.push(Evented::on_leaflet_event(&&map, "moveend", move |_: leaflet::Event| report()));
    }
    // The first view is reported once the container has its real size; later size
    // changes make Leaflet fire `moveend` itself.
    let pending_fit: Rc<RefCell<Option<LatLngBounds>>> = Rc::new(RefCell::new(None));
    let resize = {
        let map = map.clone();
        let pending_fit = Rc::clone(&pending_fit);
        let mut reported = false;
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            map.invalidate_size(false);
            let size = map.get_size();
            if size.x() > 0.0 && size.y() > 0.0 {
                if let Some(bounds) = pending_fit.borrow_mut().take() {
                    fit_bounds(&map, &bounds);
                }
            }
            if !reported && size.x() > 0.0 && size.y() > 0.0 {
                reported = true;
                report();
            }
        });
        web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok().map(|observer| {
            observer.observe(div);
            (observer, closure)
        })
    };
    if let Some(callback) = on_locate_error {
        handles.push(Evented::on_leaflet_event(&&map, "locationerror", move |e: leaflet::Event| {
            let message = js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "Your location is not available.".to_owned());
            callback.run(message);
        }));
    }
    Ok(Mounted {
        map,
        areas,
        markers,
        cells,
        cell_handles: Vec::new(),
        renderer,
        polygons: HashMap::new(),
        _handles: handles,
        resize,
        pending_fit,
    })
}

fn draw_areas(
    state: &mut Mounted,
    areas: &[MapArea],
    highlighted: Option<i64>,
    on_select: Option<Callback<i64>>,
    on_open: Option<Callback<i64>>,
) {
    state.areas.clear_layers();
    state.polygons.clear();
    for area in areas {
        let Some(ring) = area.area.coordinates.first() else {
            continue;
        };
        let options = PolylineOptions::new();
        options.set_renderer(state.renderer.clone().into());
        // Marks our layers for tests and tooling that walk the map's layers.
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("requestId"), &JsValue::from_f64(area.id as f64));
        let polygon = Polygon::new_with_options(&ring_to_lat_lngs(ring), &options);
        style_polygon(&polygon, area.resolved, Some(area.id) == highlighted);
        let layer: &Layer = polygon.unchecked_ref();
        let (content, link) = popup_content(area);
        layer.bind_popup_with_options(&content.into(), &JsValue::UNDEFINED);
        let id = area.id;
        let link_listener = match (link, on_open) {
            (Some(link), Some(on_open)) => {
                let closure = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                    // New tab, new window and the like stay with the browser.
                    if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                        ev.prevent_default();
                        on_open.run(id);
                    }
                });
                let _ = link.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
                Some(LinkListener { link, closure })
            }
            _ => None,
        };
        state.areas.add_layer(layer);
        let handle = Evented::on_leaflet_event(&&polygon, "click", move |_: MouseEvent| {
            if let Some(callback) = on_select {
                callback.run(id);
            }
        });
        state
            .polygons
            .insert(area.id, DrawnArea { polygon, resolved: area.resolved, _click: handle, _link: link_listener });
    }
}

fn draw_markers(state: &Mounted, markers: &[MapMarker]) {
    state.markers.clear_layers();
    for marker in markers {
        let options = PathOptions::new();
        options.set_renderer(state.renderer.clone().into());
        options.set_color("#1d4ed8".to_owned());
        options.set_fill_color("#3b82f6".to_owned());
        options.set_fill_opacity(0.55);
        options.set_weight(1.5);
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("radius"), &JsValue::from_f64(marker.radius));
        let circle = CircleMarker::new_with_options(&LatLng::new(marker.lat, marker.lng), &options);
        let layer: &Layer = circle.unchecked_ref();
        layer.bind_popup_with_options(&marker_popup(marker).into(), &JsValue::UNDEFINED);
        state.markers.add_layer(layer);
    }
}

fn fit_markers(state: &Mounted, markers: &[MapMarker]) {
    let points: js_sys::Array = markers.iter().map(|m| JsValue::from(LatLng::new(m.lat, m.lng))).collect();
    if points.length() == 0 {
        return;
    }
    let bounds = LatLngBounds::new_from_list(&points);
    // About 2 km around each marker, so that one agency (a point) does not send the map
    // to its maximum zoom.
    let margin = 0.02;
    let south_west = bounds.get_south_west();
    let north_east = bounds.get_north_east();
    bounds.extend(&LatLng::new(south_west.lat() - margin, south_west.lng() - margin));
    bounds.extend(&LatLng::new(north_east.lat() + margin, north_east.lng() + margin));
    let size = state.map.get_size();
    if size.x() > 0.0 && size.y() > 0.0 {
        fit_bounds(&state.map, &bounds);
    } else {
        *state.pending_fit.borrow_mut() = Some(bounds);
    }
}

/// A marker's popup, built as DOM nodes like [`popup_content`].
fn marker_popup(marker: &MapMarker) -> web_sys::Element {
    let document = document();
    let root = document.create_element("div").expect("create div");
    root.set_class_name("area-popup");
    if let Ok(title) = document.create_element("strong") {
        title.set_text_content(Some(&marker.title));
        let _ = root.append_child(&title);
    }
    if let Ok(detail) = document.create_element("span") {
        detail.set_class_name("area-popup-status");
        detail.set_text_content(Some(&marker.detail));
        let _ = root.append_child(&detail);
    }
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &marker.href);
        link.set_text_content(Some(&marker.link_text));
        let _ = root.append_child(&link);
    }
    root
}

/// Numbered circles, one per non-empty cell, sized by their count; a click zooms in
/// on the cell.
fn draw_cells(state: &mut Mounted, cells: &[GridCell]) {
    state.cells.clear_layers();
    state.cell_handles.clear();
    for cell in cells {
        let centre = LatLng::new(cell.center.lat, cell.center.lng);
        let options = PathOptions::new();
        options.set_renderer(state.renderer.clone().into());
        let all_resolved = cell.open == 0;
        options.set_color(if all_resolved { "#4b5563" } else { "#c2410c" }.to_owned());
        options.set_fill_color(if all_resolved { "#4b5563" } else { "#c2410c" }.to_owned());
        options.set_fill_opacity(0.35);
        options.set_weight(2.0);
        let radius = 10.0 + 4.0 * (cell.count as f64).log10();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("radius"), &JsValue::from_f64(radius));
        let marker = CircleMarker::new_with_options(&centre, &options);
        let layer: &Layer = marker.unchecked_ref();
        let label = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&label, &JsValue::from_str("permanent"), &JsValue::TRUE);
        let _ = js_sys::Reflect::set(&label, &JsValue::from_str("direction"), &JsValue::from_str("center"));
        let _ = js_sys::Reflect::set(&label, &JsValue::from_str("className"), &JsValue::from_str("cell-count"));
        // The leaflet crate's `bind_tooltip_with_content` names a JS method that does
        // not exist (`bindTooltipWithContent`); call Leaflet's `bindTooltip` itself.
        if let Ok(bind) = js_sys::Reflect::get(layer, &JsValue::from_str("bindTooltip")) {
            if let Some(bind) = bind.dyn_ref::<js_sys::Function>() {
                let _ = bind.call2(layer, &JsValue::from_str(&cell.count.to_string()), &label);
            }
        }
        state.cells.add_layer(layer);
        let [west, south, east, north] = cell.bbox;
        let map = state.map.clone();
        state.cell_handles.push(Evented::on_leaflet_event(&&marker, "click", move |_: MouseEvent| {
            let bounds = LatLngBounds::new(&LatLng::new(south, west), &LatLng::new(north, east));
            map.fit_bounds(&bounds);
        }));
    }
}

fn fit(state: &Mounted, areas: &[MapArea]) {
    let mut bounds: Option<LatLngBounds> = None;
    for drawn in areas.iter().filter_map(|a| state.polygons.get(&a.id)) {
        let b = drawn.polygon.get_bounds();
        match &bounds {
            Some(all) => {
                all.extend_with_bounds(&b);
            }
            None => bounds = Some(b),
        }
    }
    if let Some(bounds) = bounds {
        let size = state.map.get_size();
        if size.x() > 0.0 && size.y() > 0.0 {
            fit_bounds(&state.map, &bounds);
        } else {
            *state.pending_fit.borrow_mut() = Some(bounds);
        }
    }
}

fn fit_bounds(map: &Map, bounds: &LatLngBounds) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("padding"), &js_sys::Array::of2(&20.into(), &20.into()));
    map.fit_bounds_with_options(bounds, &options);
}

/// Open areas: solid orange outline; resolved: dashed grey (so colour is not the only
/// difference). The highlighted one is thicker and blue.
fn style_polygon(polygon: &Polygon, resolved: bool, highlighted: bool) {
    let style = PathOptions::new();
    let (color, fill) = match (highlighted, resolved) {
        (true, _) => ("#1d4ed8", 0.4),
        (false, false) => ("#c2410c", 0.25),
        (false, true) => ("#4b5563", 0.12),
    };
    style.set_color(color.to_owned());
    style.set_fill_color(color.to_owned());
    style.set_fill_opacity(fill);
    style.set_weight(if highlighted { 5.0 } else { 2.0 });
    style.set_dash_array(if resolved { "6 4".to_owned() } else { String::new() });
    let path: &Path = polygon.unchecked_ref();
    path.set_style(&style);
    if highlighted {
        path.bring_to_front();
    }
}

/// The popup: the title, the status and a link to the request page, built as DOM
/// nodes (never HTML strings, so a title cannot inject markup). Returns the link too.
fn popup_content(area: &MapArea) -> (web_sys::Element, Option<web_sys::Element>) {
    let document = document();
    let root = document.create_element("div").expect("create div");
    root.set_class_name("area-popup");
    if let Ok(title) = document.create_element("strong") {
        title.set_text_content(Some(&area.title));
        let _ = root.append_child(&title);
    }
    if !area.published {
        return (root, None);
    }
    if let Ok(status) = document.create_element("span") {
        status.set_class_name("area-popup-status");
        status.set_text_content(Some(if area.resolved { "Resolved" } else { "Open" }));
        let _ = root.append_child(&status);
    }
    let link = document.create_element("a").ok();
    if let Some(link) = &link {
        let _ = link.set_attribute("href", &request_href(area.id));
        link.set_text_content(Some("View request"));
        let _ = root.append_child(link);
    }
    (root, link)
}

//! The Leaflet state of one mounted `MapView`: the map, its layer groups and every
//! listener, created once the container is in the document and torn down on cleanup.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leaflet::{Canvas, Evented, EventedHandle, LatLng, LatLngBounds, LayerGroup, Map, MapOptions, MouseEvent};
use leaflet::{TileLayer, TileLayerOptions};
use leptos::prelude::*;
use porchlight_domain::wire::MapView as View;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::area_layer::DrawnArea;
use super::convert::bounds_to_bbox;
use super::fit::fit_bounds;
use super::view_change::ViewChange;
use crate::i18n::t;

/// The mounted map, shared by the component's effects (`None` until created and after
/// cleanup).
pub(super) type SharedMap = Rc<RefCell<Option<Mounted>>>;

/// The Leaflet state of one mounted map.
pub(super) struct Mounted {
    pub(super) map: Map,
    pub(super) areas: LayerGroup,
    pub(super) markers: LayerGroup,
    /// Counts per grid cell, drawn instead of areas when a view holds too many.
    pub(super) cells: LayerGroup,
    pub(super) cell_handles: Vec<EventedHandle<MouseEvent>>,
    pub(super) renderer: Canvas,
    pub(super) polygons: HashMap<i64, DrawnArea>,
    handles: Vec<EventedHandle<leaflet::Event>>,
    /// Tells Leaflet when the container's size changes (it only measures at creation,
    /// when a freshly rendered container may still be 0×0).
    resize: Option<SizeWatch>,
    /// Bounds to fit once the container has a size (fitting a 0×0 map zooms to the max).
    pub(super) pending_fit: Rc<RefCell<Option<LatLngBounds>>>,
}

/// A `ResizeObserver` on the map's container and its callback.
type SizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// What the map is created with.
pub(super) struct MapSetup {
    pub(super) initial: View,
    pub(super) tile_url: Option<String>,
    pub(super) attribution: String,
    pub(super) on_view_change: Option<Callback<ViewChange>>,
    pub(super) on_locate_error: Option<Callback<String>>,
}

impl Mounted {
    /// Creates the map in `div`, with its tiles, layer groups and listeners.
    pub(super) fn create(div: &web_sys::HtmlDivElement, setup: &MapSetup) -> Result<Mounted, String> {
        let options = MapOptions::new();
        options.set_center(LatLng::new(setup.initial.lat, setup.initial.lng));
        options.set_zoom(setup.initial.zoom);
        let map = Map::new_with_element(div, &options).map_err(|e| format!("{e:?}"))?;
        if let Some(url) = &setup.tile_url {
            let tile_options = TileLayerOptions::new();
            tile_options.set_attribution(setup.attribution.clone());
            tile_options.set_max_zoom(19.0);
            TileLayer::new_options(url, &tile_options).add_to(&map);
        }
        let group = || {
            let group = LayerGroup::new();
            group.add_to(&map);
            group
        };
        let (areas, markers, cells) = (group(), group(), group());

        let report = view_reporter(&map, setup.on_view_change);
        let mut handles = Vec::new();
        {
            let report = Rc::clone(&report);
            handles.push(Evented::on_leaflet_event(&&map, "moveend", move |_: leaflet::Event| report()));
        }
        let pending_fit: Rc<RefCell<Option<LatLngBounds>>> = Rc::new(RefCell::new(None));
        let resize = watch_size(div, &map, Rc::clone(&pending_fit), report);
        if let Some(callback) = setup.on_locate_error {
            handles.push(on_locate_error(&map, callback));
        }
        Ok(Mounted {
            map,
            areas,
            markers,
            cells,
            cell_handles: Vec::new(),
            renderer: Canvas::new(),
            polygons: HashMap::new(),
            handles,
            resize,
            pending_fit,
        })
    }

    /// Unregisters every listener, empties the layers and removes the map.
    pub(super) fn remove(self) {
        let Mounted { map, areas, markers, cells, cell_handles, polygons, handles, resize, .. } = self;
        if let Some((observer, closure)) = resize {
            observer.disconnect();
            drop(closure);
        }
        drop(polygons);
        drop(cell_handles);
        drop(handles);
        areas.clear_layers();
        markers.clear_layers();
        cells.clear_layers();
        map.stop_locate();
        map.off_all();
        map.remove();
    }
}

/// Reports where the map looks to `on_view_change`, if any.
fn view_reporter(map: &Map, on_view_change: Option<Callback<ViewChange>>) -> Rc<dyn Fn()> {
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
}

/// Watches the container's size: the first view is reported once the container has its
/// real size (later size changes make Leaflet fire `moveend` itself), and a fit asked
/// for while it was 0×0 happens then.
fn watch_size(
    div: &web_sys::HtmlDivElement,
    map: &Map,
    pending_fit: Rc<RefCell<Option<LatLngBounds>>>,
    report: Rc<dyn Fn()>,
) -> Option<SizeWatch> {
    let map = map.clone();
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
}

/// Passes why Leaflet's `locationerror` happened, in the reader's language, to
/// `callback` (from the error's `code`: the browser's message is in its own language).
fn on_locate_error(map: &Map, callback: Callback<String>) -> EventedHandle<leaflet::Event> {
    Evented::on_leaflet_event(&map, "locationerror", move |e: leaflet::Event| {
        let code = js_sys::Reflect::get(&e, &JsValue::from_str("code")).ok().and_then(|c| c.as_f64());
        // GeolocationPositionError: 1 permission denied, 3 timeout (2: unavailable).
        let key = match code {
            Some(1.0) => "map.locate_denied",
            Some(3.0) => "map.locate_timeout",
            _ => "map.locate_unavailable",
        };
        callback.run(t(key));
    })
}

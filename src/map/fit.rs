//! Fitting the view to what is drawn, once the map has a size.

use leaflet::{LatLngBounds, Map};
use wasm_bindgen::JsValue;

use super::map_area::MapArea;
use super::mounted::Mounted;

/// Fits the view to the drawn polygons of `areas`.
pub(super) fn fit_areas(state: &Mounted, areas: &[MapArea]) {
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
        fit_when_sized(state, bounds);
    }
}

/// Fits `bounds` now if the map has a size, else once it has one (fitting a 0×0 map
/// zooms to the maximum).
pub(super) fn fit_when_sized(state: &Mounted, bounds: LatLngBounds) {
    let size = state.map.get_size();
    if size.x() > 0.0 && size.y() > 0.0 {
        fit_bounds(&state.map, &bounds);
    } else {
        *state.pending_fit.borrow_mut() = Some(bounds);
    }
}

/// Fits `bounds` with 20 px of padding.
pub(super) fn fit_bounds(map: &Map, bounds: &LatLngBounds) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("padding"), &js_sys::Array::of2(&20.into(), &20.into()));
    map.fit_bounds_with_options(bounds, &options);
}

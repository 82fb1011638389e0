//! The few Leaflet members the `leaflet` crate does not bind. The drawing tool itself is
//! Porchlight's own (`draw_area.rs`), on plain Leaflet: no plugin.

use leaflet::{Handler, Map};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A Leaflet `L.Map` seen through the members bound here.
    type MapHandlers;

    #[wasm_bindgen(method, getter, js_name = doubleClickZoom)]
    fn double_click_zoom(this: &MapHandlers) -> Handler;
}

/// `map.doubleClickZoom`: switched off while drawing, so that quick clicks add corners
/// instead of zooming.
pub fn double_click_zoom(map: &Map) -> Handler {
    map.unchecked_ref::<MapHandlers>().double_click_zoom()
}

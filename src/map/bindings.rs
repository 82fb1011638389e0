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

#[wasm_bindgen]
extern "C" {
    /// `L.DivIcon`: a marker drawn as a plain `<div>` styled by CSS. (The `leaflet`
    /// crate's `DivIcon` constructs an `L.Icon`, which throws without an image URL.)
    #[derive(Debug, Clone)]
    #[wasm_bindgen(extends = leaflet::Icon, js_namespace = L, js_name = DivIcon)]
    pub type CssIcon;

    #[wasm_bindgen(constructor, js_namespace = L, js_class = DivIcon)]
    pub fn new(options: &leaflet::DivIconOptions) -> CssIcon;
}

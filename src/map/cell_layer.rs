//! Grid cells on the map: what it draws instead of areas when a view holds too many
//! requests — one numbered circle per non-empty cell.

use leaflet::{CircleMarker, Evented, LatLng, LatLngBounds, Layer, MouseEvent, PathOptions};
use porchlight_domain::wire::GridCell;
use wasm_bindgen::{JsCast, JsValue};

use super::mounted::Mounted;
use crate::i18n::number;

/// Replaces the drawn cells with `cells`: numbered circles sized by their count; a
/// click zooms in on the cell.
pub(super) fn draw_cells(state: &mut Mounted, cells: &[GridCell]) {
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
        bind_count(layer, cell.count);
        state.cells.add_layer(layer);
        let [west, south, east, north] = cell.bbox;
        let map = state.map.clone();
        state.cell_handles.push(Evented::on_leaflet_event(&&marker, "click", move |_: MouseEvent| {
            let bounds = LatLngBounds::new(&LatLng::new(south, west), &LatLng::new(north, east));
            map.fit_bounds(&bounds);
        }));
    }
}

/// Shows `count` (written the reader's way) in the middle of the circle, as a
/// permanent tooltip.
fn bind_count(layer: &Layer, count: u64) {
    let label = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&label, &JsValue::from_str("permanent"), &JsValue::TRUE);
    let _ = js_sys::Reflect::set(&label, &JsValue::from_str("direction"), &JsValue::from_str("center"));
    let _ = js_sys::Reflect::set(&label, &JsValue::from_str("className"), &JsValue::from_str("cell-count"));
    // The leaflet crate's `bind_tooltip_with_content` names a JS method that does
    // not exist (`bindTooltipWithContent`); call Leaflet's `bindTooltip` itself.
    if let Ok(bind) = js_sys::Reflect::get(layer, &JsValue::from_str("bindTooltip")) {
        if let Some(bind) = bind.dyn_ref::<js_sys::Function>() {
            let _ = bind.call2(layer, &JsValue::from_str(&number(count as f64)), &label);
        }
    }
}

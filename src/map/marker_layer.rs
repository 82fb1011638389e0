//! Markers on the map: a circle per point with a popup linking to its page.

use leaflet::{CircleMarker, LatLng, LatLngBounds, Layer, PathOptions};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::fit::fit_when_sized;
use super::map_marker::MapMarker;
use super::mounted::Mounted;

/// Replaces the drawn markers with `markers`.
pub(super) fn draw_markers(state: &Mounted, markers: &[MapMarker]) {
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

/// Fits the view to the markers, with a margin.
pub(super) fn fit_markers(state: &Mounted, markers: &[MapMarker]) {
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
    fit_when_sized(state, bounds);
}

/// A marker's popup, built as DOM nodes (never HTML strings) like an area's.
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

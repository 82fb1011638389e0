//! Request areas on the map: one polygon per area on the Canvas renderer, each with a
//! popup and a click listener, restyled when highlighted.

use leaflet::{Evented, EventedHandle, Layer, MouseEvent, Path, PathOptions, Polygon, PolylineOptions};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::convert::ring_to_lat_lngs;
use super::map_area::MapArea;
use super::mounted::Mounted;
use crate::i18n::t;
use crate::routes::request_href;

/// One drawn area and the listeners that go with it (unregistered when dropped).
pub(super) struct DrawnArea {
    pub(super) polygon: Polygon,
    pub(super) resolved: bool,
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

/// Replaces the drawn areas with `areas`.
pub(super) fn draw_areas(
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
        let link_listener = link.zip(on_open).map(|(link, on_open)| LinkListener::new(link, id, on_open));
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

impl LinkListener {
    /// Opens request `id` in-app on a plain left click of the popup's `link`.
    fn new(link: web_sys::Element, id: i64, on_open: Callback<i64>) -> LinkListener {
        let closure = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            // New tab, new window and the like stay with the browser.
            if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                ev.prevent_default();
                on_open.run(id);
            }
        });
        let _ = link.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
        LinkListener { link, closure }
    }
}

/// Open areas: solid orange outline; resolved: dashed grey (so colour is not the only
/// difference). The highlighted one is thicker and blue.
pub(super) fn style_polygon(polygon: &Polygon, resolved: bool, highlighted: bool) {
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
        status.set_text_content(Some(&t(if area.resolved { "status.resolved" } else { "status.open" })));
        let _ = root.append_child(&status);
    }
    let link = document.create_element("a").ok();
    if let Some(link) = &link {
        let _ = link.set_attribute("href", &request_href(area.id));
        link.set_text_content(Some(&t("map.popup_link")));
        let _ = root.append_child(link);
    }
    (root, link)
}

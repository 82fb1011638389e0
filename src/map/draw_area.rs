//! `DrawArea`: Porchlight's own drawing tool on plain Leaflet (no plugin). Polygon
//! (click corners, close on the first corner or "Finish shape"), rectangle (two opposite
//! corners), circle (centre, then a point on the edge; a geodesic circle stored as a
//! polygon). Afterwards corners can be dragged, added (the square midpoint handles) and removed
//! (double-click or right-click). A ring that crosses itself is flagged while drawing
//! and dragging, through the domain's own check.
//!
//! The drawn ring lives in one signal (`ring`), the form's source of truth: the tool
//! writes it when a shape is finished or edited and redraws whenever it changes, also
//! when the keyboard path or a restored draft sets it. Every Leaflet listener is an
//! `EventedHandle` that unregisters when dropped; structural redraws happen in effects,
//! never inside a listener (that would drop the closure that is running).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use leaflet::{
    DivIconOptions, Evented, EventedHandle, Layer, LayerGroup, Map, Marker, MarkerOptions, MouseEvent, Path,
    PathOptions, Point, Polygon, Polyline, PolylineOptions,
};
use leptos::prelude::*;
use porchlight_domain::wire::GeoJsonPolygon;
use porchlight_domain::{DraftError, RequestArea};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};

use super::bindings::{double_click_zoom, CssIcon};
use super::convert::{lat_lng_to_position, position_to_lat_lng, ring_to_lat_lngs};
use super::shapes::{circle_ring, distance_m, rectangle_ring};
use crate::i18n::t;
use crate::request_form::draft_error_text;

/// The shape being drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Polygon,
    Rectangle,
    Circle,
}

type Handle = EventedHandle<leaflet::Event>;
type Shared = Rc<RefCell<Option<Engine>>>;

/// The signals the listeners write, plus a weak way back to the engine.
#[derive(Clone)]
struct Ctx {
    tool: RwSignal<Option<Tool>>,
    ring: RwSignal<Option<Vec<[f64; 2]>>>,
    sketch_len: RwSignal<usize>,
    status: RwSignal<String>,
    engine: Weak<RefCell<Option<Engine>>>,
}

impl Ctx {
    /// Runs `f` on the engine unless it is gone or already in use.
    fn with<R>(&self, f: impl FnOnce(&mut Engine) -> R) -> Option<R> {
        let shared = self.engine.upgrade()?;
        let mut guard = shared.try_borrow_mut().ok()?;
        guard.as_mut().map(f)
    }
}

/// The Leaflet state of the tool on one map.
struct Engine {
    map: Map,
    /// The finished shape and its handles.
    shape_layers: LayerGroup,
    shape: Option<Polygon>,
    vertices: Vec<Marker>,
    shape_handles: Vec<Handle>,
    /// The shape being drawn.
    sketch: Vec<[f64; 2]>,
    sketch_layers: LayerGroup,
    preview: Option<Polygon>,
    sketch_handles: Vec<Handle>,
    /// Click and mouse-move on the map, for the engine's lifetime.
    map_handles: Vec<Handle>,
}

/// Would `ring` (open or closed) cross itself? The domain decides.
fn self_intersects(ring: &[[f64; 2]]) -> bool {
    if ring.len() < 4 {
        return false;
    }
    let mut closed = ring.to_vec();
    closed.push(ring[0]);
    RequestArea::errors(&GeoJsonPolygon { coordinates: vec![closed] }).contains(&DraftError::AreaSelfIntersects)
}

fn style(path: &Path, crossing: bool, dashed: bool) {
    let options = PathOptions::new();
    let color = if crossing { "#b91c1c" } else { "#1d4ed8" };
    options.set_color(color.to_owned());
    options.set_fill_color(color.to_owned());
    options.set_fill_opacity(if crossing { 0.3 } else { 0.2 });
    options.set_weight(3.0);
    options.set_dash_array(if crossing || dashed { "6 4".to_owned() } else { String::new() });
    path.set_style(&options);
}

fn handle_icon(class: &str, size: f64) -> CssIcon {
    let options = DivIconOptions::new();
    options.set_class_name(class.to_owned());
    options.set_icon_size(Point::new(size, size));
    CssIcon::new(&options)
}

fn marker(position: [f64; 2], class: &str, size: f64, draggable: bool, title: &str) -> Marker {
    let title = t(title);
    let options = MarkerOptions::new();
    options.set_icon(handle_icon(class, size).unchecked_into());
    options.set_draggable(draggable);
    // Corner handles stay out of the tab order: a 64-corner circle would add 128 tab
    // stops. Keyboard users have the centre-and-radius and GeoJSON fields instead.
    options.set_keyboard(false);
    options.set_title(title);
    Marker::new_with_options(&position_to_lat_lng(position), &options)
}

fn on(marker: &Marker, event: &'static str, f: impl FnMut(leaflet::Event) + 'static) -> Handle {
    Evented::on_leaflet_event(marker, event, f)
}

fn midpoint(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0]
}

impl Engine {
    fn new(map: Map, ctx: &Ctx) -> Engine {
        let shape_layers = LayerGroup::new();
        shape_layers.add_to(&map);
        let sketch_layers = LayerGroup::new();
        sketch_layers.add_to(&map);
        let click = {
            let ctx = ctx.clone();
            Evented::on_leaflet_event(&&map, "click", move |e: leaflet::Event| {
                let position = lat_lng_to_position(&e.unchecked_ref::<MouseEvent>().lat_lng());
                map_clicked(&ctx, position);
            })
        };
        let mouse_move = {
            let ctx = ctx.clone();
            Evented::on_leaflet_event(&&map, "mousemove", move |e: leaflet::Event| {
                let position = lat_lng_to_position(&e.unchecked_ref::<MouseEvent>().lat_lng());
                let tool = ctx.tool.get_untracked();
                ctx.with(|engine| engine.preview_to(tool, position));
            })
        };
        Engine {
            map,
            shape_layers,
            shape: None,
            vertices: Vec::new(),
            shape_handles: Vec::new(),
            sketch: Vec::new(),
            sketch_layers,
            preview: None,
            sketch_handles: Vec::new(),
            map_handles: vec![click, mouse_move],
        }
    }

    /// Forgets the shape being drawn.
    fn clear_sketch(&mut self) {
        self.sketch.clear();
        self.sketch_handles.clear();
        self.sketch_layers.clear_layers();
        self.preview = None;
    }

    /// Redraws the polygon being drawn: its outline and its corners; the first corner
    /// closes the shape once there are three.
    fn redraw_sketch(&mut self, ctx: &Ctx) {
        self.sketch_handles.clear();
        self.sketch_layers.clear_layers();
        self.preview = None;
        let crossing = self_intersects(&self.sketch);
        let line = Polyline::new_with_options(&ring_to_lat_lngs(&self.sketch), &PolylineOptions::new());
        style(line.unchecked_ref(), crossing, true);
        self.sketch_layers.add_layer(line.unchecked_ref());
        for (i, &position) in self.sketch.iter().enumerate() {
            let first = i == 0;
            let class = if first { "draw-vertex draw-sketch-first" } else { "draw-vertex draw-sketch" };
            let title = if first { "draw.handle.close" } else { "draw.handle.corner" };
            let m = marker(position, class, 14.0, false, title);
            self.sketch_layers.add_layer(m.unchecked_ref());
            if first {
                let ctx = ctx.clone();
                self.sketch_handles.push(on(&m, "click", move |_| finish_polygon(&ctx)));
            }
        }
        ctx.status.set(if crossing { draft_error_text(&DraftError::AreaSelfIntersects) } else { String::new() });
    }

    /// The rubber band of a rectangle or circle while the pointer moves.
    fn preview_to(&mut self, tool: Option<Tool>, position: [f64; 2]) {
        let (Some(tool), [first]) = (tool, self.sketch.as_slice()) else {
            return;
        };
        let Some(ring) = shape_from(tool, *first, position) else {
            return;
        };
        let lat_lngs = ring_to_lat_lngs(&ring);
        match &self.preview {
            Some(polygon) => {
                polygon.set_lat_lngs(&lat_lngs);
            }
            None => {
                let polygon = Polygon::new_with_options(&lat_lngs, &PolylineOptions::new());
                style(polygon.unchecked_ref(), false, true);
                self.sketch_layers.add_layer(polygon.unchecked_ref());
                self.preview = Some(polygon);
            }
        }
    }

    /// Shows `ring` as the finished shape, editable when no tool is active.
    fn show_shape(&mut self, ring: Option<&[[f64; 2]]>, editable: bool, ctx: &Ctx) {
        self.shape_handles.clear();
        self.shape_layers.clear_layers();
        self.vertices.clear();
        self.shape = None;
        let Some(ring) = ring.filter(|r| !r.is_empty()) else {
            return;
        };
        let polygon = Polygon::new_with_options(&ring_to_lat_lngs(ring), &PolylineOptions::new());
        style(polygon.unchecked_ref(), self_intersects(ring), false);
        self.shape_layers.add_layer(polygon.unchecked_ref());
        self.shape = Some(polygon);
        if !editable {
            return;
        }
        let n = ring.len();
        for (i, &position) in ring.iter().enumerate() {
            let m = marker(position, "draw-vertex", 14.0, true, "draw.handle.vertex");
            self.shape_layers.add_layer(m.unchecked_ref());
            {
                let ctx = ctx.clone();
                self.shape_handles.push(on(&m, "drag", move |_| {
                    let crossing = ctx.with(|engine| engine.follow_drag()).unwrap_or(false);
                    ctx.status.set(if crossing {
                        draft_error_text(&DraftError::AreaSelfIntersects)
                    } else {
                        String::new()
                    });
                }));
            }
            {
                let ctx = ctx.clone();
                self.shape_handles.push(on(&m, "dragend", move |_| {
                    if let Some(positions) = ctx.with(|engine| engine.vertex_positions()) {
                        ctx.ring.set(Some(positions));
                    }
                }));
            }
            for event in ["dblclick", "contextmenu"] {
                let ctx = ctx.clone();
                self.shape_handles.push(on(&m, event, move |e| {
                    if let Some(original) = js_sys::Reflect::get(&e, &JsValue::from_str("originalEvent"))
                        .ok()
                        .and_then(|o| o.dyn_into::<web_sys::Event>().ok())
                    {
                        original.prevent_default();
                    }
                    remove_vertex(&ctx, i);
                }));
            }
            // The square handle halfway to the next corner adds a corner there.
            let next = ring[(i + 1) % n];
            let mid = marker(midpoint(position, next), "draw-midpoint", 12.0, true, "draw.handle.midpoint");
            self.shape_layers.add_layer(mid.unchecked_ref());
            for event in ["click", "dragend"] {
                let ctx = ctx.clone();
                let handle_ref = mid.clone();
                self.shape_handles.push(on(&mid, event, move |_| {
                    let at = lat_lng_to_position(&handle_ref.get_lat_lng());
                    ctx.ring.update(|r| {
                        if let Some(r) = r {
                            r.insert((i + 1).min(r.len()), at);
                        }
                    });
                }));
            }
            self.vertices.push(m);
        }
    }

    fn vertex_positions(&self) -> Vec<[f64; 2]> {
        self.vertices.iter().map(|m| lat_lng_to_position(&m.get_lat_lng())).collect()
    }

    /// Moves the outline with a dragged corner; true if it now crosses itself.
    fn follow_drag(&mut self) -> bool {
        let positions = self.vertex_positions();
        let crossing = self_intersects(&positions);
        if let Some(shape) = &self.shape {
            shape.set_lat_lngs(&ring_to_lat_lngs(&positions));
            style(shape.unchecked_ref(), crossing, false);
        }
        crossing
    }

    fn fit(&self) {
        if let Some(shape) = &self.shape {
            let options = js_sys::Object::new();
            let padding = js_sys::Array::of2(&24.into(), &24.into());
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str("padding"), &padding);
            self.map.fit_bounds_with_options(&shape.get_bounds(), &options);
        }
    }

    /// Whether the map still exists (its cleanup may have run first).
    fn map_alive(&self) -> bool {
        self.map.has_layer(self.shape_layers.unchecked_ref())
    }

    fn set_drawing(&self, drawing: bool) {
        if !self.map_alive() {
            return;
        }
        let handler = double_click_zoom(&self.map);
        if drawing {
            handler.disable();
        } else {
            handler.enable();
        }
        let _ = self.map.get_container().class_list().toggle_with_force("drawing", drawing);
    }

    fn dispose(mut self) {
        self.map_handles.clear();
        self.sketch_handles.clear();
        self.shape_handles.clear();
        if self.map_alive() {
            self.set_drawing(false);
            let shape_layer: &Layer = self.shape_layers.unchecked_ref();
            shape_layer.remove();
            let sketch_layer: &Layer = self.sketch_layers.unchecked_ref();
            sketch_layer.remove();
        }
    }
}

/// The ring of a rectangle or circle from its first and second click.
fn shape_from(tool: Tool, first: [f64; 2], second: [f64; 2]) -> Option<Vec<[f64; 2]>> {
    match tool {
        Tool::Rectangle => Some(rectangle_ring(first, second)),
        Tool::Circle => Some(circle_ring(first, distance_m(first, second))),
        Tool::Polygon => None,
    }
}

fn map_clicked(ctx: &Ctx, position: [f64; 2]) {
    let Some(tool) = ctx.tool.get_untracked() else {
        return;
    };
    let finished = ctx.with(|engine| match tool {
        Tool::Polygon => {
            engine.sketch.push(position);
            engine.redraw_sketch(ctx);
            ctx.sketch_len.set(engine.sketch.len());
            None
        }
        Tool::Rectangle | Tool::Circle => match engine.sketch.first() {
            Some(&first) => shape_from(tool, first, position),
            None => {
                engine.sketch.push(position);
                ctx.sketch_len.set(1);
                None
            }
        },
    });
    if let Some(ring) = finished.flatten() {
        ctx.ring.set(Some(ring));
        ctx.tool.set(None);
    }
}

fn finish_polygon(ctx: &Ctx) {
    let Some(points) = ctx.with(|engine| engine.sketch.clone()) else {
        return;
    };
    if points.len() < porchlight_domain::MIN_VERTICES {
        ctx.status.set(draft_error_text(&DraftError::AreaTooFewVertices { vertices: points.len() }));
        return;
    }
    ctx.ring.set(Some(points));
    ctx.tool.set(None);
}

fn remove_vertex(ctx: &Ctx, index: usize) {
    let Some(ring) = ctx.ring.get_untracked() else {
        return;
    };
    if ring.len() <= porchlight_domain::MIN_VERTICES {
        let remaining = ring.len().saturating_sub(1);
        ctx.status.set(draft_error_text(&DraftError::AreaTooFewVertices { vertices: remaining }));
        return;
    }
    let mut ring = ring;
    if index < ring.len() {
        ring.remove(index);
    }
    ctx.ring.set(Some(ring));
}

/// The drawing toolbar for the Leaflet map in `map_ref`.
#[component]
pub fn DrawArea(
    /// The map to draw on (filled by `MapView`).
    map_ref: StoredValue<Option<Map>, LocalStorage>,
    /// True once the map exists.
    #[prop(into)]
    ready: Signal<bool>,
    /// The drawn ring, `[lng, lat]`, not closed: read and written.
    ring: RwSignal<Option<Vec<[f64; 2]>>>,
    /// Incremented to move the map to the shape (after typing an area).
    #[prop(optional, into)]
    fit: Signal<u32>,
) -> impl IntoView {
    let tool = RwSignal::new(None::<Tool>);
    let sketch_len = RwSignal::new(0usize);
    let status = RwSignal::new(String::new());
    // Set to move the map to the shape at its next redraw.
    let fit_pending = RwSignal::new(false);
    let shared: Shared = Rc::new(RefCell::new(None));
    let ctx = Ctx { tool, ring, sketch_len, status, engine: Rc::downgrade(&shared) };

    // Start once the map exists.
    {
        let shared = Rc::clone(&shared);
        let ctx = ctx.clone();
        Effect::new(move |_| {
            if !ready.get() || shared.borrow().is_some() {
                return;
            }
            if let Some(map) = map_ref.get_value() {
                *shared.borrow_mut() = Some(Engine::new(map, &ctx));
                // Draw (and go to) what a restored draft or the keyboard path already set.
                fit_pending.set(ring.with_untracked(Option::is_some));
                ring.update(|_| {});
            }
        });
    }

    // A new tool (or none): drop the half-drawn shape.
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            let active = tool.get().is_some();
            ctx.with(|engine| {
                engine.clear_sketch();
                engine.set_drawing(active);
            });
            sketch_len.set(0);
        });
    }

    // Redraw the shape whenever the ring changes (drawn, edited, typed, restored).
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            let current = ring.get();
            let editable = tool.get().is_none();
            let fit_now = fit_pending.get_untracked() && current.is_some();
            let drawn = ctx.with(|engine| {
                engine.show_shape(current.as_deref(), editable, &ctx);
                if fit_now {
                    engine.fit();
                }
            });
            if drawn.is_some() && fit_now {
                fit_pending.set(false);
            }
            if current.as_ref().is_some_and(|r| !self_intersects(r)) {
                status.set(String::new());
            } else if current.as_ref().is_some_and(|r| self_intersects(r)) {
                status.set(draft_error_text(&DraftError::AreaSelfIntersects));
            }
        });
    }

    // Go to the shape when asked.
    {
        Effect::new(move |previous: Option<u32>| {
            let count = fit.get();
            if previous.is_some_and(|p| p != count) {
                fit_pending.set(true);
                ring.update(|_| {});
            }
            count
        });
    }

    let cleanup = SendWrapper::new(Rc::clone(&shared));
    on_cleanup(move || {
        if let Some(engine) = cleanup.borrow_mut().take() {
            engine.dispose();
        }
    });

    let start = move |t: Tool| {
        status.set(String::new());
        tool.set(Some(t));
    };
    let finish_ctx = ctx.clone();
    let hint = move || {
        t(match tool.get() {
            Some(Tool::Polygon) => "draw.hint.polygon",
            Some(Tool::Rectangle) => "draw.hint.rectangle",
            Some(Tool::Circle) => "draw.hint.circle",
            None if ring.with(|r| r.is_some()) => "draw.hint.edit",
            None => "draw.hint.choose",
        })
    };
    let tool_button = move |which: Tool, label: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                class="button secondary"
                data-testid=testid
                aria-pressed=move || (tool.get() == Some(which)).to_string()
                on:click=move |_| start(which)
            >
                {t(label)}
            </button>
        }
    };

    view! {
        <div class="draw-tools" role="toolbar" aria-label=t("draw.toolbar")>
            {tool_button(Tool::Polygon, "draw.tool.polygon", "draw-polygon")}
            {tool_button(Tool::Rectangle, "draw.tool.rectangle", "draw-rectangle")}
            {tool_button(Tool::Circle, "draw.tool.circle", "draw-circle")}
            <button
                type="button"
                class="button secondary"
                data-testid="draw-finish"
                disabled=move || tool.get() != Some(Tool::Polygon) || sketch_len.get() < porchlight_domain::MIN_VERTICES
                on:click=move |_| finish_polygon(&finish_ctx)
            >
                {t("draw.finish")}
            </button>
            <Show when=move || tool.get().is_some()>
                <button type="button" class="button secondary" on:click=move |_| tool.set(None)>
                    {t("draw.cancel")}
                </button>
            </Show>
            <button
                type="button"
                class="button secondary"
                data-testid="draw-clear"
                disabled=move || ring.with(|r| r.is_none())
                on:click=move |_| {
                    tool.set(None);
                    ring.set(None);
                    status.set(String::new());
                }
            >
                {t("draw.clear")}
            </button>
        </div>
        <p class="draw-hint" aria-live="polite">{hint}</p>
        <p class="draw-status" role="status" data-testid="draw-status" class:error=move || !status.get().is_empty()>
            {move || status.get()}
        </p>
    }
}

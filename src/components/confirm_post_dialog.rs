use leaflet::{LatLngBounds, Map};
use leptos::ev::KeyboardEvent;
use leptos::html::Dialog;
use leptos::prelude::*;
use porchlight_domain::moderation::Concern;
use porchlight_domain::wire::{GeoJsonPolygon, MapView as View};
use wasm_bindgen::JsCast;

use crate::components::ConcernList;
use crate::i18n::{t, tf};
use crate::map::convert::position_to_lat_lng;
use crate::map::{MapArea, MapView};

/// The bounds of a `[lng, lat]` ring.
fn ring_bounds(ring: &[[f64; 2]]) -> Option<LatLngBounds> {
    let first = ring.first()?;
    let bounds = LatLngBounds::new(&position_to_lat_lng(*first), &position_to_lat_lng(*first));
    for p in ring {
        bounds.extend(&position_to_lat_lng(*p));
    }
    Some(bounds)
}

/// What the confirmation shows before a request is posted.
#[derive(Debug, Clone, PartialEq)]
pub struct PostSummary {
    pub agency: String,
    pub title: String,
    pub incident: String,
    pub case_number: String,
    /// "0.31 sq mi (0.80 km²)".
    pub size: String,
    /// The window in the user's local time, zone named, with its duration.
    pub time_frame: String,
    pub area: GeoJsonPolygon,
    /// The pre-screen's warnings about the title and description (they never block).
    pub concerns: Vec<Concern>,
    /// Whether moderators review it before it is published (else it is public at once).
    pub reviewed: bool,
}

const FOCUSABLE: &str =
    "button:not([disabled]), a[href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";

/// The last step before posting: a modal dialog (focus stays inside; Escape cancels)
/// with a summary, the pre-screen's warnings, and a plain statement that the request
/// is public and final (once moderators approve it, where they review).
#[component]
pub fn ConfirmPostDialog(
    /// `Some` opens the dialog with this summary; `None` closes it.
    #[prop(into)]
    summary: Signal<Option<PostSummary>>,
    /// True while the post is on its way (buttons disabled).
    #[prop(into)]
    pending: Signal<bool>,
    /// The user confirmed.
    on_confirm: Callback<()>,
    /// The user went back (button or Escape).
    on_cancel: Callback<()>,
    /// Tile URL template for the small map (`None`: no base map).
    #[prop(default = None)]
    tile_url: Option<String>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    // The content (and its map) mounts only once the dialog is open, so that Leaflet
    // measures a visible container.
    let shown = RwSignal::new(false);
    let small_map = StoredValue::new_local(None::<Map>);
    // Leaflet may have measured the map while the dialog was still opening: measure
    // again, then frame the area.
    Effect::new(move |_| {
        if !shown.get() {
            return;
        }
        let ring = summary.with_untracked(|s| s.as_ref().and_then(|s| s.area.coordinates.first().cloned()));
        set_timeout(
            move || {
                let (Some(map), Some(ring)) = (small_map.try_get_value().flatten(), ring) else {
                    return;
                };
                map.invalidate_size(false);
                if let Some(bounds) = ring_bounds(&ring) {
                    let options = js_sys::Object::new();
                    let padding = js_sys::Array::of2(&16.into(), &16.into());
                    let _ = js_sys::Reflect::set(&options, &"padding".into(), &padding);
                    map.fit_bounds_with_options(&bounds, &options);
                }
                // Leaflet's canvas renderer sizes itself on `moveend`; when the fit does
                // not move the view it keeps the clip it took while the dialog opened.
                let evented: &leaflet::Evented = map.unchecked_ref();
                evented.fire("moveend", &js_sys::Object::new(), Some(false));
            },
            std::time::Duration::from_millis(60),
        );
    });
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        let open = summary.with(Option::is_some);
        if open && !element.open() {
            let _ = element.show_modal();
            shown.set(true);
            request_animation_frame(move || focus_first(&dialog, "[data-testid='confirm-cancel']"));
        } else if !open && element.open() {
            element.close();
            shown.set(false);
        }
    });
    let cancel = move || {
        if !pending.get_untracked() {
            on_cancel.run(());
        }
    };
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            cancel();
        }
        "Tab" => trap_tab(&dialog, &ev),
        _ => {}
    };

    view! {
        <dialog
            node_ref=dialog
            class="confirm-dialog"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-final"
            data-testid="confirm-dialog"
            on:keydown=on_keydown
            on:cancel=move |ev: leptos::ev::Event| {
                // The browser's own Escape handling: keep the dialog under our control.
                ev.prevent_default();
                cancel();
            }
        >
            <Show when=move || shown.get()>
                {
                    let tile_url = tile_url.clone();
                    move || summary.get().map(|s| {
                        let area = MapArea { id: 0, title: s.title.clone(), resolved: false, area: s.area.clone(), published: false };
                        let centre = s.area.coordinates.first().and_then(|r| r.first()).copied().unwrap_or([0.0, 0.0]);
                        let concerns = s.concerns.clone();
                        let has_concerns = !concerns.is_empty();
                        view! {
                            <h2 id="confirm-title">
                                {if s.reviewed { t("form.dialog.title_review") } else { t("form.dialog.title_post") }}
                            </h2>
                            {if s.reviewed {
                                view! {
                                    <p id="confirm-final" class="final-warning" data-testid="confirm-final">
                                        <strong>{t("form.dialog.sending_final")}</strong>
                                        " "
                                        {tf("form.dialog.review_warning", &[("agency", &s.agency)])}
                                    </p>
                                }.into_any()
                            } else {
                                view! {
                                    <p id="confirm-final" class="final-warning" data-testid="confirm-final">
                                        <strong>{t("form.dialog.posting_final")}</strong>
                                        " "
                                        {tf("form.dialog.post_warning", &[("agency", &s.agency)])}
                                    </p>
                                }.into_any()
                            }}
                            {has_concerns.then(|| view! {
                                <div class="confirm-concerns" data-testid="confirm-concerns">
                                    <p><strong>{t("form.dialog.check_heading")}</strong>
                                        " " {t("form.dialog.check_text")}</p>
                                    <ConcernList id="confirm-concern-list" concerns=Signal::stored(concerns) name_fields=true/>
                                </div>
                            })}
                            <MapView
                                initial=View { lat: centre[1], lng: centre[0], zoom: 15.0 }
                                tile_url=tile_url.clone()
                                areas=Signal::stored(vec![area])
                                fit_to_areas=true
                                map_ref=small_map
                                label=t("form.dialog.map_label")
                                class="confirm-map"
                            />
                            <dl class="confirm-summary" data-testid="confirm-summary">
                                <dt>{t("form.details.title")}</dt><dd>{s.title.clone()}</dd>
                                <dt>{t("form.dialog.incident")}</dt><dd>{s.incident.clone()}</dd>
                                <dt>{t("form.details.case_number")}</dt><dd data-testid="confirm-case">{s.case_number.clone()}</dd>
                                <dt>{t("form.dialog.area")}</dt><dd data-testid="confirm-size">{s.size.clone()}</dd>
                                <dt>{t("form.dialog.time_frame")}</dt><dd data-testid="confirm-time">{s.time_frame.clone()}</dd>
                            </dl>
                            <div class="dialog-actions">
                                <button
                                    type="button"
                                    class="button danger"
                                    data-testid="confirm-post"
                                    disabled=move || pending.get()
                                    on:click=move |_| on_confirm.run(())
                                >
                                    {
                                        let reviewed = s.reviewed;
                                        move || t(match (pending.get(), reviewed) {
                                            (true, true) => "form.dialog.sending",
                                            (true, false) => "form.dialog.posting",
                                            (false, true) => "form.dialog.send",
                                            (false, false) => "form.dialog.post",
                                        })
                                    }
                                </button>
                                <button
                                    type="button"
                                    class="button secondary"
                                    data-testid="confirm-cancel"
                                    disabled=move || pending.get()
                                    on:click=move |_| cancel()
                                >
                                    {t("form.dialog.back")}
                                </button>
                            </div>
                        }
                    })
                }
            </Show>
        </dialog>
    }
}

fn focusables(dialog: &NodeRef<Dialog>) -> Vec<web_sys::HtmlElement> {
    let Some(element) = dialog.get_untracked() else {
        return Vec::new();
    };
    let Ok(list) = element.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}

fn focus_first(dialog: &NodeRef<Dialog>, preferred: &str) {
    let Some(element) = dialog.get_untracked() else {
        return;
    };
    let target = element
        .query_selector(preferred)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .or_else(|| focusables(dialog).into_iter().next());
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// Keeps Tab and Shift+Tab cycling inside the dialog.
fn trap_tab(dialog: &NodeRef<Dialog>, ev: &KeyboardEvent) {
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = document().active_element();
    let is = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>());
    let inside = items.iter().any(is);
    if ev.shift_key() && (is(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

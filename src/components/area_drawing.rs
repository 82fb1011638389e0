use leaflet::Map;
use leptos::prelude::*;
use porchlight_domain::wire::MapView as View;

use crate::components::AreaByKeyboard;
use crate::i18n::t;
use crate::map::{DrawArea, MapView, ViewChange};

/// The area tools the request form and the alert form share: the drawing toolbar over
/// a map (once the config gives its tiles), whatever the form shows about the area
/// (`children`: its meter and messages), and the same area typed in without the map.
/// The ring is the form's: read and written here.
#[component]
pub fn AreaDrawing(
    /// The drawn ring, `[lng, lat]`, not closed.
    ring: RwSignal<Option<Vec<[f64; 2]>>>,
    /// The tile URL and the map's first view, once the config is in.
    #[prop(into)]
    tiles: Signal<Option<(Option<String>, View)>>,
    /// The form's readout of the area, between the map and the keyboard path.
    children: Children,
) -> impl IntoView {
    let map_ref = StoredValue::new_local(None::<Map>);
    let centre = RwSignal::new(None::<(f64, f64)>);
    let fit = RwSignal::new(0u32);
    view! {
        <div id="area-tools" tabindex="-1">
            <DrawArea map_ref ready=Signal::derive(move || centre.get().is_some()) ring fit/>
        </div>
        {move || tiles.get().map(|(tiles, view)| {
            let initial = ring.with_untracked(|a| a.as_ref().and_then(|r| r.first().copied()))
                .map(|p| View { lat: p[1], lng: p[0], zoom: 15.0 })
                .unwrap_or(view);
            view! {
                <MapView
                    initial
                    tile_url=tiles
                    areas=Signal::stored(Vec::new())
                    map_ref
                    label=t("form.area.map_label")
                    class="form-map"
                    on_view_change=Callback::new(move |v: ViewChange| centre.set(Some((v.view.lat, v.view.lng))))
                />
            }
        })}
        {children()}
        <details class="keyboard-area">
            <summary>{t("form.area.by_keyboard")}</summary>
            <AreaByKeyboard
                map_centre=centre
                on_area=Callback::new(move |r| {
                    ring.set(Some(r));
                    fit.update(|n| *n += 1);
                })
            />
        </details>
    }
}

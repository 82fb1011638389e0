use leaflet::Map;
use leptos::prelude::*;
use porchlight_domain::wire::MapView as View;

use super::feedback::Feedback;
use super::fields::Fields;
use crate::components::{AreaByKeyboard, AreaMeter, FieldMessages};
use crate::i18n::t;
use crate::map::{DrawArea, MapView, ViewChange};
use crate::request_form::FormCheck;

/// "1. The area": the drawing tools over a map (once the config gives its tiles), the
/// area meter, and the same area typed in without the map.
pub(super) fn area_section(
    fields: Fields,
    feedback: Feedback,
    tiles: Signal<Option<(Option<String>, View)>>,
) -> impl IntoView {
    let check = feedback.check;
    let map_ref = StoredValue::new_local(None::<Map>);
    let centre = RwSignal::new(None::<(f64, f64)>);
    let fit = RwSignal::new(0u32);
    view! {
        <section class="form-section area-section" aria-labelledby="area-heading">
            <h2 id="area-heading">{t("form.area.heading")}</h2>
            <div id="area-tools" tabindex="-1">
                <DrawArea map_ref ready=Signal::derive(move || centre.get().is_some()) ring=fields.area fit/>
            </div>
            {move || tiles.get().map(|(tiles, view)| {
                let initial = fields.area.with_untracked(|a| a.as_ref().and_then(|r| r.first().copied()))
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
            <AreaMeter
                area_m2=Signal::derive(move || check.with(|c| c.area_m2))
                out_of_limits=Signal::derive(move || check.with(FormCheck::area_out_of_limits))
            />
            <FieldMessages id="area-msg" messages=feedback.messages("area")/>
            <details class="keyboard-area">
                <summary>{t("form.area.by_keyboard")}</summary>
                <AreaByKeyboard
                    map_centre=centre
                    on_area=Callback::new(move |ring| {
                        fields.area.set(Some(ring));
                        fit.update(|n| *n += 1);
                    })
                />
            </details>
        </section>
    }
}

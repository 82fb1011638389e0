use leptos::prelude::*;
use porchlight_domain::wire::GeoJsonPolygon;
use porchlight_domain::DraftError;
use serde::Deserialize;

use crate::i18n::{number, t, tf};
use crate::map::shapes::circle_ring;
use crate::request_form::draft_error_text;

/// A GeoJSON Feature wrapping a polygon, as map tools usually export it.
#[derive(Deserialize)]
struct Feature {
    geometry: GeoJsonPolygon,
}

/// The area from pasted GeoJSON (a Polygon, or a Feature holding one): its exterior
/// ring without the closing position. Holes are refused with the domain's message,
/// since the form keeps one ring.
pub fn ring_from_geojson(text: &str) -> Result<Vec<[f64; 2]>, String> {
    let polygon = serde_json::from_str::<GeoJsonPolygon>(text)
        .or_else(|_| serde_json::from_str::<Feature>(text).map(|f| f.geometry))
        .map_err(|e| tf("form.keyboard.not_geojson", &[("error", &e.to_string())]))?;
    if polygon.coordinates.len() > 1 {
        return Err(draft_error_text(&DraftError::AreaHasHoles { holes: polygon.coordinates.len() - 1 }));
    }
    let mut ring = polygon.coordinates.into_iter().next().ok_or_else(|| draft_error_text(&DraftError::AreaInvalid))?;
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    Ok(ring)
}

/// The area without the map: a centre (typed, or the map's current centre) and a
/// radius make a circle; or paste GeoJSON. Usable by keyboard and screen reader; the
/// result is drawn on the map too.
#[component]
pub fn AreaByKeyboard(
    /// The map's centre `(lat, lng)`, once the map exists.
    #[prop(into)]
    map_centre: Signal<Option<(f64, f64)>>,
    /// Called with the ring (`[lng, lat]`, not closed).
    on_area: Callback<Vec<[f64; 2]>>,
) -> impl IntoView {
    let lat = RwSignal::new(String::new());
    let lng = RwSignal::new(String::new());
    let radius = RwSignal::new(String::new());
    let geojson = RwSignal::new(String::new());
    let circle_problem = RwSignal::new(None::<String>);
    let geojson_problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);

    let use_centre = move |_| {
        if let Some((la, ln)) = map_centre.get_untracked() {
            lat.set(format!("{la:.6}"));
            lng.set(format!("{ln:.6}"));
        }
    };
    let set_circle = move |_| {
        let parse = |s: String| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        match (parse(lat.get_untracked()), parse(lng.get_untracked()), parse(radius.get_untracked())) {
            (Some(la), Some(ln), Some(r)) if r > 0.0 => {
                circle_problem.set(None);
                on_area.run(circle_ring([ln, la], r));
                done.set(Some(tf("form.keyboard.circle_set", &[("radius", &number(r))])));
            }
            (Some(_), Some(_), _) => circle_problem.set(Some(t("form.keyboard.radius_invalid"))),
            _ => circle_problem.set(Some(t("form.keyboard.centre_invalid"))),
        }
    };
    let set_geojson = move |_| match ring_from_geojson(&geojson.get_untracked()) {
        Ok(ring) => {
            geojson_problem.set(None);
            on_area.run(ring);
            done.set(Some(t("form.keyboard.geojson_set")));
        }
        Err(problem) => geojson_problem.set(Some(problem)),
    };

    view! {
        <div class="area-by-keyboard">
            <fieldset>
                <legend>{t("form.keyboard.circle")}</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="kb-lat">{t("form.keyboard.lat")}</label>
                        <input id="kb-lat" type="text" inputmode="decimal" bind:value=lat aria-describedby="kb-circle-msg"/>
                    </div>
                    <div class="field">
                        <label for="kb-lng">{t("form.keyboard.lng")}</label>
                        <input id="kb-lng" type="text" inputmode="decimal" bind:value=lng aria-describedby="kb-circle-msg"/>
                    </div>
                    <div class="field">
                        <label for="kb-radius">{t("form.keyboard.radius")}</label>
                        <input id="kb-radius" type="text" inputmode="decimal" bind:value=radius aria-describedby="kb-circle-msg"/>
                    </div>
                </div>
                <div class="button-row">
                    <button type="button" class="button secondary" data-testid="kb-use-centre"
                        disabled=move || map_centre.get().is_none() on:click=use_centre>
                        {t("form.keyboard.use_centre")}
                    </button>
                    <button type="button" class="button secondary" data-testid="kb-set-circle" on:click=set_circle>
                        {t("form.keyboard.set_circle")}
                    </button>
                </div>
                <p id="kb-circle-msg" class="field-error" aria-live="polite">{move || circle_problem.get()}</p>
            </fieldset>
            <fieldset>
                <legend>{t("form.keyboard.paste")}</legend>
                <label for="kb-geojson">{t("form.keyboard.geojson")}</label>
                <textarea id="kb-geojson" rows="4" bind:value=geojson aria-describedby="kb-geojson-msg"></textarea>
                <div class="button-row">
                    <button type="button" class="button secondary" data-testid="kb-set-geojson" on:click=set_geojson>
                        {t("form.keyboard.set_geojson")}
                    </button>
                </div>
                <p id="kb-geojson-msg" class="field-error" aria-live="polite">{move || geojson_problem.get()}</p>
            </fieldset>
            <p class="muted" role="status">{move || done.get()}</p>
        </div>
    }
}

//! The map side of the page: the map, "My location", the legend and the notes over it.

use leptos::prelude::*;
use porchlight_domain::wire::ClientConfig;

use super::map_and_feed::MapPageState;
use crate::components::{MapLegend, OptOutNotice};
use crate::i18n::t;
use crate::map::{MapArea, MapView};
use crate::routes::request_href;

/// The map pane: areas (or grid cells) of the requests in view, the locate button, the
/// legend, and what the map cannot show.
pub(super) fn map_pane(state: MapPageState, config: &ClientConfig) -> impl IntoView {
    let MapPageState { loader, opted_out, grid_mode, highlighted, reveal, address, .. } = state;
    let locate = RwSignal::new(0u32);
    let locate_error = RwSignal::new(None::<String>);
    let areas = Signal::derive(move || {
        if opted_out.get() || grid_mode.get() {
            Vec::new()
        } else {
            loader.items.with(|v| v.iter().map(MapArea::from_request).collect())
        }
    });
    let on_area_select = Callback::new(move |id: i64| {
        highlighted.set(Some(id));
        reveal.set(Some(id));
    });
    let on_open_request = Callback::new(move |id: i64| address.go(&request_href(id), false));
    view! {
        <div class="map-pane">
            <MapView
                initial=state.initial
                tile_url=config.tile_url.clone()
                attribution=config.tile_attribution.clone()
                areas=areas
                cells=Signal::derive(move || if opted_out.get() { Vec::new() } else { loader.cells.get() })
                highlighted=highlighted
                locate=locate
                on_view_change=state.on_view_change
                on_area_select=on_area_select
                on_open_request=on_open_request
                on_locate_error=Callback::new(move |message: String| locate_error.set(Some(message)))
                label=t("map.label")
                class="main-map"
            />
            <div class="map-controls">
                <button
                    type="button"
                    class="button map-button"
                    on:click=move |_| {
                        locate_error.set(None);
                        locate.update(|n| *n += 1);
                    }
                >
                    {t("map.locate")}
                </button>
            </div>
            <MapLegend/>
            {move || (grid_mode.get() && !opted_out.get()).then(|| view! {
                <p class="map-mode" role="status" data-testid="map-grid-note">{t("map.grid_note")}</p>
            })}
            {move || opted_out.get().then(|| view! { <div class="map-notice"><OptOutNotice/></div> })}
            <p class="locate-error" role="status">{move || locate_error.get()}</p>
        </div>
    }
}

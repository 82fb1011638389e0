use leptos::prelude::*;

use crate::i18n::t;

/// Explains the two area styles on the map.
#[component]
pub fn MapLegend() -> impl IntoView {
    view! {
        <div class="map-legend" aria-label=t("legend.label") role="group">
            <span class="legend-item"><span class="swatch swatch-open" aria-hidden="true"></span>{t("legend.open")}</span>
            <span class="legend-item"><span class="swatch swatch-resolved" aria-hidden="true"></span>{t("legend.resolved")}</span>
        </div>
    }
}

use leptos::prelude::*;

/// Explains the two area styles on the map.
#[component]
pub fn MapLegend() -> impl IntoView {
    view! {
        <div class="map-legend" aria-label="Map legend" role="group">
            <span class="legend-item"><span class="swatch swatch-open" aria-hidden="true"></span>"Open (solid)"</span>
            <span class="legend-item"><span class="swatch swatch-resolved" aria-hidden="true"></span>"Resolved (dashed)"</span>
        </div>
    }
}

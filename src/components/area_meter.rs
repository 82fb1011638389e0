use leptos::prelude::*;
use porchlight_domain::{format_area_with_limit, MAX_AREA_M2, MIN_AREA_M2};

/// The drawn area's size and its share of the 0.5 sq mi limit, as a `<meter>` with the
/// same text beside it. Whether it is out of limits is the domain's verdict, passed in.
#[component]
pub fn AreaMeter(
    /// Geodesic area in m², `None` before a measurable shape exists.
    #[prop(into)]
    area_m2: Signal<Option<f64>>,
    /// True when the domain refused the size (`area_too_small` / `area_too_large`).
    #[prop(into)]
    out_of_limits: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="area-meter" class:error=move || out_of_limits.get() data-testid="area-meter">
            <label for="area-meter-bar">"Size"</label>
            <meter
                id="area-meter-bar"
                min="0"
                max=MAX_AREA_M2
                low=MIN_AREA_M2
                high=MAX_AREA_M2 * 0.999
                optimum=MAX_AREA_M2 / 2.0
                value=move || area_m2.get().unwrap_or(0.0).min(MAX_AREA_M2)
                aria-describedby="area-meter-text"
            ></meter>
            <span id="area-meter-text" data-testid="area-meter-text">
                {move || match area_m2.get() {
                    Some(m2) => format_area_with_limit(m2),
                    None => "No area drawn yet".to_owned(),
                }}
                {move || out_of_limits.get().then_some(" — not allowed")}
            </span>
        </div>
    }
}

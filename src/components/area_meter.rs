use leptos::prelude::*;
use porchlight_domain::{MAX_AREA_M2, MIN_AREA_M2};

use crate::i18n::t;
use crate::request_form::area_with_limit_text;

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
            <label for="area-meter-bar">{t("form.area_meter.label")}</label>
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
                    Some(m2) => area_with_limit_text(m2),
                    None => t("form.area_meter.none"),
                }}
                {move || out_of_limits.get().then(|| t("form.area_meter.not_allowed"))}
            </span>
        </div>
    }
}

use leptos::prelude::*;
use porchlight_domain::wire::MapView as View;

use super::feedback::Feedback;
use super::fields::Fields;
use crate::components::{AreaDrawing, AreaMeter, FieldMessages};
use crate::i18n::t;
use crate::request_form::FormCheck;

/// "1. The area": the shared drawing tools ([`AreaDrawing`]) with the area meter and
/// the area's messages.
pub(super) fn area_section(
    fields: Fields,
    feedback: Feedback,
    tiles: Signal<Option<(Option<String>, View)>>,
) -> impl IntoView {
    let check = feedback.check;
    view! {
        <section class="form-section area-section" aria-labelledby="area-heading">
            <h2 id="area-heading">{t("form.area.heading")}</h2>
            <AreaDrawing ring=fields.area tiles>
                <AreaMeter
                    area_m2=Signal::derive(move || check.with(|c| c.area_m2))
                    out_of_limits=Signal::derive(move || check.with(FormCheck::area_out_of_limits))
                />
                <FieldMessages id="area-msg" messages=feedback.messages("area")/>
            </AreaDrawing>
        </section>
    }
}

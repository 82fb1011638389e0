use leptos::prelude::*;
use porchlight_domain::moderation::Attestation;

use super::feedback::Feedback;
use super::field_ids::element_for;
use super::fields::Fields;
use crate::components::FieldMessages;
use crate::i18n::t;
use crate::request_form::attestation_text;

/// "4. Confirm": the two required statements, as checkboxes.
pub(super) fn attestations_section(fields: Fields, feedback: Feedback) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="confirm-heading">
            <h2 id="confirm-heading">{t("form.confirm.heading")}</h2>
            <p class="fine-print">{t("form.confirm.intro")}</p>
            {Attestation::ALL.into_iter().map(|which| attestation(fields, feedback, which)).collect_view()}
        </section>
    }
}

/// One statement's checkbox, label and messages.
fn attestation(fields: Fields, feedback: Feedback, which: Attestation) -> impl IntoView {
    let id = element_for(which.field());
    let msg_id = match which {
        Attestation::ActiveInvestigation => "attest-active-investigation-msg",
        Attestation::NoLawfulActivity => "attest-no-lawful-activity-msg",
    };
    let set = move |on: bool| {
        fields.attestations.update(|a| match which {
            Attestation::ActiveInvestigation => a.active_investigation = on,
            Attestation::NoLawfulActivity => a.no_lawful_activity = on,
        })
    };
    view! {
        <div class="field attestation">
            <div class="check-row">
                <input
                    type="checkbox"
                    id=id
                    required=true
                    prop:checked=move || fields.attestations.with(|a| which.is_confirmed(a))
                    on:change=move |ev| {
                        set(event_target_checked(&ev));
                        feedback.touch(which.field());
                    }
                    on:blur=move |_| feedback.touch(which.field())
                    aria-invalid=feedback.invalid(which.field())
                    aria-describedby=msg_id
                />
                <label for=id>{attestation_text(which)}</label>
            </div>
            <FieldMessages id=msg_id messages=feedback.messages(which.field())/>
        </div>
    }
}

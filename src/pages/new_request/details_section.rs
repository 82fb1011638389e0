use leptos::prelude::*;
use porchlight_domain::moderation::{Concern, ConcernField};
use porchlight_domain::IncidentType;

use super::feedback::Feedback;
use super::fields::Fields;
use super::language_field::language_field;
use crate::components::{incident_label, ConcernList, FieldMessages};
use crate::i18n::t;

/// "3. The request": incident type, case number, title and description (with the
/// pre-screen's live warnings), and how residents respond.
pub(super) fn details_section(fields: Fields, feedback: Feedback, concerns: Memo<Vec<Concern>>) -> impl IntoView {
    let concerns_in = move |field: ConcernField| {
        Signal::derive(move || {
            concerns.with(|all| all.iter().filter(|c| c.field == field).cloned().collect::<Vec<_>>())
        })
    };
    let text = |ids, api_field, label, signal, kind| text_field(feedback, ids, api_field, label, signal, kind);
    view! {
        <section class="form-section" aria-labelledby="details-heading">
            <h2 id="details-heading">{t("form.details.heading")}</h2>
            {incident_type_field(fields, feedback)}
            {text(("case-number", "case-number-msg"), "case_number", t("form.details.case_number"), fields.case_number, ("text", "off"))}
            <div class="field">
                <label for="title">{t("form.details.title")}</label>
                <input
                    id="title"
                    type="text"
                    autocomplete="off"
                    bind:value=fields.title
                    on:blur=move |_| feedback.touch("title")
                    aria-invalid=feedback.invalid("title")
                    aria-describedby="title-msg title-concerns"
                />
                <FieldMessages id="title-msg" messages=feedback.messages("title")/>
                <ConcernList id="title-concerns" concerns=concerns_in(ConcernField::Title)/>
            </div>
            <div class="field">
                <label for="description">{t("form.details.description")}</label>
                <textarea
                    id="description"
                    rows="5"
                    bind:value=fields.description
                    on:blur=move |_| feedback.touch("description")
                    aria-invalid=feedback.invalid("description")
                    aria-describedby="description-msg description-concerns"
                ></textarea>
                <FieldMessages id="description-msg" messages=feedback.messages("description")/>
                <ConcernList id="description-concerns" concerns=concerns_in(ConcernField::Description)/>
            </div>
            {language_field(fields, feedback)}
            <fieldset class="contact" aria-describedby="contact-msg">
                <legend>{t("form.details.contact")}</legend>
                {text(("contact-email", "contact-email-msg"), "contact.email", t("form.details.email"), fields.email, ("email", "email"))}
                {text(("contact-phone", "contact-phone-msg"), "contact.phone", t("form.details.phone"), fields.phone, ("tel", "tel"))}
                <FieldMessages id="contact-msg" messages=feedback.messages("contact")/>
            </fieldset>
        </section>
    }
}

/// The incident type menu.
fn incident_type_field(fields: Fields, feedback: Feedback) -> impl IntoView {
    view! {
        <div class="field">
            <label for="incident-type">{t("form.details.incident_type")}</label>
            <select
                id="incident-type"
                on:change=move |ev| fields.incident_type.set(event_target_value(&ev))
                on:blur=move |_| feedback.touch("incident_type")
                aria-invalid=feedback.invalid("incident_type")
                aria-describedby="incident-type-msg"
            >
                <option value="" selected=move || fields.incident_type.with(String::is_empty)>{t("form.details.choose")}</option>
                {IncidentType::ALL.iter().map(|t| {
                    let code = t.as_str();
                    view! {
                        <option value=code selected=move || fields.incident_type.with(|v| v == code)>{incident_label(code)}</option>
                    }
                }).collect_view()}
            </select>
            <FieldMessages id="incident-type-msg" messages=feedback.messages("incident_type")/>
        </div>
    }
}

/// A labelled one-line input with its messages: `(id, message id)`, the API's name of
/// the field, the label, its signal, and `(input type, autocomplete)`.
fn text_field(
    feedback: Feedback,
    (id, msg_id): (&'static str, &'static str),
    api_field: &'static str,
    label: String,
    signal: RwSignal<String>,
    (kind, autocomplete): (&'static str, &'static str),
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                bind:value=signal
                on:blur=move |_| feedback.touch(api_field)
                aria-invalid=feedback.invalid(api_field)
                aria-describedby=msg_id
            />
            <FieldMessages id=msg_id messages=feedback.messages(api_field)/>
        </div>
    }
}

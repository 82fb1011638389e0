//! "Language of this request": the language the title and description are written in,
//! which the request page and the lists then mark (`lang`) for browsers, screen readers
//! and translation tools. It starts at the reader's language.

use leptos::prelude::*;
use porchlight_domain::RequestLanguage;

use super::feedback::Feedback;
use super::fields::Fields;
use crate::components::FieldMessages;
use crate::i18n::t;
use crate::request_form::FormState;

/// The key of a language's name in the menu.
fn language_key(language: RequestLanguage) -> &'static str {
    match language {
        RequestLanguage::En => "request.language.en",
        RequestLanguage::Es => "request.language.es",
    }
}

/// The menu of [`RequestLanguage::ALL`], each named in the reader's language.
pub(super) fn language_field(fields: Fields, feedback: Feedback) -> impl IntoView {
    let chosen = move || fields.language.with(|l| FormState::language_or_reader(l).to_owned());
    view! {
        <div class="field">
            <label for="request-language">{t("request.language.label")}</label>
            <select
                id="request-language"
                data-testid="request-language"
                on:change=move |ev| fields.language.set(event_target_value(&ev))
                aria-invalid=feedback.invalid("language")
                aria-describedby="request-language-hint request-language-msg"
            >
                {RequestLanguage::ALL
                    .into_iter()
                    .map(|language| {
                        let code = language.as_str();
                        view! {
                            <option value=code selected=move || chosen() == code>{t(language_key(language))}</option>
                        }
                    })
                    .collect_view()}
            </select>
            <p class="fine-print" id="request-language-hint">{t("request.language.hint")}</p>
            <FieldMessages id="request-language-msg" messages=feedback.messages("language")/>
        </div>
    }
}

use leptos::prelude::*;

use super::feedback::Feedback;
use super::fields::Fields;
use super::posting::Posting;
use crate::i18n::t;
use crate::request_form::{clear_draft, FormCheck};

/// "Review and post…" (enabled once every rule passes) and "Discard draft".
pub(super) fn form_actions(fields: Fields, feedback: Feedback, posting: Posting) -> impl IntoView {
    let check = feedback.check;
    let discard = move |_| {
        let sure = window().confirm_with_message(&t("form.actions.discard_confirm")).unwrap_or(false);
        if sure {
            clear_draft();
            fields.reset();
            feedback.clear();
        }
    };
    view! {
        <div class="form-actions">
            <button
                type="submit"
                id="review-post"
                class="button"
                data-testid="review-post"
                disabled=move || !check.with(FormCheck::is_valid) || posting.post.pending().get()
                aria-describedby="submit-blockers"
            >
                {t("form.actions.review")}
            </button>
            <button type="button" class="button secondary" data-testid="discard-draft" on:click=discard>
                {t("form.actions.discard")}
            </button>
        </div>
    }
}

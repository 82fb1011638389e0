use leptos::html::Select;
use leptos::prelude::*;
use porchlight_domain::moderation::{check_report, ProhibitedUse, REPORT_COMMENT_MAX_CHARS};
use porchlight_domain::wire::ReportInput;

use crate::components::{moderation_error_text, reason_explanation, reason_title, FieldMessages};
use crate::i18n::{number, t, tf};

/// A resident's report of a published request: the rule it breaks (one of the
/// prohibited uses, its explanation shown once chosen) and an optional comment for the
/// moderators. Checked with the domain's `check_report`, the server's rule; messages
/// appear once sending was tried, then stay live.
#[component]
pub fn ReportForm(
    /// True while the report is on its way.
    #[prop(into)]
    pending: Signal<bool>,
    /// Messages for the whole form (the server's refusal, no connection…).
    #[prop(into)]
    problems: Signal<Vec<String>>,
    /// A report that passed the check.
    on_send: Callback<ReportInput>,
    /// The resident changed their mind.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let select = NodeRef::<Select>::new();
    // The form opens on a click: start where the resident has to choose.
    Effect::new(move |_| {
        if let Some(select) = select.get() {
            let _ = select.focus();
        }
    });
    let chosen = move || ProhibitedUse::parse(&reason.get());
    let errors = Memo::new(move |_| {
        if reason.with(String::is_empty) {
            // Nothing chosen yet: a plain request rather than "“” is not a reason".
            return (vec![t("report.choose_rule")], comment_errors(&comment.get()));
        }
        match check_report(&reason.get(), Some(&comment.get())) {
            Ok(_) => (Vec::new(), Vec::new()),
            Err(errors) => {
                let (reasons, comments): (Vec<_>, Vec<_>) = errors.iter().partition(|e| e.field() == "reasons");
                (
                    reasons.iter().map(|e| moderation_error_text(e)).collect(),
                    comments.iter().map(|e| moderation_error_text(e)).collect(),
                )
            }
        }
    });
    let reason_messages = Signal::derive(move || if tried.get() { errors.with(|e| e.0.clone()) } else { Vec::new() });
    let comment_messages = Signal::derive(move || {
        // Too long is worth saying while typing.
        if tried.get() {
            errors.with(|e| e.1.clone())
        } else {
            comment_errors(&comment.get())
        }
    });
    let send = move || {
        tried.set(true);
        if reason.with_untracked(String::is_empty) {
            if let Some(select) = select.get_untracked() {
                let _ = select.focus();
            }
            return;
        }
        let text = comment.get_untracked();
        match check_report(&reason.get_untracked(), Some(&text)) {
            Ok((reason, comment)) => on_send.run(ReportInput { reason: reason.code().to_owned(), comment }),
            Err(errors) => {
                let id = if errors.iter().any(|e| e.field() == "reasons") { "report-reason" } else { "report-comment" };
                crate::components::focus_field(id);
            }
        }
    };

    view! {
        <form
            class="report-form"
            novalidate=true
            data-testid="report-form"
            aria-labelledby="report-heading"
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            <h2 id="report-heading">{t("report.heading")}</h2>
            <p class="fine-print">
                {t("report.intro")}
            </p>
            <div class="field">
                <label for="report-reason">{t("report.reason")}</label>
                <select
                    id="report-reason"
                    node_ref=select
                    aria-describedby="report-reason-explanation report-reason-msg"
                    aria-invalid=move || (!reason_messages.with(Vec::is_empty)).to_string()
                    on:change=move |ev| reason.set(event_target_value(&ev))
                >
                    <option value="" selected=true>{t("report.choose_reason")}</option>
                    {ProhibitedUse::ALL
                        .into_iter()
                        .map(|r| view! { <option value=r.code()>{reason_title(r)}</option> })
                        .collect_view()}
                </select>
                <p class="fine-print" id="report-reason-explanation" aria-live="polite">
                    {move || chosen().map(reason_explanation)}
                </p>
                <FieldMessages id="report-reason-msg" messages=reason_messages/>
            </div>
            <div class="field">
                <label for="report-comment">{t("report.comment")}</label>
                <textarea
                    id="report-comment"
                    rows="3"
                    bind:value=comment
                    aria-describedby="report-comment-hint report-comment-msg"
                ></textarea>
                <p class="fine-print" id="report-comment-hint">
                    {tf("report.comment_hint", &[("max", &number(REPORT_COMMENT_MAX_CHARS as f64))])}
                </p>
                <FieldMessages id="report-comment-msg" messages=comment_messages/>
            </div>
            <div class="post-problems" role="alert" data-testid="report-problems">
                {move || problems.get().into_iter().map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
            </div>
            <div class="form-actions">
                <button type="submit" class="button danger" data-testid="report-send" disabled=move || pending.get()>
                    {move || if pending.get() { t("form.dialog.sending") } else { t("report.send") }}
                </button>
                <button
                    type="button"
                    class="button secondary"
                    data-testid="report-cancel"
                    disabled=move || pending.get()
                    on:click=move |_| on_cancel.run(())
                >
                    {t("report.cancel")}
                </button>
            </div>
        </form>
    }
}

/// The comment's own problems (too long, a control character), whatever the reason.
fn comment_errors(comment: &str) -> Vec<String> {
    check_report(ProhibitedUse::Other.code(), Some(comment))
        .err()
        .unwrap_or_default()
        .iter()
        .map(moderation_error_text)
        .collect()
}

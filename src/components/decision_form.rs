use leptos::prelude::*;
use porchlight_domain::moderation::{
    DecisionInput, ModerationError, NeedsReasons, ProhibitedUse, MODERATION_NOTE_MAX_CHARS,
};

use crate::api::ApiError;
use crate::components::{focus_field, moderation_error_text, reason_explanation, reason_title, FieldMessages};
use crate::i18n::{number, t, tf};
use crate::request_form::detail_text;

/// One of the two buttons of a [`DecisionForm`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionChoice<D> {
    /// The decision the button sends.
    pub decision: D,
    /// The key of the button's text.
    pub label: &'static str,
}

/// What the server said was wrong with a decision, sorted for display: by field
/// (`reasons`, `note`) and the rest (already decided, signed out, a draft rule that
/// fails at approval time…).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecisionProblems {
    pub reasons: Vec<String>,
    pub note: Vec<String>,
    pub general: Vec<String>,
}

impl DecisionProblems {
    /// Sorts a failed call's error.
    pub fn from_error(error: &ApiError) -> DecisionProblems {
        let mut problems = DecisionProblems::default();
        if error.details().is_empty() {
            problems.general.push(error.text());
        }
        for detail in error.details() {
            match detail.field.as_deref() {
                Some("reasons") => problems.reasons.push(detail_text(detail)),
                Some("note") => problems.note.push(detail_text(detail)),
                _ => problems.general.push(detail_text(detail)),
            }
        }
        problems
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.reasons.is_empty() && self.note.is_empty() && self.general.is_empty()
    }
}

/// A moderator's decision: reason checkboxes (every prohibited use, with its
/// explanation), a public note, and one button per decision. Pressing a button checks
/// the decision with the domain's [`DecisionInput::check`], the rule the server applies:
/// a refusal needs a reason and a note, an acceptance takes no reason. Until a button
/// is pressed only the note's own limits are shown; after that every message is live.
#[component]
pub fn DecisionForm<D>(
    /// The decision that lets the request stand (approve, dismiss).
    accept: DecisionChoice<D>,
    /// The decision against it (reject, uphold).
    refuse: DecisionChoice<D>,
    /// The key of the reasons' legend ("Reasons, required to reject").
    reasons_legend: &'static str,
    /// The key of the text under the note's label: who reads it and when it is
    /// required.
    note_hint: &'static str,
    /// True while the decision is on its way (buttons disabled).
    #[prop(into)]
    pending: Signal<bool>,
    /// The server's objections to the last decision sent.
    #[prop(into)]
    problems: Signal<DecisionProblems>,
    /// A decision that passed the check.
    on_decide: Callback<DecisionInput<D>>,
) -> impl IntoView
where
    D: NeedsReasons + std::fmt::Debug + PartialEq + Send + Sync + 'static,
{
    let reasons = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    // The decision last asked for: its rule decides which messages show.
    let attempted = RwSignal::new(None::<D>);
    let errors = Memo::new(move |_| {
        let note = note.get();
        let reasons = reasons.get();
        match attempted.get() {
            Some(decision) => DecisionInput::check(decision, &reasons, Some(&note)).err().unwrap_or_default(),
            // Before any attempt: only what is wrong whatever the decision.
            None => DecisionInput::check(refuse.decision, &reasons, Some(&note))
                .err()
                .unwrap_or_default()
                .into_iter()
                .filter(|e| matches!(e, ModerationError::NoteTooLong { .. } | ModerationError::ControlCharacter { .. }))
                .collect(),
        }
    });
    let messages = move |field: &'static str| {
        Signal::derive(move || {
            let mut list: Vec<String> =
                errors.with(|e| e.iter().filter(|e| e.field() == field).map(moderation_error_text).collect());
            list.extend(problems.with(|p| if field == "reasons" { p.reasons.clone() } else { p.note.clone() }));
            list
        })
    };
    let reason_messages = messages("reasons");
    let note_messages = messages("note");
    let decide = move |decision: D| {
        attempted.set(Some(decision));
        match DecisionInput::check(decision, &reasons.get_untracked(), Some(&note.get_untracked())) {
            Ok(input) => on_decide.run(input),
            Err(errors) => {
                let first = if errors.iter().any(|e| e.field() == "reasons") {
                    format!("decision-reason-{}", ProhibitedUse::ALL[0].code())
                } else {
                    "decision-note".to_owned()
                };
                request_animation_frame(move || focus_field(&first));
            }
        }
    };
    let toggle = move |code: &'static str, on: bool| {
        reasons.update(|list| {
            list.retain(|c| c != code);
            if on {
                list.push(code.to_owned());
            }
        })
    };
    let chars = move || note.with(|n| n.trim().chars().count());

    view! {
        <form class="decision-form" novalidate=true on:submit=|ev| ev.prevent_default() data-testid="decision-form">
            <fieldset class="reason-options" aria-describedby="decision-reasons-msg">
                <legend>{t(reasons_legend)}</legend>
                {ProhibitedUse::ALL
                    .into_iter()
                    .map(|reason| {
                        let id = format!("decision-reason-{}", reason.code());
                        view! {
                            <div class="reason-option">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    value=reason.code()
                                    prop:checked=move || reasons.with(|r| r.iter().any(|c| c == reason.code()))
                                    on:change=move |ev| toggle(reason.code(), event_target_checked(&ev))
                                />
                                <label for=id>
                                    <strong>{reason_title(reason)}</strong>
                                    <span class="reason-explanation">{reason_explanation(reason)}</span>
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
                <FieldMessages id="decision-reasons-msg" messages=reason_messages/>
            </fieldset>
            <div class="field">
                <label for="decision-note">{t("moderation.decision.note")}</label>
                <p class="fine-print" id="decision-note-hint">{t(note_hint)}</p>
                <textarea
                    id="decision-note"
                    rows="3"
                    bind:value=note
                    aria-invalid=move || (!note_messages.with(Vec::is_empty)).to_string()
                    aria-describedby="decision-note-hint decision-note-count decision-note-msg"
                ></textarea>
                <p class="fine-print" id="decision-note-count">
                    {move || {
                        tf(
                            "moderation.decision.note_count",
                            &[("count", &number(chars() as f64)), ("max", &number(MODERATION_NOTE_MAX_CHARS as f64))],
                        )
                    }}
                </p>
                <FieldMessages id="decision-note-msg" messages=note_messages/>
            </div>
            <div class="post-problems" role="alert" data-testid="decision-problems">
                {move || problems.with(|p| p.general.iter().map(|m| view! { <p class="field-error">{m.clone()}</p> }).collect_view())}
            </div>
            <div class="form-actions">
                <button
                    type="button"
                    class="button"
                    data-testid="decision-accept"
                    disabled=move || pending.get()
                    on:click=move |_| decide(accept.decision)
                >
                    {t(accept.label)}
                </button>
                <button
                    type="button"
                    class="button danger"
                    data-testid="decision-refuse"
                    disabled=move || pending.get()
                    on:click=move |_| decide(refuse.decision)
                >
                    {t(refuse.label)}
                </button>
            </div>
        </form>
    }
}

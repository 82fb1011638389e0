use leptos::prelude::*;
use porchlight_domain::moderation::prescreen;
use porchlight_domain::wire::{AgencyRef, ReviewPolicy};

use super::area_section::area_section;
use super::attestations_section::attestations_section;
use super::clock::ticking_clock;
use super::details_section::details_section;
use super::feedback::Feedback;
use super::fields::Fields;
use super::form_actions::form_actions;
use super::post_problems::post_problems;
use super::posting::Posting;
use super::summary::post_summary;
use crate::components::{SubmitBlockers, TimeFrameFields};
use crate::format::Zone;
use crate::i18n::{t, tf};
use crate::request_form::{load_draft, save_draft, FormCheck};
use crate::session::{use_api, use_config};

/// The form proper, for a staff member of `agency`.
#[component]
pub(super) fn RequestForm(agency: AgencyRef) -> impl IntoView {
    let api = use_api();
    let config = use_config();
    let fields = Fields::new(load_draft().unwrap_or_default());
    let now = ticking_clock();
    let snapshot = Memo::new(move |_| fields.snapshot());
    Effect::new(move |_| save_draft(&snapshot.get()));
    let check = Memo::new(move |_| FormCheck::run(&snapshot.get().to_input(), now.get()));
    let feedback = Feedback::new(fields, snapshot, check);
    // The pre-screen's warnings, live: shown beside their field, never blocking.
    let concerns = Memo::new(move |_| {
        fields.title.with(|title| fields.description.with(|description| prescreen(title, description)))
    });
    // Only the wording depends on it: the answer to the post decides where it goes.
    let review = LocalResource::new(move || {
        let api = api.aborting_on_cleanup();
        async move { api.review_policy().await }
    });
    let reviewed = Signal::derive(move || !matches!(review.get(), Some(Ok(ReviewPolicy::Off))));
    let posting = Posting::new(feedback.server);
    let summary = post_summary(agency.name.clone(), posting.confirming, snapshot, check, concerns, reviewed);
    let tiles = Signal::derive(move || {
        config.and_then(|c| c.0.get()).and_then(|r| r.ok()).map(|c| (c.tile_url, c.default_view))
    });
    let messages = move |api_field| feedback.messages(api_field);

    view! {
        <p class="posting-as">
            {posting_as(&agency.name)}
            {move || reviewed.get().then(|| format!(" {}", t("form.intro.reviewed")))}
        </p>
        <form
            id="request-form"
            class="request-form"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                if check.with_untracked(FormCheck::is_valid) {
                    posting.confirming.set(true);
                }
            }
        >
            {area_section(fields, feedback, tiles)}
            <section class="form-section" aria-labelledby="time-heading">
                <h2 id="time-heading">{t("form.time.heading")}</h2>
                <TimeFrameFields
                    start=fields.start
                    end=fields.end
                    zone_name=Zone::reader().time_zone_name()
                    duration_s=Signal::derive(move || check.with(|c| c.duration_s))
                    start_messages=messages("time_frame.start")
                    end_messages=messages("time_frame.end")
                    frame_messages=messages("time_frame")
                />
            </section>
            {details_section(fields, feedback, concerns)}
            {attestations_section(fields, feedback)}
            {post_problems(feedback.server)}
            <SubmitBlockers blockers=feedback.blockers()/>
            {form_actions(fields, feedback, posting)}
        </form>
        {move || posting.dialog(summary, snapshot, tiles.get().and_then(|(t, _)| t))}
    }
}

/// "Posting as <strong>Agency</strong>. Every request is public…", the agency's name
/// set in bold wherever the language puts it.
fn posting_as(agency: &str) -> impl IntoView {
    let text = tf("form.intro.posting_as", &[("agency", "\u{1}")]);
    let (before, after) =
        text.split_once('\u{1}').map(|(b, a)| (b.to_owned(), a.to_owned())).unwrap_or((text, String::new()));
    view! { {before} <strong data-testid="posting-as">{agency.to_owned()}</strong> {after} }
}

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::moderation::{ConcernField, ReviewDecision};
use porchlight_domain::wire::{Submission, SubmissionStatus};

use crate::api::ApiError;
use crate::components::{
    text_around, ErrorNotice, HighlightedText, LoadingList, PageHeading, ReasonList, SubmissionBadge, SubmissionFacts,
};
use crate::format::{format_date_time, Zone};
use crate::i18n::{page_title, t, tf};
use crate::routes::{self, request_href, LogQuery};
use crate::session::{use_api, use_config};

/// How often a submission awaiting review is asked about again, so that its page shows
/// the decision without a reload.
const POLL_MS: u64 = 60_000;

/// `/submissions/:id`: a submission awaiting review, then the moderators' decision. Only
/// its agency's staff and moderators may see it (the server decides).
#[component]
pub fn SubmissionPage() -> impl IntoView {
    page_title("submission.title");
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    // Bumped when a check finds the decision made: the page then shows it.
    let version = RwSignal::new(0u32);
    let submission = LocalResource::new({
        let api = api.clone();
        move || {
            version.track();
            let id = id.get();
            let api = api.aborting_on_cleanup();
            async move {
                match id {
                    Some(id) => api.submission(id).await.map(Some),
                    None => Ok(None),
                }
            }
        }
    });
    // While it awaits review, ask now and then whether that has changed.
    let checking = StoredValue::new(false);
    if let Ok(poll) = set_interval_with_handle(
        move || {
            let pending = matches!(
                submission.get_untracked(),
                Some(Ok(Some(Submission { status: SubmissionStatus::PendingReview, .. })))
            );
            let Some(id) = id.get_untracked() else { return };
            if !pending || checking.get_value() {
                return;
            }
            checking.set_value(true);
            let api = api.clone();
            leptos::task::spawn_local(async move {
                if let Ok(now) = api.submission(id).await {
                    if now.status != SubmissionStatus::PendingReview {
                        version.try_update(|v| *v += 1);
                    }
                }
                checking.try_set_value(false);
            });
        },
        std::time::Duration::from_millis(POLL_MS),
    ) {
        on_cleanup(move || poll.clear());
    }
    let config = use_config();
    view! {
        <div class="page submission-page">
            <Transition fallback=|| view! { <LoadingList label=t("loading.submission") rows=4/> }>
                {move || Suspend::new(async move {
                    let tiles = match config {
                        Some(c) => c.0.ready().await.ok(),
                        None => None,
                    };
                    let (tile_url, attribution) =
                        tiles.map(|c| (c.tile_url, c.tile_attribution)).unwrap_or((None, String::new()));
                    match submission.await {
                        Ok(Some(s)) => view! { <SubmissionView submission=s tile_url attribution/> }.into_any(),
                        Ok(None) => not_found().into_any(),
                        Err(e) => problem(e, submission).into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The page for a failed load: each refusal in words, anything else with a retry.
fn problem(error: ApiError, submission: LocalResource<Result<Option<Submission>, ApiError>>) -> impl IntoView {
    match error.status() {
        Some(404) => not_found().into_any(),
        Some(401) => view! {
            <div data-testid="submission-signed-out">
                <PageHeading>{t("submission.signed_out.heading")}</PageHeading>
                <p>{t("submission.signed_out.text")}</p>
                <p><a class="button" href=routes::LOGIN>{t("header.sign_in")}</a></p>
            </div>
        }
        .into_any(),
        Some(403) => view! {
            <div data-testid="submission-forbidden">
                <PageHeading>{t("submission.forbidden.heading")}</PageHeading>
                <p>{t("submission.forbidden.text")}</p>
                <p><a href=routes::MAP>{t("submission.go_to_map")}</a></p>
            </div>
        }
        .into_any(),
        _ => view! {
            <PageHeading>{t("submission.title")}</PageHeading>
            <ErrorNotice error=error on_retry=Callback::new(move |_| submission.refetch())/>
        }
        .into_any(),
    }
}

fn not_found() -> impl IntoView {
    view! {
        <div data-testid="submission-not-found">
            <PageHeading>{t("submission.not_found.heading")}</PageHeading>
            <p>{t("submission.not_found.text")}</p>
            <p><a href=routes::MAP>{t("submission.go_to_map")}</a></p>
        </div>
    }
}

/// A loaded submission: where it is in review, the decision once made, and what it asks.
#[component]
fn SubmissionView(submission: Submission, tile_url: Option<String>, attribution: String) -> impl IntoView {
    let zone = Zone::reader();
    let status = submission.status;
    let decision = match (&submission.review, status) {
        (_, SubmissionStatus::PendingReview) | (None, _) => view! {
            <div class="notice" data-testid="submission-pending">
                <p><strong>{t("submission.pending.heading")}</strong>
                    " " {t("submission.pending.text")}</p>
                <p class="fine-print">{t("submission.pending.live")}</p>
            </div>
        }
        .into_any(),
        (Some(review), _) if review.decision == ReviewDecision::Approve => view! {
            <div class="decision decision-approved" data-testid="submission-approved">
                <p><strong>{tf("submission.approved.heading", &[("date", &format_date_time(review.decided_at, &zone))])}</strong>
                    " " {t("submission.approved.text")}</p>
                {review.note.clone().map(|note| view! { <p><span class="label">{t("moderation.finding.note")}" "</span>{note}</p> })}
                <p><a class="button" href=request_href(submission.id) data-testid="published-link">{t("submission.approved.link")}</a></p>
            </div>
        }
        .into_any(),
        (Some(review), _) => view! {
            <div class="decision decision-rejected" data-testid="submission-rejected">
                <p><strong>{tf("submission.rejected.heading", &[("date", &format_date_time(review.decided_at, &zone))])}</strong>
                    " " {t("submission.rejected.text")}</p>
                <h2>{t("submission.rejected.why")}</h2>
                <ReasonList reasons=review.reasons.clone() expanded=true/>
                {review.note.clone().map(|note| view! {
                    <p class="decision-note" data-testid="decision-note"><span class="label">{t("moderation.finding.note")}" "</span>{note}</p>
                })}
                {
                    let (before, rest) = text_around("submission.rejected.next", "new_request", &[]);
                    let (middle, after) = rest.split_once("{log}").map(|(m, a)| (m.to_owned(), a.to_owned())).unwrap_or((rest, String::new()));
                    view! {
                        <p>
                            {before}
                            <a href=routes::NEW_REQUEST>{t("header.new_request")}</a>
                            {middle}
                            <a href=LogQuery { agency: Some(submission.agency.slug.clone()), decision: None }.href()>{t("submission.rejected.log_link")}</a>
                            {after}
                        </p>
                    }
                }
            </div>
        }
        .into_any(),
    };
    let title = submission.title.clone();
    let title_marks: Vec<(usize, usize)> =
        submission.concerns.iter().filter(|c| c.field == ConcernField::Title).map(|c| (c.start, c.end)).collect();
    view! {
        <article class="request-details" data-testid="submission-details">
            <PageHeading><HighlightedText text=title marks=title_marks/></PageHeading>
            <p class="request-status">
                <SubmissionBadge status/>
                " "
                {tf("submission.submitted_on", &[("date", &format_date_time(submission.submitted_at, &zone))])}
            </p>
            {decision}
            <SubmissionFacts submission tile_url attribution zone/>
        </article>
    }
}

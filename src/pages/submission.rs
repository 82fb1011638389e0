use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use porchlight_domain::moderation::{ConcernField, ReviewDecision};
use porchlight_domain::wire::{Submission, SubmissionStatus};

use crate::api::ApiError;
use crate::components::{
    ErrorNotice, HighlightedText, LoadingList, PageHeading, ReasonList, SubmissionBadge, SubmissionFacts,
};
use crate::format::{format_date_time, Zone};
use crate::routes::{self, request_href, LogQuery};
use crate::session::{use_api, use_config};

/// How often a submission awaiting review is asked about again, so that its page shows
/// the decision without a reload.
const POLL_MS: u64 = 60_000;

/// `/submissions/:id`: a submission awaiting review, then the moderators' decision. Only
/// its agency's staff and moderators may see it (the server decides).
#[component]
pub fn SubmissionPage() -> impl IntoView {
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
            <Transition fallback=|| view! { <LoadingList label="Loading the submission" rows=4/> }>
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
                <PageHeading>"Sign in to see this submission"</PageHeading>
                <p>"Submissions awaiting review are visible only to their agency's staff and to Porchlight moderators."</p>
                <p><a class="button" href=routes::LOGIN>"Sign in"</a></p>
            </div>
        }
        .into_any(),
        Some(403) => view! {
            <div data-testid="submission-forbidden">
                <PageHeading>"This submission is not yours to see"</PageHeading>
                <p>"Submissions awaiting review are visible only to their agency's staff and to Porchlight moderators. Once approved, a request is public on the map."</p>
                <p><a href=routes::MAP>"Go to the map"</a></p>
            </div>
        }
        .into_any(),
        _ => view! {
            <PageHeading>"Submission"</PageHeading>
            <ErrorNotice error=error on_retry=Callback::new(move |_| submission.refetch())/>
        }
        .into_any(),
    }
}

fn not_found() -> impl IntoView {
    view! {
        <div data-testid="submission-not-found">
            <PageHeading>"Submission not found"</PageHeading>
            <p>"There is no submission at this address. The link may be mistyped."</p>
            <p><a href=routes::MAP>"Go to the map"</a></p>
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
                <p><strong>"Awaiting review."</strong>
                    " Porchlight moderators review every request before it is published. Until then it is not on the map, the feed or the agency's profile; only the agency's staff and Porchlight moderators can see this page."</p>
                <p class="fine-print">"This page shows the decision as soon as it is made."</p>
            </div>
        }
        .into_any(),
        (Some(review), _) if review.decision == ReviewDecision::Approve => view! {
            <div class="decision decision-approved" data-testid="submission-approved">
                <p><strong>{format!("Approved by Porchlight moderators on {}.", format_date_time(review.decided_at, &zone))}</strong>
                    " It is now published and public."</p>
                {review.note.clone().map(|note| view! { <p><span class="label">"Moderators' note: "</span>{note}</p> })}
                <p><a class="button" href=request_href(submission.id) data-testid="published-link">"View the published request"</a></p>
            </div>
        }
        .into_any(),
        (Some(review), _) => view! {
            <div class="decision decision-rejected" data-testid="submission-rejected">
                <p><strong>{format!("Rejected by Porchlight moderators on {}.", format_date_time(review.decided_at, &zone))}</strong>
                    " It will never be published, and can't be edited."</p>
                <h2>"Why"</h2>
                <ReasonList reasons=review.reasons.clone() expanded=true/>
                {review.note.clone().map(|note| view! {
                    <p class="decision-note" data-testid="decision-note"><span class="label">"Moderators' note: "</span>{note}</p>
                })}
                <p>
                    "You may send a corrected request: "
                    <a href=routes::NEW_REQUEST>"New request"</a>
                    ". The public moderation log lists this decision without the request's text or contact: "
                    <a href=LogQuery { agency: Some(submission.agency.slug.clone()), decision: None }.href()>"moderation log"</a>"."
                </p>
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
                {format!(" Submitted {}", format_date_time(submission.submitted_at, &zone))}
            </p>
            {decision}
            <SubmissionFacts submission tile_url attribution zone/>
        </article>
    }
}

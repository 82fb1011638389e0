//! Review before publishing and resident reports: submissions (their agency's staff and
//! moderators), the review queue and decisions (moderators), reports (signed-in
//! residents), a request's public moderation record, and making moderators (admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use porchlight_domain::moderation::{check_report, DecisionInput, ModerationError};
use porchlight_domain::wire::{
    ErrorDetail, Me, NewModerator, ReportDecisionInput, ReportInput, ReportedRequestList,
    RequestModeration, ReviewInput, Role, Submission, SubmissionList, SubmissionStatus,
};
use porchlight_domain::RequestDraft;

use super::agencies::require_admin;
use super::requests::draft_errors;
use crate::auth::{MaybeSignedIn, SignedIn};
use crate::db::{
    AccountRow, MakeModeratorOutcome, ReportDecisionOutcome, ReportOutcome, ReviewOutcome,
};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::limits::{Action, ClientAddr};
use crate::state::AppState;

/// Submissions, the queue, decisions, reports and moderators.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/submissions/{id}", get(get_submission))
        .route("/agencies/{slug}/submissions", get(list_agency_submissions))
        .route("/moderation/queue", get(moderation_queue))
        .route("/moderation/reports", get(reported_requests))
        .route("/requests/{id}/review", post(review_submission))
        .route("/requests/{id}/reports", post(report_request))
        .route("/requests/{id}/reports/decision", post(decide_reports))
        .route("/requests/{id}/moderation", get(request_moderation))
        .route("/moderators", post(add_moderator))
}

/// Refuses everyone but moderators.
pub fn require_moderator(account: &AccountRow) -> Result<(), AppError> {
    if account.role == Role::Moderator {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Whether the account may read an agency's submissions: its staff and moderators.
fn may_read_submissions(account: &AccountRow, agency_id: i64) -> bool {
    account.role == Role::Moderator || account.is_staff_of(agency_id)
}

/// 422 with every problem of a decision or a report.
fn moderation_errors(errors: Vec<ModerationError>) -> AppError {
    AppError::unprocessable(errors.iter().map(ErrorDetail::from).collect())
}

async fn get_submission(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Submission>, AppError> {
    let (agency_id, submission) = state
        .db
        .submission(id)
        .await?
        .ok_or_else(|| AppError::not_found("submission"))?;
    if !may_read_submissions(&account, agency_id) {
        return Err(AppError::forbidden());
    }
    Ok(Json(submission))
}

async fn list_agency_submissions(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<SubmissionList>, AppError> {
    let (agency_id, _) = state.agency(&slug).await?;
    if !may_read_submissions(&account, agency_id) {
        return Err(AppError::forbidden());
    }
    let items = state.db.agency_submissions(agency_id).await?;
    Ok(Json(SubmissionList { items }))
}

async fn moderation_queue(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
) -> Result<Json<SubmissionList>, AppError> {
    require_moderator(&account)?;
    let items = state.db.moderation_queue().await?;
    Ok(Json(SubmissionList { items }))
}

/// The 409 of a decision that came second: says which decision stands.
fn already_decided(submission: &Submission) -> AppError {
    let what = match submission.status {
        SubmissionStatus::Approved => "approved",
        SubmissionStatus::Rejected => "rejected",
        // The store answers `AlreadyDecided` only for decided submissions.
        SubmissionStatus::PendingReview => "decided",
    };
    AppError::conflict(
        "already_decided",
        format!("This submission was already {what}; a decision is final."),
    )
}

async fn review_submission(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Response, AppError> {
    require_moderator(&account)?;
    let decision = DecisionInput::check(input.decision, &input.reasons, input.note.as_deref())
        .map_err(moderation_errors)?;
    let (_, submission) = state
        .db
        .submission(id)
        .await?
        .ok_or_else(|| AppError::not_found("submission"))?;
    if submission.review.is_some() {
        return Err(already_decided(&submission));
    }
    // The stored draft is checked again at the approval time, inside the store's
    // transaction (the case count may have changed since it was submitted).
    let draft = submission.draft_input();
    let now = state.now();
    let outcome = state
        .db
        .review_submission(
            id,
            account.id,
            decision,
            now,
            Box::new(move |existing| RequestDraft::validate(&draft, now, existing)),
        )
        .await?;
    match outcome {
        ReviewOutcome::Decided { submission, .. } => Ok(Json(*submission).into_response()),
        ReviewOutcome::AlreadyDecided(submission) => Err(already_decided(&submission)),
        ReviewOutcome::Refused(errors) => Err(draft_errors(&errors)),
        ReviewOutcome::NotFound => Err(AppError::not_found("submission")),
    }
}

async fn report_request(
    State(state): State<AppState>,
    client: ClientAddr,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Response, AppError> {
    // Reports are the public's: agencies, moderators and admins have their own ways.
    if account.role != Role::Resident {
        return Err(AppError::forbidden());
    }
    let (reason, comment) =
        check_report(&input.reason, input.comment.as_deref()).map_err(|errors| {
            // The fields of a report's body: one `reason`, and a `comment` as its only
            // free text.
            let details = errors
                .iter()
                .map(|error| {
                    let detail = ErrorDetail::from(error);
                    match error {
                        ModerationError::ReasonInvalid { .. } => detail.with_field("reason"),
                        ModerationError::ControlCharacter { .. } => detail.with_field("comment"),
                        _ => detail,
                    }
                })
                .collect();
            AppError::unprocessable(details)
        })?;
    state.admit(Action::Report, &client, None).await?;
    match state
        .db
        .report_request(id, account.id, reason, comment.as_deref(), state.now())
        .await?
    {
        ReportOutcome::Reported => {}
        ReportOutcome::AlreadyReported => {
            return Err(AppError::conflict(
                "already_reported",
                "You already reported this request; each resident reports it once.",
            ))
        }
        ReportOutcome::NotFound => return Err(AppError::not_found("request")),
    }
    let moderation = state
        .db
        .request_moderation(id, Some(account.id))
        .await?
        .ok_or_else(|| AppError::internal("reported request vanished"))?;
    Ok((StatusCode::CREATED, Json(moderation)).into_response())
}

async fn request_moderation(
    State(state): State<AppState>,
    MaybeSignedIn(account): MaybeSignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RequestModeration>, AppError> {
    let moderation = state
        .db
        .request_moderation(id, account.map(|a| a.id))
        .await?
        .ok_or_else(|| AppError::not_found("request"))?;
    Ok(Json(moderation))
}

async fn reported_requests(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
) -> Result<Json<ReportedRequestList>, AppError> {
    require_moderator(&account)?;
    let items = state.db.reported_requests().await?;
    Ok(Json(ReportedRequestList { items }))
}

async fn decide_reports(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReportDecisionInput>,
) -> Result<Response, AppError> {
    require_moderator(&account)?;
    let decision = DecisionInput::check(input.decision, &input.reasons, input.note.as_deref())
        .map_err(moderation_errors)?;
    match state
        .db
        .decide_reports(id, account.id, decision, state.now())
        .await?
    {
        ReportDecisionOutcome::Decided(item) => Ok(Json(*item).into_response()),
        ReportDecisionOutcome::NoOpenReports => Err(AppError::conflict(
            "no_open_reports",
            "This request has no open reports to decide on.",
        )),
        ReportDecisionOutcome::NotFound => Err(AppError::not_found("request")),
    }
}

async fn add_moderator(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiJson(input): ApiJson<NewModerator>,
) -> Result<Json<Me>, AppError> {
    require_admin(&account)?;
    let candidate = state
        .db
        .account_by_email(input.email.trim())
        .await?
        .ok_or_else(|| AppError::not_found("account").with_field("email"))?;
    let refused =
        |code: &str, message: &str| Err(AppError::conflict(code, message).with_field("email"));
    match state.db.make_moderator(candidate.id, state.now()).await? {
        MakeModeratorOutcome::Made => {}
        MakeModeratorOutcome::AlreadyModerator => {
            return refused("already_moderator", "This account is already a moderator.")
        }
        MakeModeratorOutcome::IsAgencyStaff => {
            return refused(
                "account_is_staff",
                "Agency staff cannot also be moderators: moderators review agencies' requests.",
            )
        }
        MakeModeratorOutcome::IsAdmin => {
            return refused(
                "account_is_admin",
                "An administrator cannot also be a moderator; use a separate account.",
            )
        }
    }
    let updated = state
        .db
        .account_by_id(candidate.id)
        .await?
        .ok_or_else(|| AppError::internal("moderator account vanished"))?;
    Ok(Json(updated.to_me()))
}

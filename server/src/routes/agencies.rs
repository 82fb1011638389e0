use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use porchlight_domain::wire::{AgencyProfile, AgencySummary, Me, NewAgency, NewStaff, Role};
use serde::Deserialize;

use super::requests::{parse_cursor, parse_limit, request_page};
use crate::auth::SignedIn;
use crate::db::{AccountRow, FeedQuery};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;
use crate::validate;

/// The public directory and profiles; creating agencies and staff is admin-only.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/agencies", get(list_agencies).post(create_agency))
        .route("/agencies/{slug}", get(get_agency))
        .route("/agencies/{slug}/requests", get(list_agency_requests))
        .route("/agencies/{slug}/staff", post(add_staff))
}

/// Refuses everyone but administrators.
pub fn require_admin(account: &AccountRow) -> Result<(), AppError> {
    if account.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

async fn list_agencies(
    State(state): State<AppState>,
) -> Result<Json<Vec<AgencySummary>>, AppError> {
    Ok(Json(state.db.list_agencies(state.now()).await?))
}

async fn get_agency(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<AgencyProfile>, AppError> {
    let mut profile = state
        .db
        .agency_profile(&slug, state.now())
        .await?
        .ok_or_else(|| AppError::not_found("agency"))?;
    let (agency_id, _) = state.agency(&slug).await?;
    profile.findings = state.db.agency_findings(agency_id).await?;
    super::responses::fill_profile(&state, agency_id, &mut profile).await?;
    Ok(Json(profile))
}

/// `?before=&limit=` of an agency's history.
#[derive(Debug, Deserialize)]
struct HistoryParams {
    before: Option<String>,
    limit: Option<String>,
}

async fn list_agency_requests(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<HistoryParams>,
) -> Result<Response, AppError> {
    let query = FeedQuery {
        before: parse_cursor(params.before.as_deref())?,
        limit: parse_limit(params.limit.as_deref())?,
        ..FeedQuery::default()
    };
    let (agency_id, _) = state.agency(&slug).await?;
    let (items, next) = state
        .db
        .feed_json(&FeedQuery {
            agency_id: Some(agency_id),
            ..query
        })
        .await?;
    Ok(request_page(&items, next))
}

async fn create_agency(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiJson(input): ApiJson<NewAgency>,
) -> Result<Response, AppError> {
    require_admin(&account)?;
    let agency = validate::new_agency(&input).map_err(AppError::unprocessable)?;
    let now = state.now();
    state.db.create_agency(&agency, now).await?.ok_or_else(|| {
        AppError::conflict("slug_taken", "An agency with this slug already exists.")
            .with_field("slug")
    })?;
    let profile = state
        .db
        .agency_profile(&agency.slug, now)
        .await?
        .ok_or_else(|| AppError::internal("new agency vanished"))?;
    let location = format!("/api/v1/agencies/{}", profile.slug);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(profile),
    )
        .into_response())
}

async fn add_staff(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<NewStaff>,
) -> Result<Json<Me>, AppError> {
    require_admin(&account)?;
    let (agency_id, _) = state.agency(&slug).await?;
    let staff = state
        .db
        .account_by_email(input.email.trim())
        .await?
        .ok_or_else(|| AppError::not_found("account").with_field("email"))?;
    match staff.role {
        Role::Admin => {
            return Err(AppError::conflict(
                "account_is_admin",
                "An administrator cannot also be agency staff.",
            )
            .with_field("email"))
        }
        Role::Moderator => {
            return Err(AppError::conflict(
                "account_is_moderator",
                "A moderator cannot also be agency staff: moderators review agencies' requests.",
            )
            .with_field("email"))
        }
        Role::AgencyStaff if staff.agency_id != Some(agency_id) => {
            return Err(AppError::conflict(
                "already_staff",
                "This account is already staff of another agency.",
            )
            .with_field("email"))
        }
        _ => {}
    }
    state.db.make_staff(staff.id, agency_id).await?;
    let updated = state
        .db
        .account_by_id(staff.id)
        .await?
        .ok_or_else(|| AppError::internal("staff account vanished"))?;
    Ok(Json(updated.to_me()))
}

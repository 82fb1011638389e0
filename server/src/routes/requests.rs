use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use porchlight_domain::wire::{
    ErrorDetail, PublishedRequest, RequestDraftInput, RequestPage, ResolutionInput, Role,
};
use porchlight_domain::RequestDraft;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::auth::{MaybeSignedIn, SignedIn};
use crate::db::{FeedQuery, PageCursor, ResolveOutcome, StatusFilter};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, OptionalJson};
use crate::state::AppState;
use crate::validate;

/// Page size when `limit=` is absent.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Largest `limit=`.
pub const MAX_PAGE_SIZE: u32 = 200;

/// Publishing, reading and resolving requests. Editing and deleting do not exist:
/// `PUT`, `PATCH` and `DELETE` answer 405 `request_immutable`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requests", get(list_requests).post(create_request))
        .route(
            "/requests/{id}",
            get(get_request)
                .put(request_immutable)
                .patch(request_immutable)
                .delete(request_immutable),
        )
        .route(
            "/requests/{id}/resolution",
            post(resolve_request)
                .put(resolution_immutable)
                .patch(resolution_immutable)
                .delete(resolution_immutable),
        )
}

/// `limit=`: 1 to [`MAX_PAGE_SIZE`], default [`DEFAULT_PAGE_SIZE`].
pub fn parse_limit(limit: Option<&str>) -> Result<u32, AppError> {
    match limit {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
            .ok_or_else(|| {
                AppError::bad_request(
                    "invalid_limit",
                    format!("`limit` must be a whole number from 1 to {MAX_PAGE_SIZE}."),
                )
                .with_field("limit")
            }),
    }
}

/// `before=`: a `next` value from an earlier page.
pub fn parse_cursor(before: Option<&str>) -> Result<Option<PageCursor>, AppError> {
    before
        .map(|s| {
            PageCursor::decode(s).ok_or_else(|| {
                AppError::bad_request(
                    "invalid_cursor",
                    "`before` must be the `next` value of an earlier page.",
                )
                .with_field("before")
            })
        })
        .transpose()
}

/// `bbox=west,south,east,north` in degrees.
fn parse_bbox(bbox: &str) -> Result<[f64; 4], AppError> {
    let invalid = || {
        AppError::bad_request(
            "invalid_bbox",
            "`bbox` must be west,south,east,north in degrees, with west ≤ east and south ≤ north.",
        )
        .with_field("bbox")
    };
    let parts: Vec<f64> = bbox
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| invalid())?;
    let [west, south, east, north] = parts[..] else {
        return Err(invalid());
    };
    let lng_ok = |x: f64| x.is_finite() && (-180.0..=180.0).contains(&x);
    let lat_ok = |y: f64| y.is_finite() && (-90.0..=90.0).contains(&y);
    if !(lng_ok(west) && lng_ok(east) && lat_ok(south) && lat_ok(north))
        || west > east
        || south > north
    {
        return Err(invalid());
    }
    Ok([west, south, east, north])
}

/// Query of `GET /requests`; every value is checked by hand for a precise error.
#[derive(Debug, Deserialize)]
struct FeedParams {
    bbox: Option<String>,
    status: Option<String>,
    since: Option<String>,
    limit: Option<String>,
    before: Option<String>,
}

async fn list_requests(
    State(state): State<AppState>,
    MaybeSignedIn(account): MaybeSignedIn,
    ApiQuery(params): ApiQuery<FeedParams>,
) -> Result<Json<RequestPage>, AppError> {
    let query = FeedQuery {
        bbox: params.bbox.as_deref().map(parse_bbox).transpose()?,
        status: match params.status.as_deref() {
            None => StatusFilter::All,
            Some(s) => StatusFilter::parse(s).ok_or_else(|| {
                AppError::bad_request("invalid_status", "`status` must be open, resolved or all.")
                    .with_field("status")
            })?,
        },
        since: params
            .since
            .as_deref()
            .map(|s| {
                OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
                    AppError::bad_request(
                        "invalid_since",
                        "`since` must be an RFC 3339 time, e.g. 2026-11-01T00:00:00Z.",
                    )
                    .with_field("since")
                })
            })
            .transpose()?,
        agency_id: None,
        before: parse_cursor(params.before.as_deref())?,
        limit: parse_limit(params.limit.as_deref())?,
    };
    // The opt-out: the feed shows nothing, and says why.
    if account.is_some_and(|a| a.hide_requests) {
        return Ok(Json(RequestPage {
            items: Vec::new(),
            next: None,
            hidden_by_preference: true,
        }));
    }
    let (items, next) = state.db.feed(&query).await?;
    Ok(Json(RequestPage {
        items,
        next: next.map(|c| c.encode()),
        hidden_by_preference: false,
    }))
}

async fn create_request(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiJson(input): ApiJson<RequestDraftInput>,
) -> Result<Response, AppError> {
    let agency_id = match (account.role, account.agency_id) {
        (Role::AgencyStaff, Some(agency_id)) => agency_id,
        _ => return Err(AppError::forbidden()),
    };
    let now = state.now();
    let outcome = state
        .db
        .publish_request(
            agency_id,
            Some(account.id),
            &input.case_number,
            now,
            |existing| RequestDraft::validate(&input, now, existing),
        )
        .await?;
    match outcome {
        Ok(published) => {
            let location = HeaderValue::from_str(&format!("/api/v1/requests/{}", published.id))
                .map_err(AppError::internal)?;
            Ok((
                StatusCode::CREATED,
                [(header::LOCATION, location)],
                Json(published),
            )
                .into_response())
        }
        Err(errors) => Err(AppError::unprocessable(
            errors.iter().map(ErrorDetail::from).collect(),
        )),
    }
}

async fn get_request(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PublishedRequest>, AppError> {
    Ok(Json(
        state
            .db
            .request(id)
            .await?
            .ok_or_else(|| AppError::not_found("request"))?,
    ))
}

async fn resolve_request(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    ApiPath(id): ApiPath<i64>,
    OptionalJson(input): OptionalJson<ResolutionInput>,
) -> Result<Response, AppError> {
    let agency_id = state
        .db
        .request_agency_id(id)
        .await?
        .ok_or_else(|| AppError::not_found("request"))?;
    if !account.is_staff_of(agency_id) {
        return Err(AppError::forbidden());
    }
    let note = validate::resolution_note(input.note.as_deref()).map_err(AppError::unprocessable)?;
    match state
        .db
        .resolve_request(id, note.as_deref(), Some(account.id), state.now())
        .await?
    {
        ResolveOutcome::Resolved(request) => {
            Ok((StatusCode::CREATED, Json(request)).into_response())
        }
        ResolveOutcome::AlreadyResolved => Err(AppError::conflict(
            "already_resolved",
            "This request is already resolved; a resolution is final.",
        )),
        ResolveOutcome::NotFound => Err(AppError::not_found("request")),
    }
}

/// Published requests are permanent.
async fn request_immutable() -> Response {
    immutable("GET")
}

/// Resolutions are permanent too.
async fn resolution_immutable() -> Response {
    immutable("POST")
}

fn immutable(allow: &'static str) -> Response {
    let mut response = AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "request_immutable",
        "Published requests cannot be edited or deleted; an agency can only resolve them.",
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

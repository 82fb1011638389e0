use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use porchlight_domain::moderation::prescreen;
use porchlight_domain::wire::{
    ErrorDetail, RequestDetail, RequestDraftInput, RequestGrid, RequestPage, RequestResponses,
    ResolutionInput, ReviewPolicy, Role,
};
use porchlight_domain::{DraftError, RequestDraft};
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::auth::{MaybeSignedIn, SignedIn};
use crate::db::request_cache::RequestJson;
use crate::db::{FeedQuery, GridQuery, PageCursor, ResolveOutcome, StatusFilter};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, OptionalJson};
use crate::limits::{Action, ClientAddr};
use crate::state::AppState;
use crate::validate;

/// Page size when `limit=` is absent.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Largest `limit=`.
pub const MAX_PAGE_SIZE: u32 = 200;

/// Publishing, reading and resolving requests. Editing and deleting do not exist:
/// `PUT`, `PATCH` and `DELETE` answer 405 `request_immutable` ([`not_editable`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requests", get(list_requests).post(create_request))
        .route("/requests/grid", get(request_grid))
        .route("/requests/{id}", get(get_request).fallback(not_editable))
        .route(
            "/requests/{id}/resolution",
            post(resolve_request).fallback(not_editable),
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
pub(crate) fn parse_bbox(bbox: &str) -> Result<[f64; 4], AppError> {
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

/// `status=open|resolved|all` (default all).
fn parse_status(status: Option<&str>) -> Result<StatusFilter, AppError> {
    match status {
        None => Ok(StatusFilter::All),
        Some(s) => StatusFilter::parse(s).ok_or_else(|| {
            AppError::bad_request("invalid_status", "`status` must be open, resolved or all.")
                .with_field("status")
        }),
    }
}

/// `since=` an RFC 3339 time.
fn parse_since(since: Option<&str>) -> Result<Option<OffsetDateTime>, AppError> {
    since
        .map(|s| {
            OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
                AppError::bad_request(
                    "invalid_since",
                    "`since` must be an RFC 3339 time, e.g. 2026-11-01T00:00:00Z.",
                )
                .with_field("since")
            })
        })
        .transpose()
}

/// Grid cells per 256-pixel map tile: cells of 64 px, so a phone or desktop view holds
/// a few hundred at most.
pub const GRID_CELLS_PER_TILE: f64 = 4.0;
/// Most cells one answer may hold; a larger box gets coarser cells.
pub const MAX_GRID_CELLS: f64 = 4_096.0;

/// The cell edge in degrees for a map at `zoom` showing `bbox`: 64 px at that zoom,
/// doubled until the box holds at most [`MAX_GRID_CELLS`].
pub fn grid_cell_deg(bbox: [f64; 4], zoom: f64) -> f64 {
    let [west, south, east, north] = bbox;
    let mut cell = 360.0 / 2f64.powf(zoom.floor()) / GRID_CELLS_PER_TILE;
    while ((east - west) / cell).ceil().max(1.0) * ((north - south) / cell).ceil().max(1.0)
        > MAX_GRID_CELLS
    {
        cell *= 2.0;
    }
    cell
}

/// Query of `GET /requests/grid`.
#[derive(Debug, Deserialize)]
struct GridParams {
    bbox: Option<String>,
    zoom: Option<String>,
    status: Option<String>,
    since: Option<String>,
    agency: Option<String>,
}

async fn request_grid(
    State(state): State<AppState>,
    MaybeSignedIn(account): MaybeSignedIn,
    ApiQuery(params): ApiQuery<GridParams>,
) -> Result<Json<RequestGrid>, AppError> {
    let bbox = params.bbox.as_deref().map(parse_bbox).transpose()?;
    if bbox.is_none() && params.agency.is_none() {
        return Err(AppError::bad_request(
            "invalid_bbox",
            "`bbox` is required unless `agency` is given.",
        )
        .with_field("bbox"));
    }
    let zoom = params
        .zoom
        .as_deref()
        .and_then(|z| z.trim().parse::<f64>().ok())
        .filter(|z| (0.0..=22.0).contains(z))
        .ok_or_else(|| {
            AppError::bad_request("invalid_zoom", "`zoom` must be a number from 0 to 22.")
                .with_field("zoom")
        })?;
    let status = parse_status(params.status.as_deref())?;
    let since = parse_since(params.since.as_deref())?;
    // Every parameter is checked before the database is asked anything.
    let agency_id = match params.agency.as_deref() {
        Some(slug) => Some(state.agency(slug).await?.0),
        None => None,
    };
    let bbox = match (bbox, agency_id) {
        // An agency's map: around everything it asked about (nothing yet: no cells).
        (None, Some(agency_id)) => state.db.agency_extent(agency_id).await?,
        (bbox, _) => bbox,
    };
    let Some(bbox) = bbox else {
        return Ok(Json(RequestGrid {
            cell_deg: grid_cell_deg([0.0; 4], zoom),
            total: 0,
            cells: Vec::new(),
            hidden_by_preference: false,
        }));
    };
    let query = GridQuery {
        bbox,
        status,
        since,
        agency_id,
        cell_deg: grid_cell_deg(bbox, zoom),
    };
    // The opt-out hides requests around a resident, not an agency's public record.
    if agency_id.is_none() && account.is_some_and(|a| a.hide_requests) {
        return Ok(Json(RequestGrid {
            cell_deg: query.cell_deg,
            total: 0,
            cells: Vec::new(),
            hidden_by_preference: true,
        }));
    }
    let cells = state.db.grid(&query).await?;
    Ok(Json(RequestGrid {
        cell_deg: query.cell_deg,
        total: cells.iter().map(|c| c.count).sum(),
        cells,
        hidden_by_preference: false,
    }))
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
) -> Result<Response, AppError> {
    let query = FeedQuery {
        bbox: params.bbox.as_deref().map(parse_bbox).transpose()?,
        status: parse_status(params.status.as_deref())?,
        since: parse_since(params.since.as_deref())?,
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
        })
        .into_response());
    }
    let (items, next) = state.db.feed_json(&query).await?;
    Ok(request_page(&items, next))
}

/// A [`RequestPage`] from each request's JSON, byte for byte what serializing the page
/// would give (the cached JSON is copied, not parsed again).
pub fn request_page(items: &[RequestJson], next: Option<PageCursor>) -> Response {
    let next = match next {
        // The cursor's alphabet (URL-safe base64) needs no escaping.
        Some(cursor) => format!("\"{}\"", cursor.encode()),
        None => "null".to_owned(),
    };
    let mut body =
        String::with_capacity(items.iter().map(|json| json.len() + 1).sum::<usize>() + 64);
    body.push_str("{\"items\":[");
    for (i, json) in items.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(json);
    }
    body.push_str("],\"next\":");
    body.push_str(&next);
    body.push_str(",\"hidden_by_preference\":false}");
    json_response(body)
}

/// A 200 with JSON already serialized.
fn json_response(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// With `--review required` a draft that passes every rule waits for a moderator
/// (202, the submission); with `--review off` it is published at once (201).
async fn create_request(
    State(state): State<AppState>,
    client: ClientAddr,
    SignedIn(account): SignedIn,
    ApiJson(input): ApiJson<RequestDraftInput>,
) -> Result<Response, AppError> {
    let agency_id = match (account.role, account.agency_id) {
        (Role::AgencyStaff, Some(agency_id)) => agency_id,
        _ => return Err(AppError::forbidden()),
    };
    state.admit(Action::Post, &client, None).await?;
    let now = state.now();
    let case_number = input.case_number.clone();
    if state.config.review() == ReviewPolicy::Required {
        let concerns = prescreen(&input.title, &input.description);
        let outcome = state
            .db
            .submit_request(
                agency_id,
                Some(account.id),
                &case_number,
                now,
                Box::new(move |existing| RequestDraft::validate(&input, now, existing)),
                concerns,
            )
            .await?;
        return match outcome {
            Ok(submission) => {
                let location = HeaderValue::from_str(&submission_path(submission.id))
                    .map_err(AppError::internal)?;
                Ok((
                    StatusCode::ACCEPTED,
                    [(header::LOCATION, location)],
                    Json(submission),
                )
                    .into_response())
            }
            Err(errors) => Err(draft_errors(&errors)),
        };
    }
    let outcome = state
        .db
        .publish_request(
            agency_id,
            Some(account.id),
            &case_number,
            now,
            Box::new(move |existing| RequestDraft::validate(&input, now, existing)),
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
        Err(errors) => Err(draft_errors(&errors)),
    }
}

/// Where a submission can be read (its `Location`).
pub fn submission_path(id: i64) -> String {
    format!("/api/v1/submissions/{id}")
}

/// 422 with every rule a draft breaks.
pub fn draft_errors(errors: &[DraftError]) -> AppError {
    AppError::unprocessable(errors.iter().map(ErrorDetail::from).collect())
}

/// Always from the database, never from the feed's cache: an auditor checks what the
/// database holds against the log through this endpoint, and must see any change to
/// it at once.
async fn get_request(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RequestDetail>, AppError> {
    let request = state
        .db
        .request(id)
        .await?
        .ok_or_else(|| AppError::not_found("request"))?;
    // Residents' responses (issue 16): how many, and whether one can be sent now.
    let responses_received = state.db.request_responses_received(id).await?;
    let accepts_responses = match request.resolution {
        Some(_) => false,
        None => match state.db.request_agency_id(id).await? {
            Some(agency_id) => state.db.current_agency_key(agency_id).await?.is_some(),
            None => false,
        },
    };
    Ok(Json(RequestDetail {
        request,
        responses: RequestResponses {
            responses_received,
            accepts_responses,
        },
    }))
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

/// Any other method on a request or its resolution. The router adds the `Allow` header
/// (only the methods that exist); an edit or a deletion is told why it cannot be.
async fn not_editable(method: Method) -> Response {
    if matches!(method, Method::PUT | Method::PATCH | Method::DELETE) {
        AppError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "request_immutable",
            "Published requests cannot be edited or deleted; an agency can only resolve them.",
        )
        .into_response()
    } else {
        crate::routes::not_found::method_not_allowed().into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_cells_are_64_px_and_capped() {
        // Zoom 13: a 256 px tile spans 360/8192°, so a 64 px cell a quarter of that.
        let portland = [-122.75, 45.45, -122.60, 45.58];
        assert_eq!(grid_cell_deg(portland, 13.0), 360.0 / 8192.0 / 4.0);
        assert_eq!(grid_cell_deg(portland, 13.7), 360.0 / 8192.0 / 4.0);
        // The whole world at zoom 22 would be billions of cells: coarsened to ≤ 4 096.
        let world = [-180.0, -90.0, 180.0, 90.0];
        let cell = grid_cell_deg(world, 22.0);
        assert!((360.0 / cell).ceil() * (180.0 / cell).ceil() <= MAX_GRID_CELLS);
        assert!((360.0 / (cell / 2.0)).ceil() * (180.0 / (cell / 2.0)).ceil() > MAX_GRID_CELLS);
    }
}

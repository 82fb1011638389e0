use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use porchlight_domain::wire::ModerationAction;

use crate::db::ModerationLogQuery;
use crate::error::AppError;
use crate::export::{requests_csv, requests_geojson, ExportModeration, ExportResponses};
use crate::extract::ApiPath;
use crate::state::AppState;

/// An agency's complete record as downloadable open data (public).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/agencies/{slug}/requests.csv", get(export_csv))
        .route("/agencies/{slug}/requests.geojson", get(export_geojson))
}

/// Headers of a download named `<slug>-requests.<extension>` (slugs are `[a-z0-9-]`).
/// Like every API answer it is `no-store`: always the current record.
fn download(
    slug: &str,
    content_type: &'static str,
    extension: &str,
) -> [(header::HeaderName, String); 2] {
    [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{slug}-requests.{extension}\""),
        ),
    ]
}

/// Approvals read per query of the moderation log.
const APPROVALS_BATCH: u32 = 500;

/// When each of the agency's reviewed requests was approved (its approval in the
/// moderation log: the request has the submission's id) and its policy findings.
async fn export_moderation(state: &AppState, agency_id: i64) -> Result<ExportModeration, AppError> {
    let mut query = ModerationLogQuery {
        agency_id: Some(agency_id),
        action: Some(ModerationAction::Approve),
        before_id: None,
        limit: APPROVALS_BATCH,
    };
    let mut approvals = Vec::new();
    loop {
        let (items, next) = state.db.moderation_log(&query).await?;
        approvals.extend(items.into_iter().map(|i| (i.subject_id, i.decided_at)));
        match next {
            Some(before_id) => query.before_id = Some(before_id),
            None => break,
        }
    }
    let findings = state.db.agency_findings(agency_id).await?;
    Ok(ExportModeration::new(approvals, findings))
}

/// How many residents responded to each of the agency's requests (never who).
async fn export_responses(state: &AppState, agency_id: i64) -> Result<ExportResponses, AppError> {
    Ok(ExportResponses::new(
        state.db.request_response_counts(agency_id).await?,
    ))
}

async fn export_csv(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let (agency_id, agency) = state.agency(&slug).await?;
    let requests = state.db.agency_requests_all(agency_id).await?;
    let moderation = export_moderation(&state, agency_id).await?;
    let responses = export_responses(&state, agency_id).await?;
    let headers = download(
        &agency.slug,
        "text/csv; charset=utf-8; header=present",
        "csv",
    );
    Ok((headers, requests_csv(&requests, &moderation, &responses)).into_response())
}

async fn export_geojson(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let (agency_id, agency) = state.agency(&slug).await?;
    let requests = state.db.agency_requests_all(agency_id).await?;
    let moderation = export_moderation(&state, agency_id).await?;
    let responses = export_responses(&state, agency_id).await?;
    let body = serde_json::to_string(&requests_geojson(&requests, &moderation, &responses))
        .map_err(AppError::internal)?;
    Ok((
        download(&agency.slug, "application/geo+json", "geojson"),
        body,
    )
        .into_response())
}

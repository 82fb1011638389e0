use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::AppError;
use crate::export::{requests_csv, requests_geojson};
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

async fn export_csv(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let (agency_id, agency) = state.agency(&slug).await?;
    let requests = state.db.agency_requests_all(agency_id).await?;
    let headers = download(
        &agency.slug,
        "text/csv; charset=utf-8; header=present",
        "csv",
    );
    Ok((headers, requests_csv(&requests)).into_response())
}

async fn export_geojson(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let (agency_id, agency) = state.agency(&slug).await?;
    let requests = state.db.agency_requests_all(agency_id).await?;
    let body = serde_json::to_string(&requests_geojson(&requests)).map_err(AppError::internal)?;
    Ok((
        download(&agency.slug, "application/geo+json", "geojson"),
        body,
    )
        .into_response())
}

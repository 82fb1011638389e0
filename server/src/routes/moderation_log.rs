//! The public moderation log: every moderator decision, newest first, as JSON pages and
//! as a CSV download. A rejected submission shows only its incident type, area, size
//! and time frame, never its title, description or contact.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use porchlight_domain::wire::{ModerationAction, ModerationLogItem, ModerationLogPage};
use serde::Deserialize;

use super::requests::parse_limit;
use crate::db::ModerationLogQuery;
use crate::error::AppError;
use crate::export::moderation_log_csv;
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Decisions read per query while writing the CSV export.
const CSV_BATCH: u32 = 500;

/// `GET /moderation/log` and its CSV export (both public).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation/log", get(moderation_log))
        .route("/moderation/log.csv", get(moderation_log_export))
}

/// Query of the log and its export; every value is checked by hand for a precise error.
#[derive(Debug, Deserialize)]
struct LogParams {
    agency: Option<String>,
    decision: Option<String>,
    before: Option<String>,
    limit: Option<String>,
}

/// `decision=approve|reject|dismiss|uphold`.
fn parse_decision(decision: Option<&str>) -> Result<Option<ModerationAction>, AppError> {
    decision
        .map(|s| {
            ModerationAction::parse(s).ok_or_else(|| {
                AppError::bad_request(
                    "invalid_decision",
                    "`decision` must be approve, reject, dismiss or uphold.",
                )
                .with_field("decision")
            })
        })
        .transpose()
}

/// `before=`: the `next` value of an earlier page (a decision's id).
fn parse_log_cursor(before: Option<&str>) -> Result<Option<i64>, AppError> {
    before
        .map(|s| {
            s.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
                AppError::bad_request(
                    "invalid_cursor",
                    "`before` must be the `next` value of an earlier page.",
                )
                .with_field("before")
            })
        })
        .transpose()
}

/// The query the parameters describe; every parameter is checked before the agency is
/// looked up.
async fn log_query(
    state: &AppState,
    params: &LogParams,
    limit: u32,
) -> Result<(ModerationLogQuery, Option<String>), AppError> {
    let action = parse_decision(params.decision.as_deref())?;
    let before_id = parse_log_cursor(params.before.as_deref())?;
    let (agency_id, slug) = match params.agency.as_deref() {
        Some(slug) => {
            let (id, agency) = state.agency(slug).await?;
            (Some(id), Some(agency.slug))
        }
        None => (None, None),
    };
    let query = ModerationLogQuery {
        agency_id,
        action,
        before_id,
        limit,
    };
    Ok((query, slug))
}

async fn moderation_log(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<LogParams>,
) -> Result<Json<ModerationLogPage>, AppError> {
    let limit = parse_limit(params.limit.as_deref())?;
    let (query, _) = log_query(&state, &params, limit).await?;
    let (items, next) = state.db.moderation_log(&query).await?;
    Ok(Json(ModerationLogPage {
        items,
        next: next.map(|id| id.to_string()),
    }))
}

/// Every matching decision (from `before` on, if given), newest first.
async fn moderation_log_export(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<LogParams>,
) -> Result<Response, AppError> {
    if params.limit.is_some() {
        return Err(AppError::bad_request(
            "invalid_limit",
            "The export holds every matching decision: `limit` does not apply.",
        )
        .with_field("limit"));
    }
    let (mut query, slug) = log_query(&state, &params, CSV_BATCH).await?;
    let mut items: Vec<ModerationLogItem> = Vec::new();
    loop {
        let (page, next) = state.db.moderation_log(&query).await?;
        items.extend(page);
        match next {
            Some(before_id) => query.before_id = Some(before_id),
            None => break,
        }
    }
    let filename = match slug {
        Some(slug) => format!("{slug}-moderation-log.csv"),
        None => "moderation-log.csv".to_owned(),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/csv; charset=utf-8; header=present".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        moderation_log_csv(&items),
    )
        .into_response())
}

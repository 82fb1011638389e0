use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use porchlight_domain::wire::{ClientConfig, ResponseLimits};
use serde::Serialize;

use crate::error::AppError;
use crate::state::AppState;

/// `GET /health` and `GET /config`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(get_health))
        .route("/config", get(get_config))
}

/// The body of `GET /api/v1/health`.
#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
}

/// Ready when the database answers: a load balancer then takes an instance that lost
/// its database out of rotation instead of sending it requests it can only fail.
async fn get_health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    match state.db.ping().await {
        Ok(()) => Ok(Json(Health { status: "ok" })),
        Err(err) => {
            tracing::warn!("health: the database does not answer: {err}");
            Err(AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                "The server cannot reach its database.",
            ))
        }
    }
}

/// `GET /config`: the client's settings and, beside them, the responses' upload
/// limits (two domain types, so that the map page decodes only the first).
#[derive(Serialize)]
struct ConfigBody {
    #[serde(flatten)]
    client: ClientConfig,
    #[serde(flatten)]
    responses: ResponseLimits,
}

async fn get_config(state: axum::extract::State<AppState>) -> Json<ConfigBody> {
    Json(ConfigBody {
        client: state.config.client.clone(),
        responses: state.config.responses,
    })
}

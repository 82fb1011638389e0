use axum::routing::get;
use axum::{Json, Router};
use porchlight_domain::wire::ClientConfig;
use serde::Serialize;

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

async fn get_health() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn get_config(state: axum::extract::State<AppState>) -> Json<ClientConfig> {
    Json(state.config.client.clone())
}

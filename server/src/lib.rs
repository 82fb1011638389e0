//! Porchlight's reference backend: the HTTP API of `api/openapi.yaml` on SQLite, and the
//! built app with an `index.html` fallback for deep links.

pub mod alerts;
pub mod auth;
pub mod backup;
pub mod blob_store;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod extract;
pub mod feed_text;
pub mod limits;
pub mod public_log;
pub mod routes;
pub mod same_origin;
mod sample_area;
pub mod security;
pub mod seed;
pub mod spa;
pub mod state;
pub mod store_tools;
pub mod users;
pub mod validate;

/// Which database a unit test opens (a SQLite file, or a PostgreSQL database of its own
/// when `PORCHLIGHT_TEST_POSTGRES` is set): the integration tests' choice, shared.
#[cfg(test)]
#[path = "../tests/api/support/test_db.rs"]
mod test_db;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::any;
use axum::{middleware, Router};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::Config;
pub use db::Db;
pub use state::AppState;

/// Largest accepted request body; bigger ones get 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The whole HTTP application: `/api/v1/…`, JSON 404s for other `/api` paths, the app
/// for everything else, security headers on every response, and no state-changing
/// request from another site's page (`same_origin`).
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(routes::health::router())
        .merge(routes::accounts::router())
        .merge(routes::agencies::router())
        .merge(routes::open_data::router())
        .merge(routes::requests::router())
        .merge(routes::public_log::router())
        .merge(routes::reports::router())
        .merge(routes::feeds::router())
        .merge(routes::alerts::router())
        .merge(routes::responses::router())
        .merge(routes::moderation::router())
        .merge(routes::moderation_log::router())
        .fallback(routes::not_found::api_not_found)
        .layer(middleware::map_response(
            routes::not_found::explain_method_not_allowed,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // API answers can be personal (`/me`) and change with every post: never cached.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let security = state.security.clone();
    let origin_check = state.clone();
    Router::new()
        .nest("/api/v1", api)
        .route("/api", any(routes::not_found::api_not_found))
        .route("/api/", any(routes::not_found::api_not_found))
        .route("/api/{*rest}", any(routes::not_found::api_not_found))
        .fallback(spa::serve_app)
        .with_state(state)
        // Brotli or gzip for clients that accept it (the wasm shrinks to about a third);
        // files the build precompressed (`.br`, `.gz`) are served as they are. Quality 5:
        // most of the gain of 11 at a small part of the CPU time per response.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        // Before any handler, extractor or fallback: a refused request does nothing.
        .layer(middleware::from_fn_with_state(
            origin_check,
            same_origin::refuse_cross_origin,
        ))
        .layer(middleware::from_fn_with_state(
            security,
            security::add_security_headers,
        ))
}

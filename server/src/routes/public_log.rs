//! The public log, read-only and public: the newest signed checkpoint, the signing key,
//! entries, and inclusion and consistency proofs for any tree size up to the current.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use porchlight_domain::public_log::{consistency_proof_ranges, inclusion_proof_ranges};
use porchlight_domain::wire::{
    ConsistencyProof, InclusionProof, LogEntries, LogKey, SignedCheckpoint,
};
use serde::Deserialize;

use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::state::AppState;

/// `/log/…`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(get_checkpoint))
        .route("/log/key", get(get_key))
        .route("/log/entries", get(get_entries))
        .route("/log/proof/inclusion", get(get_inclusion_proof))
        .route("/log/proof/consistency", get(get_consistency_proof))
}

async fn get_checkpoint(State(state): State<AppState>) -> Result<Json<SignedCheckpoint>, AppError> {
    Ok(Json(state.db.log_checkpoint().await?))
}

async fn get_key(State(state): State<AppState>) -> Json<LogKey> {
    Json(LogKey {
        algorithm: "ed25519".into(),
        public_key: state.db.log_signer().public_key(),
    })
}

/// A required whole-number query parameter.
fn number(value: Option<&str>, name: &str) -> Result<u64, AppError> {
    value.and_then(|s| s.parse::<u64>().ok()).ok_or_else(|| {
        AppError::bad_request(
            "invalid_log_range",
            format!("`{name}` must be a whole number."),
        )
        .with_field(name)
    })
}

fn out_of_range(field: &str, message: String) -> AppError {
    AppError::bad_request("invalid_log_range", message).with_field(field)
}

#[derive(Debug, Deserialize)]
struct EntriesParams {
    start: Option<String>,
    end: Option<String>,
}

async fn get_entries(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<EntriesParams>,
) -> Result<Json<LogEntries>, AppError> {
    let start = number(params.start.as_deref(), "start")?;
    let end = number(params.end.as_deref(), "end")?;
    let size = state.db.log_size().await?;
    if start >= end || start >= size {
        return Err(out_of_range(
            "start",
            format!("Ask for start < end with start below the log size ({size})."),
        ));
    }
    Ok(Json(LogEntries {
        entries: state.db.log_entries(start, end.min(size)).await?,
    }))
}

#[derive(Debug, Deserialize)]
struct InclusionParams {
    index: Option<String>,
    tree_size: Option<String>,
}

async fn get_inclusion_proof(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<InclusionParams>,
) -> Result<Json<InclusionProof>, AppError> {
    let index = number(params.index.as_deref(), "index")?;
    let tree_size = number(params.tree_size.as_deref(), "tree_size")?;
    let size = state.db.log_size().await?;
    if tree_size > size {
        return Err(out_of_range(
            "tree_size",
            format!("The log has {size} entries."),
        ));
    }
    if index >= tree_size {
        return Err(out_of_range(
            "index",
            format!("Entry {index} is not in a tree of {tree_size} entries."),
        ));
    }
    let ranges = inclusion_proof_ranges(index, tree_size)
        .ok_or_else(|| AppError::internal("index beyond tree"))?;
    let audit_path = state.db.log_range_hashes(&ranges).await?;
    Ok(Json(InclusionProof {
        index,
        tree_size,
        audit_path,
    }))
}

#[derive(Debug, Deserialize)]
struct ConsistencyParams {
    from: Option<String>,
    to: Option<String>,
}

async fn get_consistency_proof(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ConsistencyParams>,
) -> Result<Json<ConsistencyProof>, AppError> {
    let from = number(params.from.as_deref(), "from")?;
    let to = number(params.to.as_deref(), "to")?;
    let size = state.db.log_size().await?;
    if to > size {
        return Err(out_of_range("to", format!("The log has {size} entries.")));
    }
    if from == 0 || from > to {
        return Err(out_of_range("from", "Ask for 1 ≤ from ≤ to.".into()));
    }
    let ranges = consistency_proof_ranges(from, to)
        .ok_or_else(|| AppError::internal("sizes out of order"))?;
    let proof = state.db.log_range_hashes(&ranges).await?;
    Ok(Json(ConsistencyProof { from, to, proof }))
}

//! Fetches what the check needs from the API and runs the domain crate's verification.

use porchlight_domain::public_log::{verify_extension, verify_request, LogVerifyError};
use porchlight_domain::wire::{ConsistencyProof, LogKey, PublishedRequest, SignedCheckpoint};

use super::memory::{remember_checkpoint, remembered_checkpoint, RememberedCheckpoint};
use crate::api::{ApiClient, ApiError};
use crate::i18n::{number, t, tf};

/// The outcome of checking records against the public log.
#[derive(Debug, Clone, PartialEq)]
pub enum LogStatus {
    /// In the log at `index` under a checkpoint of `tree_size` entries that extends
    /// everything this browser saw before.
    Verified { index: u64, tree_size: u64 },
    /// Every one of `count` records is in the log (a list, e.g. an agency's requests).
    AllVerified { count: usize, tree_size: u64 },
    /// The record as shown is not what the log holds, or the log's signature is wrong.
    Failed(String),
    /// The log shrank or forked since this browser last checked it: history was rewritten.
    Rewritten(String),
    /// The check could not run (network, or a server without a log).
    Unavailable(String),
}

impl From<LogVerifyError> for LogStatus {
    fn from(e: LogVerifyError) -> Self {
        if e.is_rewrite() {
            LogStatus::Rewritten(why_text(&e))
        } else {
            LogStatus::Failed(why_text(&e))
        }
    }
}

/// What the domain's check found, in the reader's language.
fn why_text(e: &LogVerifyError) -> String {
    let count = |n: u64| number(n as f64);
    match e {
        LogVerifyError::NotInLog => t("log.why.not_in_log"),
        LogVerifyError::Entry(_) => t("log.why.entry"),
        LogVerifyError::BadSignature => t("log.why.bad_signature"),
        LogVerifyError::ProofForOtherTree => t("log.why.other_tree"),
        LogVerifyError::NotIncluded { index, .. } => tf("log.why.not_included", &[("index", &index.to_string())]),
        LogVerifyError::Shrank { remembered, now } => {
            tf("log.why.shrank", &[("remembered", &count(*remembered)), ("now", &count(*now))])
        }
        LogVerifyError::Forked { remembered, now, .. } => {
            tf("log.why.forked", &[("remembered", &count(*remembered)), ("now", &count(*now))])
        }
    }
}

fn unavailable(e: ApiError) -> LogStatus {
    LogStatus::Unavailable(e.text())
}

/// The newest checkpoint and key, checked against the remembered checkpoint: it must be
/// signed by the same key and extend it. Remembers the new one once it checks out.
async fn current_checkpoint(api: &ApiClient) -> Result<(SignedCheckpoint, LogKey), LogStatus> {
    let key = api.log_key().await.map_err(unavailable)?;
    let checkpoint = api.log_checkpoint().await.map_err(unavailable)?;
    checkpoint
        .checkpoint()
        .verify(&key.public_key, &checkpoint.signature)
        .map_err(|_| LogStatus::from(LogVerifyError::BadSignature))?;
    if let Some(remembered) = remembered_checkpoint() {
        if remembered.public_key != key.public_key {
            return Err(LogStatus::Rewritten(tf(
                "log.why.other_key",
                &[("key", &key.public_key.to_string()), ("before", &remembered.public_key.to_string())],
            )));
        }
        let (old, new) = (remembered.checkpoint.tree_size, checkpoint.tree_size);
        let proof = if old > 0 && old < new {
            api.log_consistency_proof(old, new).await.map_err(unavailable)?
        } else {
            ConsistencyProof { from: old, to: new, proof: Vec::new() }
        };
        verify_extension(&remembered.checkpoint, &checkpoint, &key.public_key, &proof)?;
        if new <= old {
            return Ok((checkpoint, key));
        }
    }
    remember_checkpoint(&RememberedCheckpoint { public_key: key.public_key, checkpoint });
    Ok((checkpoint, key))
}

async fn check_one(
    api: &ApiClient,
    request: &PublishedRequest,
    checkpoint: &SignedCheckpoint,
    key: &LogKey,
) -> Result<u64, LogStatus> {
    let index = request.log_index.ok_or(LogStatus::from(LogVerifyError::NotInLog))?;
    if index >= checkpoint.tree_size {
        return Err(LogStatus::Failed(tf(
            "log.why.beyond",
            &[("index", &index.to_string()), ("size", &number(checkpoint.tree_size as f64))],
        )));
    }
    let proof = api.log_inclusion_proof(index, checkpoint.tree_size).await.map_err(unavailable)?;
    let resolution_proof = match request.resolution.as_ref().and_then(|r| r.log_index) {
        Some(i) => Some(api.log_inclusion_proof(i, checkpoint.tree_size).await.map_err(unavailable)?),
        None => None,
    };
    Ok(verify_request(request, checkpoint, &key.public_key, &proof, resolution_proof.as_ref())?)
}

/// Checks that `request`, exactly as displayed, is in the public log.
pub async fn verify_in_log(api: &ApiClient, request: &PublishedRequest) -> LogStatus {
    let (checkpoint, key) = match current_checkpoint(api).await {
        Ok(found) => found,
        Err(status) => return status,
    };
    match check_one(api, request, &checkpoint, &key).await {
        Ok(index) => LogStatus::Verified { index, tree_size: checkpoint.tree_size },
        Err(status) => status,
    }
}

/// Checks every request of a list (an agency's whole history) against one checkpoint;
/// the first failure is reported with the request's id.
pub async fn verify_many_in_log(api: &ApiClient, requests: &[PublishedRequest]) -> LogStatus {
    let (checkpoint, key) = match current_checkpoint(api).await {
        Ok(found) => found,
        Err(status) => return status,
    };
    for request in requests {
        match check_one(api, request, &checkpoint, &key).await {
            Ok(_) => {}
            Err(LogStatus::Failed(why)) => {
                return LogStatus::Failed(tf(
                    "log.why.request",
                    &[("id", &request.id.to_string()), ("title", &request.title), ("why", &why)],
                ))
            }
            Err(other) => return other,
        }
    }
    LogStatus::AllVerified { count: requests.len(), tree_size: checkpoint.tree_size }
}

/// Checks that an agency's key, as the server handed it to this browser, is the one the
/// public log recorded when it was added (a resident's browser checks the key it
/// encrypts to: an operator cannot slip in a key of its own unseen).
pub async fn verify_agency_key_in_log(
    api: &ApiClient,
    agency_slug: &str,
    agency_key: &porchlight_domain::wire::AgencyKey,
) -> LogStatus {
    let (checkpoint, key) = match current_checkpoint(api).await {
        Ok(found) => found,
        Err(status) => return status,
    };
    let Some(index) = agency_key.log_index else { return LogStatus::from(LogVerifyError::NotInLog) };
    if index >= checkpoint.tree_size {
        return LogStatus::Failed(tf(
            "log.why.beyond",
            &[("index", &index.to_string()), ("size", &number(checkpoint.tree_size as f64))],
        ));
    }
    let proof = match api.log_inclusion_proof(index, checkpoint.tree_size).await {
        Ok(proof) => proof,
        Err(e) => return unavailable(e),
    };
    match porchlight_domain::public_log::verify_agency_key(
        agency_slug,
        agency_key,
        &checkpoint,
        &key.public_key,
        &proof,
    ) {
        Ok(index) => LogStatus::Verified { index, tree_size: checkpoint.tree_size },
        Err(e) => e.into(),
    }
}

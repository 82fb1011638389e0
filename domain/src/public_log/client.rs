//! What a reader of the log checks: that a request as displayed is in the log under a
//! checkpoint the log signed, and that a newer checkpoint extends an older one.

use std::fmt;

use super::checkpoint::LogPublicKey;
use super::entry::{
    AgencyKeyAction, EntryError, agency_key_entry, request_entry, resolution_entry,
};
use super::hash::leaf_hash;
use super::verify::{ProofError, verify_consistency, verify_inclusion};
use crate::wire::{
    AgencyKey, ConsistencyProof, InclusionProof, PublishedRequest, SignedCheckpoint,
};

/// Why a request or a checkpoint failed verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogVerifyError {
    /// The request (or its resolution) carries no log index.
    NotInLog,
    /// The request cannot be written as an entry.
    Entry(EntryError),
    /// A checkpoint is not signed by the log's key.
    BadSignature,
    /// The proof is for another entry or tree size than the one being checked.
    ProofForOtherTree,
    /// The entry rebuilt from what is displayed is not in the log at its index: the
    /// record was changed after it was published.
    NotIncluded { index: u64, reason: ProofError },
    /// The log is smaller than a checkpoint seen before: entries were removed.
    Shrank { remembered: u64, now: u64 },
    /// The log no longer extends a checkpoint seen before: history was rewritten.
    Forked { remembered: u64, now: u64, reason: ProofError },
}

impl LogVerifyError {
    /// True when the error proves the log was rewritten (not merely unverifiable).
    pub fn is_rewrite(&self) -> bool {
        matches!(self, LogVerifyError::Shrank { .. } | LogVerifyError::Forked { .. })
    }
}

impl fmt::Display for LogVerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogVerifyError::NotInLog => f.write_str("this record has no entry in the public log"),
            LogVerifyError::Entry(e) => write!(f, "{e}"),
            LogVerifyError::BadSignature => {
                f.write_str("the log's checkpoint is not signed by the log's key")
            }
            LogVerifyError::ProofForOtherTree => {
                f.write_str("the server sent a proof for a different entry or tree")
            }
            LogVerifyError::NotIncluded { index, .. } => {
                write!(
                    f,
                    "the record as shown does not match entry #{index} of the public log: it was changed after publication"
                )
            }
            LogVerifyError::Shrank { remembered, now } => write!(
                f,
                "the public log shrank from {remembered} to {now} entries: published records were removed"
            ),
            LogVerifyError::Forked { remembered, now, .. } => write!(
                f,
                "the public log of {now} entries does not extend the {remembered} entries seen before: the record was rewritten"
            ),
        }
    }
}

impl std::error::Error for LogVerifyError {}

fn check_signature(
    checkpoint: &SignedCheckpoint,
    key: &LogPublicKey,
) -> Result<(), LogVerifyError> {
    checkpoint
        .checkpoint()
        .verify(key, &checkpoint.signature)
        .map_err(|_| LogVerifyError::BadSignature)
}

fn check_inclusion(
    entry: &str,
    index: u64,
    checkpoint: &SignedCheckpoint,
    proof: &InclusionProof,
) -> Result<(), LogVerifyError> {
    if proof.index != index || proof.tree_size != checkpoint.tree_size {
        return Err(LogVerifyError::ProofForOtherTree);
    }
    verify_inclusion(
        &leaf_hash(entry.as_bytes()),
        index,
        checkpoint.tree_size,
        &proof.audit_path,
        &checkpoint.root_hash,
    )
    .map_err(|reason| LogVerifyError::NotIncluded { index, reason })
}

/// Checks that `request` exactly as given — and its resolution, if any — is in the log
/// under `checkpoint`, which `key` signed. `resolution_proof` is needed when the
/// request is resolved. Returns the request's entry index.
///
/// ```
/// # use porchlight_domain::{public_log::*, wire::*};
/// # let request: PublishedRequest = serde_json::from_str(r#"{"id":7,
/// #   "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
/// #   "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
/// #   "description":"Looking for footage of a person carrying a bicycle.","contact":{"email":"detective@city.example"},
/// #   "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
/// #   "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
/// #   "area_m2":712000.5,"created_at":"2026-11-28T08:00:00Z","status":"open","resolution":null,"log_index":0}"#).unwrap();
/// // A one-entry log: the root is the entry's leaf hash and the audit path is empty.
/// let root = leaf_hash(request_entry(&request).unwrap().as_bytes());
/// let key: LogPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a".parse().unwrap();
/// let checkpoint = SignedCheckpoint { tree_size: 1, root_hash: root, timestamp_ms: 0, signature: "00".repeat(64).parse().unwrap() };
/// let proof = InclusionProof { index: 0, tree_size: 1, audit_path: vec![] };
/// // The proof holds, but this key never signed the checkpoint.
/// assert_eq!(verify_request(&request, &checkpoint, &key, &proof, None), Err(LogVerifyError::BadSignature));
/// ```
pub fn verify_request(
    request: &PublishedRequest,
    checkpoint: &SignedCheckpoint,
    key: &LogPublicKey,
    request_proof: &InclusionProof,
    resolution_proof: Option<&InclusionProof>,
) -> Result<u64, LogVerifyError> {
    check_signature(checkpoint, key)?;
    let index = request.log_index.ok_or(LogVerifyError::NotInLog)?;
    let entry = request_entry(request).map_err(LogVerifyError::Entry)?;
    check_inclusion(&entry, index, checkpoint, request_proof)?;
    if let Some(resolution) = &request.resolution {
        let resolution_index = resolution.log_index.ok_or(LogVerifyError::NotInLog)?;
        let proof = resolution_proof.ok_or(LogVerifyError::ProofForOtherTree)?;
        let entry = resolution_entry(request.id, resolution).map_err(LogVerifyError::Entry)?;
        check_inclusion(&entry, resolution_index, checkpoint, proof)?;
    }
    Ok(index)
}

/// Checks that agency `agency_slug`'s response key, exactly as given, was added to the
/// log under `checkpoint`, which `key` signed: what a resident's browser checks before
/// encrypting footage to it (an operator's own key would not be in the log, or would be
/// there for everyone to see). Returns the entry's index.
///
/// ```
/// # use porchlight_domain::{public_log::*, wire::*};
/// let agency_key: AgencyKey = serde_json::from_str(r#"{"fingerprint":"0123456789abcdef0123456789abcdef",
///   "public_key":"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
///   "created_at":"2026-12-06T10:00:00Z","retired_at":null,"log_index":0}"#).unwrap();
/// let entry = agency_key_entry("demo-city-police", &agency_key, AgencyKeyAction::Added).unwrap().unwrap();
/// let key: LogPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a".parse().unwrap();
/// let checkpoint = SignedCheckpoint { tree_size: 1, root_hash: leaf_hash(entry.as_bytes()), timestamp_ms: 0,
///                                     signature: "00".repeat(64).parse().unwrap() };
/// let proof = InclusionProof { index: 0, tree_size: 1, audit_path: vec![] };
/// assert_eq!(verify_agency_key("demo-city-police", &agency_key, &checkpoint, &key, &proof),
///            Err(LogVerifyError::BadSignature));
/// ```
pub fn verify_agency_key(
    agency_slug: &str,
    agency_key: &AgencyKey,
    checkpoint: &SignedCheckpoint,
    key: &LogPublicKey,
    proof: &InclusionProof,
) -> Result<u64, LogVerifyError> {
    check_signature(checkpoint, key)?;
    let index = agency_key.log_index.ok_or(LogVerifyError::NotInLog)?;
    let entry = agency_key_entry(agency_slug, agency_key, AgencyKeyAction::Added)
        .map_err(LogVerifyError::Entry)?
        .ok_or(LogVerifyError::NotInLog)?;
    check_inclusion(&entry, index, checkpoint, proof)?;
    Ok(index)
}

/// Checks that `newer` (signed by `key`) extends `remembered` (a checkpoint verified
/// before): not smaller, and consistent by `proof` (unused when the sizes are equal,
/// where the roots must simply be equal).
///
/// ```
/// # use porchlight_domain::{public_log::*, wire::*};
/// let key: LogPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a".parse().unwrap();
/// let cp = |size| SignedCheckpoint { tree_size: size, root_hash: empty_root(), timestamp_ms: 0,
///                                    signature: "00".repeat(64).parse().unwrap() };
/// let proof = ConsistencyProof { from: 5, to: 5, proof: vec![] };
/// assert_eq!(verify_extension(&cp(5), &cp(5), &key, &proof), Err(LogVerifyError::BadSignature));
/// ```
pub fn verify_extension(
    remembered: &SignedCheckpoint,
    newer: &SignedCheckpoint,
    key: &LogPublicKey,
    proof: &ConsistencyProof,
) -> Result<(), LogVerifyError> {
    check_signature(remembered, key)?;
    check_signature(newer, key)?;
    let (old, new) = (remembered.tree_size, newer.tree_size);
    if new < old {
        return Err(LogVerifyError::Shrank { remembered: old, now: new });
    }
    if old == 0 {
        return Ok(());
    }
    if proof.from != old || proof.to != new {
        return Err(LogVerifyError::ProofForOtherTree);
    }
    verify_consistency(old, new, &remembered.root_hash, &newer.root_hash, &proof.proof)
        .map_err(|reason| LogVerifyError::Forked { remembered: old, now: new, reason })
}

//! `porchlight-server audit --url …`: checks any compatible server's public log from the
//! outside. It downloads every entry, recomputes the tree, checks the checkpoint's
//! signature, compares each request, resolution and moderator decision the API serves
//! with its entry, and checks that the log extends a checkpoint saved by an earlier
//! audit.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use porchlight_domain::public_log::{
    agency_key_entry, canonical_json, leaf_hash, moderation_entry, request_entry, resolution_entry,
    root_hash, verify_consistency, verify_inclusion, AgencyKeyAction, LogHash, LogPublicKey,
};
use porchlight_domain::wire::{
    AgencyKey, ConsistencyProof, InclusionProof, LogEntries, LogKey, ModerationLogItem,
    ModerationLogPage, PublishedRequest, SignedCheckpoint,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// What to audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// The server's base URL, e.g. `https://porchlight.example`.
    pub url: String,
    /// A checkpoint file saved by an earlier audit: the log must extend it, signed by
    /// the same key.
    pub checkpoint: Option<PathBuf>,
    /// Where to save the newest checkpoint once everything checks out.
    pub save: Option<PathBuf>,
}

/// A passed audit.
#[derive(Debug, Clone)]
pub struct AuditReport {
    pub checkpoint: SignedCheckpoint,
    pub public_key: LogPublicKey,
    pub requests: u64,
    pub resolutions: u64,
    /// Moderator decisions (approvals, rejections, decisions on reports).
    pub moderation: u64,
    /// Agency response keys added or retired.
    pub agency_keys: u64,
    /// The size of the saved checkpoint the log was shown to extend.
    pub extends: Option<u64>,
}

/// Why an audit failed.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The server could not be asked, or answered something unreadable.
    #[error("cannot read {url}: {message}")]
    Fetch { url: String, message: String },
    /// A saved checkpoint file cannot be read or written.
    #[error("checkpoint file {path}: {message}")]
    File { path: PathBuf, message: String },
    /// The log is not what it claims or not what it was: tampering or a broken server.
    #[error("AUDIT FAILED: {0}")]
    Mismatch(String),
}

/// The saved form of a checkpoint: the key that signed it, and the checkpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedCheckpoint {
    pub public_key: LogPublicKey,
    pub checkpoint: SignedCheckpoint,
}

struct Client {
    agent: ureq::Agent,
    base: String,
}

impl Client {
    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, AuditError> {
        let url = format!("{}/api/v1{path}", self.base);
        let fetch = |message: String| AuditError::Fetch {
            url: url.clone(),
            message,
        };
        let mut response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| fetch(e.to_string()))?;
        let status = response.status();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| fetch(e.to_string()))?;
        if !status.is_success() {
            return Err(fetch(format!("HTTP {status}: {text}")));
        }
        serde_json::from_str(&text).map_err(|e| fetch(format!("unexpected JSON: {e}")))
    }
}

fn mismatch(message: impl Into<String>) -> AuditError {
    AuditError::Mismatch(message.into())
}

/// Runs the audit (blocking network calls).
pub fn audit(options: &AuditOptions) -> Result<AuditReport, AuditError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let client = Client {
        agent,
        base: options.url.trim_end_matches('/').to_owned(),
    };
    let saved = options.checkpoint.as_ref().map(read_saved).transpose()?;

    // 1. The key, pinned by the saved checkpoint if there is one.
    let key: LogKey = client.get("/log/key")?;
    if key.algorithm != "ed25519" {
        return Err(mismatch(format!(
            "unknown signature algorithm {:?}",
            key.algorithm
        )));
    }
    if let Some(saved) = &saved {
        if saved.public_key != key.public_key {
            return Err(mismatch(format!(
                "the log's key changed from {} to {}: checkpoints signed before cannot vouch for this log",
                saved.public_key, key.public_key
            )));
        }
    }

    // 2. The newest checkpoint and its signature.
    let checkpoint: SignedCheckpoint = client.get("/log/checkpoint")?;
    checkpoint
        .checkpoint()
        .verify(&key.public_key, &checkpoint.signature)
        .map_err(|_| mismatch("the checkpoint's signature does not verify with the log's key"))?;
    let size = checkpoint.tree_size;

    // 3. Every entry; each must be canonical JSON, in order.
    let mut entries: Vec<String> = Vec::with_capacity(size as usize);
    while (entries.len() as u64) < size {
        let start = entries.len() as u64;
        let page: LogEntries = client.get(&format!("/log/entries?start={start}&end={size}"))?;
        if page.entries.is_empty() {
            return Err(mismatch(format!(
                "the server returned no entries from {start} although the checkpoint has {size}"
            )));
        }
        for e in page.entries {
            if e.index != entries.len() as u64 {
                return Err(mismatch(format!(
                    "expected entry {}, the server sent entry {}",
                    entries.len(),
                    e.index
                )));
            }
            entries.push(e.entry);
            if entries.len() as u64 == size {
                break;
            }
        }
    }
    let leaves: Vec<LogHash> = entries.iter().map(|e| leaf_hash(e.as_bytes())).collect();

    // 4. The recomputed tree must have the signed root.
    let root = root_hash(&leaves);
    if root != checkpoint.root_hash {
        return Err(mismatch(format!(
            "the {size} entries hash to root {root}, but the signed checkpoint says {}",
            checkpoint.root_hash
        )));
    }

    // 5. Each entry against what the API serves today.
    let mut requests: HashMap<i64, PublishedRequest> = HashMap::new();
    // The public moderation log, read whole at the first decision entry.
    let mut decisions: Option<HashMap<i64, ModerationLogItem>> = None;
    let (mut request_count, mut resolution_count, mut moderation_count) = (0, 0, 0);
    // Each agency's keys, read at its first key entry.
    let mut agency_keys: HashMap<String, Vec<AgencyKey>> = HashMap::new();
    let mut key_count = 0;
    for (index, text) in entries.iter().enumerate() {
        let index = index as u64;
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| mismatch(format!("entry #{index} is not JSON: {e}")))?;
        let canonical =
            canonical_json(&value).map_err(|e| mismatch(format!("entry #{index}: {e}")))?;
        if &canonical != text {
            return Err(mismatch(format!(
                "entry #{index} is not in RFC 8785 canonical form"
            )));
        }
        let kind = value["kind"].as_str().unwrap_or_default();
        if kind == "agency_key" {
            let (Some(slug), Some(fingerprint), Some(action)) = (
                value["agency"].as_str(),
                value["fingerprint"].as_str(),
                value["action"].as_str(),
            ) else {
                return Err(mismatch(format!(
                    "entry #{index} is an agency key without agency, fingerprint or action"
                )));
            };
            let action = match action {
                "added" => AgencyKeyAction::Added,
                "retired" => AgencyKeyAction::Retired,
                other => {
                    return Err(mismatch(format!(
                        "entry #{index} has an unknown key action {other:?}"
                    )))
                }
            };
            let keys = match agency_keys.entry(slug.to_owned()) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => slot.insert(client.get(&format!("/agencies/{slug}/keys"))?),
            };
            let key = keys.iter().find(|k| k.fingerprint == fingerprint).ok_or_else(|| {
                mismatch(format!(
                    "log entry #{index} records key {fingerprint} of {slug}, but the agency's keys do not show it: it was removed"
                ))
            })?;
            let served = agency_key_entry(slug, key, action)
                .map_err(|e| mismatch(format!("key {fingerprint}: {e}")))?
                .unwrap_or_default();
            if &served != text {
                return Err(mismatch(format!(
                    "key {fingerprint} of {slug} as served today does not match log entry #{index}\n  logged: {text}\n  served: {served}"
                )));
            }
            if action == AgencyKeyAction::Added && key.log_index != Some(index) {
                return Err(mismatch(format!(
                    "key {fingerprint} of {slug} claims log entry {:?}, the log has it at #{index}",
                    key.log_index
                )));
            }
            key_count += 1;
            continue;
        }
        if kind == "moderation" {
            let id = value["id"]
                .as_i64()
                .ok_or_else(|| mismatch(format!("entry #{index} has no id")))?;
            let decisions = match &mut decisions {
                Some(decisions) => decisions,
                None => decisions.insert(moderation_log(&client)?),
            };
            let item = decisions.get(&id).ok_or_else(|| {
                mismatch(format!(
                    "log entry #{index} records moderator decision {id}, but the moderation log does not show it: it was removed"
                ))
            })?;
            let served =
                moderation_entry(item).map_err(|e| mismatch(format!("decision {id}: {e}")))?;
            if &served != text {
                return Err(mismatch(format!(
                    "moderator decision {id} as the moderation log shows it today does not match log entry #{index}: it was changed after the decision\n  logged: {text}\n  served: {served}"
                )));
            }
            if item.log_index != Some(index) {
                return Err(mismatch(format!(
                    "moderator decision {id} claims log entry {:?}, the log has it at #{index}",
                    item.log_index
                )));
            }
            moderation_count += 1;
            continue;
        }
        let id_field = if kind == "resolution" {
            "request_id"
        } else {
            "id"
        };
        let id = value[id_field]
            .as_i64()
            .ok_or_else(|| mismatch(format!("entry #{index} has no {id_field}")))?;
        let request: &PublishedRequest = match requests.entry(id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(client.get(&format!("/requests/{id}"))?),
        };
        match kind {
            "request" => {
                let served =
                    request_entry(request).map_err(|e| mismatch(format!("request {id}: {e}")))?;
                if &served != text {
                    return Err(mismatch(format!(
                        "request {id} as the API serves it today does not match log entry #{index}: it was changed after publication\n  logged: {text}\n  served: {served}"
                    )));
                }
                if request.log_index != Some(index) {
                    return Err(mismatch(format!(
                        "request {id} claims log entry {:?}, the log has it at #{index}",
                        request.log_index
                    )));
                }
                request_count += 1;
            }
            "resolution" => {
                let resolution = request.resolution.as_ref().ok_or_else(|| {
                    mismatch(format!(
                        "log entry #{index} resolves request {id}, but the API shows it unresolved"
                    ))
                })?;
                let served = resolution_entry(id, resolution)
                    .map_err(|e| mismatch(format!("request {id}: {e}")))?;
                if &served != text {
                    return Err(mismatch(format!(
                        "the resolution of request {id} as served does not match log entry #{index}\n  logged: {text}\n  served: {served}"
                    )));
                }
                if resolution.log_index != Some(index) {
                    return Err(mismatch(format!(
                        "the resolution of request {id} claims entry {:?}, the log has #{index}",
                        resolution.log_index
                    )));
                }
                resolution_count += 1;
            }
            other => {
                return Err(mismatch(format!(
                    "entry #{index} has an unknown kind {other:?}"
                )))
            }
        }
    }

    // 6. The server's own proofs agree with the tree (spot checks: first and last entry).
    for index in [0, size.saturating_sub(1)].into_iter().filter(|_| size > 0) {
        let proof: InclusionProof = client.get(&format!(
            "/log/proof/inclusion?index={index}&tree_size={size}"
        ))?;
        verify_inclusion(
            &leaves[index as usize],
            index,
            size,
            &proof.audit_path,
            &checkpoint.root_hash,
        )
        .map_err(|e| {
            mismatch(format!(
                "the server's inclusion proof for entry #{index} fails: {e}"
            ))
        })?;
    }

    // 7. The log extends the saved checkpoint: not smaller, same prefix, and the
    //    server's consistency proof verifies.
    let extends = match &saved {
        None => None,
        Some(saved) => {
            let old = saved.checkpoint;
            old.checkpoint()
                .verify(&key.public_key, &old.signature)
                .map_err(|_| mismatch("the saved checkpoint's signature does not verify"))?;
            if old.tree_size > size {
                return Err(mismatch(format!(
                    "the log shrank from {} entries (saved checkpoint) to {size}: published records were removed",
                    old.tree_size
                )));
            }
            if old.tree_size > 0 {
                let prefix_root = root_hash(&leaves[..old.tree_size as usize]);
                let proof: ConsistencyProof = client.get(&format!(
                    "/log/proof/consistency?from={}&to={size}",
                    old.tree_size
                ))?;
                let consistent = verify_consistency(
                    old.tree_size,
                    size,
                    &old.root_hash,
                    &checkpoint.root_hash,
                    &proof.proof,
                );
                if prefix_root != old.root_hash || consistent.is_err() {
                    return Err(mismatch(format!(
                        "the log forked: its first {} entries no longer hash to the saved root {} (now {prefix_root}); the record was rewritten",
                        old.tree_size, old.root_hash
                    )));
                }
            }
            Some(old.tree_size)
        }
    };

    if let Some(path) = &options.save {
        let saved = SavedCheckpoint {
            public_key: key.public_key,
            checkpoint,
        };
        let text = serde_json::to_string_pretty(&saved).unwrap_or_default();
        std::fs::write(path, text + "\n").map_err(|e| AuditError::File {
            path: path.clone(),
            message: e.to_string(),
        })?;
    }
    Ok(AuditReport {
        checkpoint,
        public_key: key.public_key,
        requests: request_count,
        resolutions: resolution_count,
        moderation: moderation_count,
        agency_keys: key_count,
        extends,
    })
}

/// Decisions read per page of the moderation log (the API's largest page).
const MODERATION_PAGE: u32 = 200;

/// Every decision of the public moderation log, by id, paging back from the newest.
fn moderation_log(client: &Client) -> Result<HashMap<i64, ModerationLogItem>, AuditError> {
    let mut decisions = HashMap::new();
    let mut path = format!("/moderation/log?limit={MODERATION_PAGE}");
    loop {
        let page: ModerationLogPage = client.get(&path)?;
        for item in page.items {
            if let Some(earlier) = decisions.insert(item.id, item) {
                return Err(mismatch(format!(
                    "the moderation log lists decision {} twice",
                    earlier.id
                )));
            }
        }
        match page.next {
            Some(next) => path = format!("/moderation/log?limit={MODERATION_PAGE}&before={next}"),
            None => return Ok(decisions),
        }
    }
}

fn read_saved(path: &PathBuf) -> Result<SavedCheckpoint, AuditError> {
    let file = |message: String| AuditError::File {
        path: path.clone(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| file(format!("not a saved checkpoint: {e}")))
}

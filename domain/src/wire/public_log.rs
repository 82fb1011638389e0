use serde::{Deserialize, Serialize};

use crate::public_log::{Checkpoint, LogHash, LogPublicKey, LogSignature};

/// `GET /api/v1/log/checkpoint`: the newest checkpoint and the log's signature on it.
///
/// ```
/// use porchlight_domain::wire::SignedCheckpoint;
/// let c: SignedCheckpoint = serde_json::from_str(r#"{"tree_size":0,
///   "root_hash":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
///   "timestamp_ms":1764316800000,"signature":"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}"#).unwrap();
/// assert_eq!(c.checkpoint().tree_size, 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedCheckpoint {
    pub tree_size: u64,
    pub root_hash: LogHash,
    /// Unix time in milliseconds when the log signed it.
    pub timestamp_ms: u64,
    /// Ed25519 over [`Checkpoint::signed_bytes`], hex.
    pub signature: LogSignature,
}

impl SignedCheckpoint {
    /// The signed content.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            tree_size: self.tree_size,
            root_hash: self.root_hash,
            timestamp_ms: self.timestamp_ms,
        }
    }
}

/// `GET /api/v1/log/key`: the key that signs checkpoints.
///
/// ```
/// use porchlight_domain::wire::LogKey;
/// let k: LogKey = serde_json::from_str(r#"{"algorithm":"ed25519",
///   "public_key":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"}"#).unwrap();
/// assert_eq!(k.algorithm, "ed25519");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogKey {
    /// Always `ed25519`.
    pub algorithm: String,
    pub public_key: LogPublicKey,
}

/// One entry: its index and its canonical JSON text (hash `SHA-256(0x00 ‖ entry)`).
///
/// ```
/// use porchlight_domain::wire::LogEntry;
/// let e: LogEntry = serde_json::from_str(r#"{"index":3,"entry":"{\"kind\":\"resolution\"}"}"#).unwrap();
/// assert_eq!(e.index, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub index: u64,
    pub entry: String,
}

/// `GET /api/v1/log/entries?start=&end=`: consecutive entries from `start`, possibly
/// fewer than asked for (ask again from the next index).
///
/// ```
/// use porchlight_domain::wire::LogEntries;
/// let page: LogEntries = serde_json::from_str(r#"{"entries":[]}"#).unwrap();
/// assert!(page.entries.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntries {
    pub entries: Vec<LogEntry>,
}

/// `GET /api/v1/log/proof/inclusion?index=&tree_size=`: the audit path of an entry.
///
/// ```
/// use porchlight_domain::wire::InclusionProof;
/// let p: InclusionProof = serde_json::from_str(r#"{"index":0,"tree_size":1,"audit_path":[]}"#).unwrap();
/// assert!(p.audit_path.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InclusionProof {
    pub index: u64,
    pub tree_size: u64,
    pub audit_path: Vec<LogHash>,
}

/// `GET /api/v1/log/proof/consistency?from=&to=`: proof that the tree of `from` entries
/// is a prefix of the tree of `to` entries.
///
/// ```
/// use porchlight_domain::wire::ConsistencyProof;
/// let p: ConsistencyProof = serde_json::from_str(r#"{"from":3,"to":3,"proof":[]}"#).unwrap();
/// assert_eq!(p.from, p.to);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    pub proof: Vec<LogHash>,
}

//! The public log's append worked out without the database, so that every backend
//! appends exactly the same entries, nodes and checkpoints: a backend reads the log's
//! head inside its publishing transaction, asks [`plan_append`] what to write, and
//! writes it in that same transaction.

use porchlight_domain::public_log::{
    frontier_append, frontier_root, leaf_hash, moderation_entry, node_hash, request_entry,
    resolution_entry, Checkpoint, LogHash, LogSignature, NodeId,
};
use porchlight_domain::wire::{ModerationLogItem, PublishedRequest, SignedCheckpoint};

use crate::public_log::LogSigner;

/// Largest number of entries one `log_entries` call returns.
pub const MAX_ENTRIES_PER_PAGE: u64 = 1000;

/// Requests logged per append and per commit when a backend's `complete_log` catches
/// up with requests published before the log existed.
pub(super) const COMPLETION_CHUNK: usize = 5_000;

/// An entry about to be appended.
#[derive(Debug, Clone)]
pub(super) struct NewEntry {
    pub kind: &'static str,
    /// The request (kinds `request`, `resolution`) or the moderation decision (kind
    /// `moderation`) the entry is about: `log_entries.request_id`.
    pub request_id: i64,
    /// RFC 8785 canonical JSON, exactly the bytes that are hashed.
    pub entry: String,
}

/// A row of `log_entries`.
#[derive(Debug)]
pub(super) struct EntryRow<'a> {
    pub index: u64,
    pub entry: &'a NewEntry,
    pub leaf_hash: LogHash,
}

/// A row of `log_checkpoints`.
#[derive(Debug, Clone)]
pub(super) struct CheckpointRow {
    pub tree_size: i64,
    pub root_hash: Vec<u8>,
    pub timestamp_ms: i64,
    pub signature: Vec<u8>,
    /// The frontier's hashes, 32 bytes each, largest subtree first.
    pub frontier: Vec<u8>,
}

/// Everything one append writes.
#[derive(Debug)]
pub(super) struct AppendPlan<'a> {
    pub entries: Vec<EntryRow<'a>>,
    /// Perfect subtrees the new entries complete.
    pub nodes: Vec<(NodeId, LogHash)>,
    pub checkpoint: CheckpointRow,
}

/// The newest checkpoint as an append needs it.
#[derive(Debug, Clone)]
pub(super) struct LogHead {
    /// Number of entries (the next index).
    pub size: u64,
    /// The newest checkpoint's tree size, frontier bytes and timestamp, if any.
    pub newest: Option<(i64, Vec<u8>, i64)>,
}

impl LogHead {
    /// The frontier of the first `size` entries, when the newest checkpoint is of that
    /// size (the usual case); `None` means the backend rebuilds it from stored nodes.
    pub fn frontier(&self) -> Option<Vec<LogHash>> {
        match &self.newest {
            Some((tree_size, bytes, _))
                if *tree_size as u64 == self.size
                    && bytes.len() == 32 * self.size.count_ones() as usize =>
            {
                bytes
                    .chunks(32)
                    .map(|c| hash_from(c.to_vec()).ok())
                    .collect()
            }
            _ => None,
        }
        .or_else(|| (self.size == 0).then(Vec::new))
    }

    /// The newest checkpoint's timestamp, ms.
    pub fn last_ms(&self) -> Option<i64> {
        self.newest.as_ref().map(|(_, _, ms)| *ms)
    }
}

/// A stored 32-byte hash.
pub(super) fn hash_from(bytes: Vec<u8>) -> Result<LogHash, sqlx::Error> {
    <[u8; 32]>::try_from(bytes)
        .map(LogHash)
        .map_err(|_| sqlx::Error::Decode("a stored hash is not 32 bytes".into()))
}

/// A stored checkpoint as the API returns it.
pub(super) fn signed_checkpoint(
    tree_size: i64,
    root_hash: Vec<u8>,
    timestamp_ms: i64,
    signature: Vec<u8>,
) -> Result<SignedCheckpoint, sqlx::Error> {
    let signature = <[u8; 64]>::try_from(signature)
        .map_err(|_| sqlx::Error::Decode("a stored signature is not 64 bytes".into()))?;
    Ok(SignedCheckpoint {
        tree_size: tree_size as u64,
        root_hash: hash_from(root_hash)?,
        timestamp_ms: timestamp_ms as u64,
        signature: LogSignature(ed25519_dalek::Signature::from_bytes(&signature)),
    })
}

fn encode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Encode(Box::new(e))
}

/// The entries that log `requests` (just read back from the database, so each entry is
/// built from exactly what the API returns): in order, each request's entry if it has
/// none yet, then its resolution's if it has one not logged yet.
pub(super) fn entries_for(requests: &[PublishedRequest]) -> Result<Vec<NewEntry>, sqlx::Error> {
    let mut entries = Vec::new();
    for request in requests {
        if request.log_index.is_none() {
            entries.push(NewEntry {
                kind: "request",
                request_id: request.id,
                entry: request_entry(request).map_err(encode_error)?,
            });
        }
        if let Some(resolution) = request
            .resolution
            .as_ref()
            .filter(|r| r.log_index.is_none())
        {
            entries.push(NewEntry {
                kind: "resolution",
                request_id: request.id,
                entry: resolution_entry(request.id, resolution).map_err(encode_error)?,
            });
        }
    }
    Ok(entries)
}

/// Hands out indices from `first` in the order [`entries_for`] built the entries.
pub(super) fn assign_indices(requests: &mut [PublishedRequest], first: u64) {
    let mut index = first;
    for request in requests.iter_mut() {
        if request.log_index.is_none() {
            request.log_index = Some(index);
            index += 1;
        }
        if let Some(resolution) = request
            .resolution
            .as_mut()
            .filter(|r| r.log_index.is_none())
        {
            resolution.log_index = Some(index);
            index += 1;
        }
    }
}

/// The entries of a moderator's decision (read back from the database, so that the
/// entry is built from exactly what the moderation log serves), then of the request it
/// published, if any (an approval): one append, the decision first.
pub(super) fn moderation_entries(
    item: &ModerationLogItem,
    published: Option<&PublishedRequest>,
) -> Result<Vec<NewEntry>, sqlx::Error> {
    let mut entries = vec![NewEntry {
        kind: "moderation",
        request_id: item.id,
        entry: moderation_entry(item).map_err(encode_error)?,
    }];
    if let Some(request) = published {
        entries.extend(entries_for(std::slice::from_ref(request))?);
    }
    Ok(entries)
}

/// Hands out indices from `first` in the order [`moderation_entries`] built them.
pub(super) fn assign_moderation_indices(
    item: &mut ModerationLogItem,
    published: Option<&mut PublishedRequest>,
    first: u64,
) {
    item.log_index = Some(first);
    if let Some(request) = published {
        assign_indices(std::slice::from_mut(request), first + 1);
    }
}

/// The current time in ms (checkpoint timestamps).
pub(super) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Signs the checkpoint of the tree of `size` entries with `frontier`; `last_ms` is the
/// newest checkpoint's timestamp, if there is one.
pub(super) fn sign_checkpoint(
    signer: &LogSigner,
    size: u64,
    frontier: &[LogHash],
    last_ms: Option<i64>,
    now_ms: i64,
) -> CheckpointRow {
    // Timestamps never go backwards, even if the clock does (or another instance's
    // clock is ahead of this one's).
    let timestamp_ms = now_ms.max(last_ms.unwrap_or(0));
    let checkpoint = Checkpoint {
        tree_size: size,
        root_hash: frontier_root(frontier),
        timestamp_ms: timestamp_ms as u64,
    };
    let signature = signer.sign(&checkpoint);
    CheckpointRow {
        tree_size: size as i64,
        root_hash: checkpoint.root_hash.0.to_vec(),
        timestamp_ms,
        signature: signature.0.to_bytes().to_vec(),
        frontier: frontier.iter().flat_map(|h| h.0).collect(),
    }
}

/// How many tree nodes (perfect subtrees of level ≥ 1) a log of `size` entries has.
pub(super) fn node_count(size: u64) -> u64 {
    (1..64).map(|level| size >> level).sum()
}

/// Every tree node of the log whose leaves are `leaves` (a log whose nodes are
/// missing rebuilds them at start-up).
pub(super) fn tree_nodes(mut level_hashes: Vec<LogHash>) -> Vec<(NodeId, LogHash)> {
    let mut nodes = Vec::new();
    let mut level = 0;
    while level_hashes.len() >= 2 {
        level += 1;
        let next: Vec<LogHash> = level_hashes
            .chunks_exact(2)
            .map(|p| node_hash(&p[0], &p[1]))
            .collect();
        nodes.extend(next.iter().enumerate().map(|(index, hash)| {
            let index = index as u64;
            (NodeId { level, index }, *hash)
        }));
        level_hashes = next;
    }
    nodes
}

/// What appending `entries` to a log of `first` entries with `frontier` writes: the
/// entry rows, the tree nodes they complete, and one signed checkpoint for the new size.
pub(super) fn plan_append<'a>(
    signer: &LogSigner,
    first: u64,
    mut frontier: Vec<LogHash>,
    last_ms: Option<i64>,
    entries: &'a [NewEntry],
    now_ms: i64,
) -> AppendPlan<'a> {
    let mut rows = Vec::with_capacity(entries.len());
    let mut nodes = Vec::new();
    for (index, entry) in (first..).zip(entries) {
        let leaf = leaf_hash(entry.entry.as_bytes());
        nodes.extend(frontier_append(&mut frontier, index, leaf));
        rows.push(EntryRow {
            index,
            entry,
            leaf_hash: leaf,
        });
    }
    let size = first + entries.len() as u64;
    AppendPlan {
        entries: rows,
        nodes,
        checkpoint: sign_checkpoint(signer, size, &frontier, last_ms, now_ms),
    }
}

#[cfg(test)]
mod tests {
    use porchlight_domain::public_log::{frontier, root_hash};

    use super::*;

    fn entry(i: usize) -> NewEntry {
        NewEntry {
            kind: "request",
            request_id: i as i64,
            entry: format!("{{\"n\":{i}}}"),
        }
    }

    #[test]
    fn appends_in_steps_sign_the_same_root_as_all_at_once() {
        let signer = LogSigner::from_seed([7; 32]);
        let all: Vec<NewEntry> = (0..13).map(entry).collect();
        let leaves: Vec<LogHash> = all.iter().map(|e| leaf_hash(e.entry.as_bytes())).collect();
        let mut size = 0;
        let mut front = Vec::new();
        let mut last = None;
        for step in [1usize, 4, 3, 5] {
            let plan = plan_append(
                &signer,
                size,
                front.clone(),
                last,
                &all[size as usize..size as usize + step],
                1_000,
            );
            size += step as u64;
            assert_eq!(plan.checkpoint.tree_size as u64, size);
            assert_eq!(
                plan.checkpoint.root_hash,
                root_hash(&leaves[..size as usize]).0.to_vec()
            );
            front = plan
                .checkpoint
                .frontier
                .chunks(32)
                .map(|c| hash_from(c.to_vec()).unwrap())
                .collect();
            assert_eq!(front, frontier(&leaves[..size as usize]));
            last = Some(plan.checkpoint.timestamp_ms);
        }
    }

    #[test]
    fn rebuilt_nodes_are_the_ones_appends_store() {
        let signer = LogSigner::from_seed([7; 32]);
        let all: Vec<NewEntry> = (0..11).map(entry).collect();
        let leaves: Vec<LogHash> = all.iter().map(|e| leaf_hash(e.entry.as_bytes())).collect();
        let mut appended = plan_append(&signer, 0, Vec::new(), None, &all, 1).nodes;
        let mut rebuilt = tree_nodes(leaves);
        let key = |n: &(NodeId, LogHash)| (n.0.level, n.0.index);
        appended.sort_by_key(key);
        rebuilt.sort_by_key(key);
        assert_eq!(appended, rebuilt);
        assert_eq!(rebuilt.len() as u64, node_count(11));
    }

    #[test]
    fn checkpoint_time_never_goes_backwards() {
        let signer = LogSigner::from_seed([7; 32]);
        let row = sign_checkpoint(&signer, 0, &[], Some(5_000), 4_000);
        assert_eq!(row.timestamp_ms, 5_000);
        let row = sign_checkpoint(&signer, 0, &[], Some(5_000), 6_000);
        assert_eq!(row.timestamp_ms, 6_000);
    }

    #[test]
    fn head_frontier_is_read_from_a_checkpoint_of_its_size_only() {
        let leaves: Vec<LogHash> = (0..5).map(|i| leaf_hash(&[i])).collect();
        let f = frontier(&leaves);
        let bytes: Vec<u8> = f.iter().flat_map(|h| h.0).collect();
        let head = LogHead {
            size: 5,
            newest: Some((5, bytes.clone(), 1)),
        };
        assert_eq!(head.frontier(), Some(f));
        let stale = LogHead {
            size: 6,
            newest: Some((5, bytes, 1)),
        };
        assert_eq!(stale.frontier(), None);
        assert_eq!(
            LogHead {
                size: 0,
                newest: None
            }
            .frontier(),
            Some(vec![])
        );
    }
}

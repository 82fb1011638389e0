//! The public log's storage: entries appended inside the transaction that publishes a
//! request or a resolution, and a checkpoint signed after every append.

use std::ops::Range;

use async_trait::async_trait;
use porchlight_domain::public_log::{frontier_root, perfect_parts, root_hash, LogHash, NodeId};
use porchlight_domain::wire::{LogEntry, ModerationLogItem, PublishedRequest, SignedCheckpoint};
use sqlx::{PgConnection, Postgres, QueryBuilder, Row};

use super::store::sequence;
use super::PgStore;
use crate::db::public_log_append::{
    assign_indices, assign_moderation_indices, entries_for, hash_from, moderation_entries,
    node_count, now_ms, plan_append, sign_checkpoint, signed_checkpoint, tree_nodes, CheckpointRow,
    LogHead, NewEntry, COMPLETION_CHUNK, MAX_ENTRIES_PER_PAGE,
};
use crate::db::{DbError, LogStore};
use crate::public_log::LogSigner;

/// Every leaf hash of the first `tree_size` entries, in order.
async fn leaf_hashes_on(
    conn: &mut PgConnection,
    tree_size: u64,
) -> Result<Vec<LogHash>, sqlx::Error> {
    leaf_range_on(conn, 0..tree_size).await
}

/// The leaf hashes of entries `range`, in order.
async fn leaf_range_on(
    conn: &mut PgConnection,
    range: Range<u64>,
) -> Result<Vec<LogHash>, sqlx::Error> {
    let rows: Vec<Vec<u8>> = sqlx::query_scalar(
        "SELECT leaf_hash FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
    )
    .bind(range.start as i64)
    .bind(range.end as i64)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(hash_from).collect()
}

/// The root hash of a perfect subtree: a leaf, a stored node, or (for a log whose
/// nodes are missing) recomputed from its leaves.
async fn node_on(conn: &mut PgConnection, node: NodeId) -> Result<LogHash, sqlx::Error> {
    if node.level == 0 {
        let leaf: Vec<u8> = sqlx::query_scalar("SELECT leaf_hash FROM log_entries WHERE idx = $1")
            .bind(node.index as i64)
            .fetch_one(&mut *conn)
            .await?;
        return hash_from(leaf);
    }
    let stored: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT hash FROM log_nodes WHERE level = $1 AND idx = $2")
            .bind(node.level as i64)
            .bind(node.index as i64)
            .fetch_optional(&mut *conn)
            .await?;
    match stored {
        Some(hash) => hash_from(hash),
        None => Ok(root_hash(&leaf_range_on(conn, node.leaves()).await?)),
    }
}

/// Number of entries: the next index (O(log n), unlike `count(*)`).
async fn log_size_on(conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let next: i64 = sqlx::query_scalar("SELECT coalesce(max(idx) + 1, 0) FROM log_entries")
        .fetch_one(&mut *conn)
        .await?;
    Ok(next as u64)
}

/// The log's size and its newest checkpoint (size, frontier, timestamp), read in one
/// statement: an append needs all of them, and each statement is a round trip to the
/// database while the log's sequencer is held.
async fn head_on(conn: &mut PgConnection) -> Result<LogHead, sqlx::Error> {
    let (size, tree_size, frontier, timestamp_ms): (i64, Option<i64>, Option<Vec<u8>>, Option<i64>) =
        sqlx::query_as(
            "SELECT (SELECT coalesce(max(idx) + 1, 0) FROM log_entries), c.tree_size, c.frontier, c.timestamp_ms \
             FROM (SELECT 1) one LEFT JOIN \
               (SELECT tree_size, frontier, timestamp_ms FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1) c ON true",
        )
        .fetch_one(&mut *conn)
        .await?;
    let newest = match (tree_size, frontier, timestamp_ms) {
        (Some(t), Some(f), Some(ms)) => Some((t, f, ms)),
        _ => None,
    };
    Ok(LogHead {
        size: size as u64,
        newest,
    })
}

/// The frontier of the log's first `head.size` entries: from its newest checkpoint
/// when that is of this size (the usual case), else from the stored tree nodes.
async fn frontier_on(conn: &mut PgConnection, head: &LogHead) -> Result<Vec<LogHash>, sqlx::Error> {
    if let Some(frontier) = head.frontier() {
        return Ok(frontier);
    }
    let mut hashes = Vec::new();
    for node in perfect_parts(0..head.size) {
        hashes.push(node_on(conn, node).await?);
    }
    Ok(hashes)
}

/// Stores a signed checkpoint.
async fn store_checkpoint(conn: &mut PgConnection, row: &CheckpointRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO log_checkpoints (tree_size, root_hash, timestamp_ms, signature, frontier) VALUES ($1, $2, $3, $4, $5)")
        .bind(row.tree_size)
        .bind(&row.root_hash)
        .bind(row.timestamp_ms)
        .bind(&row.signature)
        .bind(&row.frontier)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Rows per multi-row `INSERT` of entries or nodes (5 and 3 parameters each), far
/// below PostgreSQL's limit of 65 535 bound parameters.
const ROWS_PER_INSERT: usize = 1_000;

/// Stores tree nodes, many per statement.
async fn store_nodes(
    conn: &mut PgConnection,
    nodes: &[(NodeId, LogHash)],
) -> Result<(), sqlx::Error> {
    for chunk in nodes.chunks(ROWS_PER_INSERT) {
        let mut sql = QueryBuilder::<Postgres>::new("INSERT INTO log_nodes (level, idx, hash) ");
        sql.push_values(chunk, |mut row, (node, hash)| {
            row.push_bind(node.level as i64)
                .push_bind(node.index as i64)
                .push_bind(hash.0.to_vec());
        });
        sql.push(" ON CONFLICT DO NOTHING");
        sql.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Appends `entries` in order (as [`plan_append`] works them out): the entries, the
/// tree nodes they complete and one checkpoint for the new size. An append of one
/// entry is the usual case; the seed and start-up completion append thousands at once.
/// Returns the first entry's index.
async fn append_all(
    conn: &mut PgConnection,
    signer: &LogSigner,
    entries: &[NewEntry],
) -> Result<u64, sqlx::Error> {
    let head = head_on(conn).await?;
    if entries.is_empty() {
        return Ok(head.size);
    }
    let frontier = frontier_on(conn, &head).await?;
    let plan = plan_append(
        signer,
        head.size,
        frontier,
        head.last_ms(),
        entries,
        now_ms(),
    );
    for chunk in plan.entries.chunks(ROWS_PER_INSERT) {
        let mut sql = QueryBuilder::<Postgres>::new(
            "INSERT INTO log_entries (idx, kind, request_id, entry, leaf_hash) ",
        );
        sql.push_values(chunk, |mut row, e| {
            row.push_bind(e.index as i64)
                .push_bind(e.entry.kind)
                .push_bind(e.entry.request_id)
                .push_bind(e.entry.entry.as_str())
                .push_bind(e.leaf_hash.0.to_vec());
        });
        sql.build().execute(&mut *conn).await?;
    }
    store_nodes(conn, &plan.nodes).await?;
    store_checkpoint(conn, &plan.checkpoint).await?;
    Ok(head.size)
}

/// Appends entries built elsewhere (agencies' keys, `db/responses.rs`); returns the
/// first one's index.
pub(in crate::db) async fn append_entries(
    conn: &mut PgConnection,
    signer: &LogSigner,
    entries: &[NewEntry],
) -> Result<u64, sqlx::Error> {
    append_all(conn, signer, entries).await
}

/// Logs requests just read back from the database, and their resolutions not logged
/// yet, in one append (see [`entries_for`]).
pub(super) async fn log_requests(
    conn: &mut PgConnection,
    signer: &LogSigner,
    requests: &mut [PublishedRequest],
) -> Result<(), sqlx::Error> {
    let entries = entries_for(requests)?;
    let first = append_all(conn, signer, &entries).await?;
    assign_indices(requests, first);
    Ok(())
}

/// Logs a request just read back from the database, and its resolution if it has one
/// that is not logged yet.
pub(super) async fn log_request(
    conn: &mut PgConnection,
    signer: &LogSigner,
    request: &mut PublishedRequest,
) -> Result<(), sqlx::Error> {
    log_requests(conn, signer, std::slice::from_mut(request)).await
}

/// Logs the request's resolution if it has one that is not logged yet (the request
/// itself is logged since it was published).
pub(super) async fn log_resolution(
    conn: &mut PgConnection,
    signer: &LogSigner,
    request: &mut PublishedRequest,
) -> Result<(), sqlx::Error> {
    log_request(conn, signer, request).await
}

/// Logs a moderator's decision just read back from the database and, for an
/// approval, the request it published: one append, the decision's entry first.
pub(super) async fn log_moderation(
    conn: &mut PgConnection,
    signer: &LogSigner,
    item: &mut ModerationLogItem,
    published: Option<&mut PublishedRequest>,
) -> Result<(), sqlx::Error> {
    let entries = moderation_entries(item, published.as_deref())?;
    let first = append_all(conn, signer, &entries).await?;
    assign_moderation_indices(item, published, first);
    Ok(())
}

fn checkpoint_from(row: &sqlx::postgres::PgRow) -> Result<SignedCheckpoint, sqlx::Error> {
    signed_checkpoint(
        row.try_get("tree_size")?,
        row.try_get("root_hash")?,
        row.try_get("timestamp_ms")?,
        row.try_get("signature")?,
    )
}

#[async_trait]
impl LogStore for PgStore {
    /// Makes sure the log covers everything published: signs the empty log's checkpoint
    /// on a new database, appends requests and resolutions published before the log
    /// existed (oldest first), and stores any missing tree nodes. Runs at start-up.
    async fn complete_log(&self) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        sequence(&mut tx).await?;
        let size = log_size_on(&mut tx).await?;
        let expected = node_count(size);
        let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM log_nodes")
            .fetch_one(&mut *tx)
            .await?;
        if stored as u64 != expected {
            let leaves = leaf_hashes_on(&mut tx, size).await?;
            store_nodes(&mut tx, &tree_nodes(leaves)).await?;
        }
        // Every entry names a distinct (kind, request) pair of an existing request
        // (UNIQUE and the foreign key) and resolutions are never removed, so equal
        // counts mean nothing is missing: at a million requests this takes
        // milliseconds where the search below takes seconds.
        let (requests, resolutions, logged_requests, logged_resolutions): (i64, i64, i64, i64) =
            sqlx::query_as(
                "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM resolutions), \
                 (SELECT count(*) FROM log_entries WHERE kind = 'request'), \
                 (SELECT count(*) FROM log_entries WHERE kind = 'resolution')",
            )
            .fetch_one(&mut *tx)
            .await?;
        let complete = requests == logged_requests && resolutions == logged_resolutions;
        let unlogged: Vec<i64> = if complete {
            Vec::new()
        } else {
            sqlx::query_scalar(
            "SELECT r.id FROM requests r \
             WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.kind = 'request' AND e.request_id = r.id) \
                OR EXISTS (SELECT 1 FROM resolutions x WHERE x.request_id = r.id AND NOT EXISTS \
                   (SELECT 1 FROM log_entries e WHERE e.kind = 'resolution' AND e.request_id = r.id)) \
             ORDER BY r.id",
            )
            .fetch_all(&mut *tx)
            .await?
        };
        // Oldest first, many per append; a commit per chunk keeps the WAL small, and
        // each leaves a complete, signed log of everything before it.
        for chunk in unlogged.chunks(COMPLETION_CHUNK) {
            let mut requests = super::request_reads::requests_by_ids(&mut tx, chunk).await?;
            log_requests(&mut tx, &self.log, &mut requests).await?;
            tx.commit().await?;
            tx = self.pool.begin().await?;
            sequence(&mut tx).await?;
        }
        let signed: i64 = sqlx::query_scalar("SELECT count(*) FROM log_checkpoints")
            .fetch_one(&mut *tx)
            .await?;
        if signed == 0 {
            store_checkpoint(&mut tx, &sign_checkpoint(&self.log, 0, &[], None, now_ms())).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    fn log_signer(&self) -> &LogSigner {
        &self.log
    }

    async fn recorded_log_key(&self) -> Result<Option<String>, DbError> {
        Ok(
            sqlx::query_scalar("SELECT public_key FROM log_origin WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn adopt_log_key(&self, key: &str) -> Result<String, DbError> {
        sqlx::query(
            "INSERT INTO log_origin (id, public_key, started_at) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(key)
        .bind(crate::db::to_unix(time::OffsetDateTime::now_utc()))
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT public_key FROM log_origin WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The newest signed checkpoint.
    async fn log_checkpoint(&self) -> Result<SignedCheckpoint, DbError> {
        let row = sqlx::query("SELECT * FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(checkpoint_from(&row)?)
    }

    /// Number of entries in the log.
    async fn log_size(&self) -> Result<u64, DbError> {
        let mut conn = self.pool.acquire().await?;
        Ok(log_size_on(&mut conn).await?)
    }

    /// Entries `start..end` (end exclusive), at most [`MAX_ENTRIES_PER_PAGE`].
    async fn log_entries(&self, start: u64, end: u64) -> Result<Vec<LogEntry>, DbError> {
        let end = end.min(start.saturating_add(MAX_ENTRIES_PER_PAGE));
        let rows = sqlx::query(
            "SELECT idx, entry FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
        )
        .bind(start as i64)
        .bind(end as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| {
                Ok(LogEntry {
                    index: row.try_get::<i64, _>("idx")? as u64,
                    entry: row.try_get("entry")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// The root hash of each leaf range (as the proof range functions of
    /// `porchlight_domain::public_log` give them), from stored perfect subtrees.
    async fn log_range_hashes(&self, ranges: &[Range<u64>]) -> Result<Vec<LogHash>, DbError> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ranges.len());
        for range in ranges {
            let mut parts = Vec::new();
            for node in perfect_parts(range.clone()) {
                parts.push(node_on(&mut conn, node).await?);
            }
            out.push(frontier_root(&parts));
        }
        Ok(out)
    }
}

//! Tree heads and proofs over a slice of leaf hashes (RFC 6962 §2.1, §2.1.1, §2.1.2):
//! what a log server or an auditor computes. Every range the recursion visits is split
//! at the largest power of two below its size, exactly as the RFC defines the tree.

use std::ops::Range;

use super::hash::{LogHash, empty_root, node_hash};

/// A perfect subtree: the `2^level` leaves from `index · 2^level`. Level 0 is a leaf.
///
/// ```
/// use porchlight_domain::public_log::NodeId;
/// assert_eq!(NodeId { level: 2, index: 3 }.leaves(), 12..16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    pub level: u32,
    pub index: u64,
}

impl NodeId {
    /// The leaves it covers.
    pub fn leaves(&self) -> Range<u64> {
        (self.index << self.level)..((self.index + 1) << self.level)
    }
}

/// The perfect subtrees a range of the tree splits into, largest first, when the
/// range starts where the RFC's recursion puts it (aligned to its largest part); its
/// `MTH` is [`frontier_root`] of their hashes.
///
/// ```
/// use porchlight_domain::public_log::{perfect_parts, NodeId};
/// assert_eq!(perfect_parts(0..7), [NodeId { level: 2, index: 0 }, NodeId { level: 1, index: 2 }, NodeId { level: 0, index: 6 }]);
/// ```
pub fn perfect_parts(range: Range<u64>) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let level = 63 - (range.end - start).leading_zeros();
        out.push(NodeId { level, index: start >> level });
        start += 1 << level;
    }
    out
}

/// The leaf ranges whose root hashes make up the audit path of leaf `index` in a tree
/// of `tree_size` leaves (RFC 6962 §2.1.1), in proof order; `None` if out of range.
///
/// ```
/// use porchlight_domain::public_log::inclusion_proof_ranges;
/// assert_eq!(inclusion_proof_ranges(5, 8).unwrap(), [4..5, 6..8, 0..4]);
/// ```
pub fn inclusion_proof_ranges(index: u64, tree_size: u64) -> Option<Vec<Range<u64>>> {
    if index >= tree_size {
        return None;
    }
    let mut out = Vec::new();
    path_ranges(index, 0, tree_size, &mut out);
    Some(out)
}

fn path_ranges(m: u64, lo: u64, hi: u64, out: &mut Vec<Range<u64>>) {
    if hi - lo <= 1 {
        return;
    }
    let k = split_point(hi - lo);
    if m < k {
        path_ranges(m, lo, lo + k, out);
        out.push(lo + k..hi);
    } else {
        path_ranges(m - k, lo + k, hi, out);
        out.push(lo..lo + k);
    }
}

/// The leaf ranges whose root hashes make up the consistency proof from `old_size` to
/// `new_size` leaves (RFC 6962 §2.1.2), in proof order; `None` unless
/// `1 ≤ old_size ≤ new_size`.
///
/// ```
/// use porchlight_domain::public_log::consistency_proof_ranges;
/// assert_eq!(consistency_proof_ranges(6, 8).unwrap(), [4..6, 6..8, 0..4]);
/// ```
pub fn consistency_proof_ranges(old_size: u64, new_size: u64) -> Option<Vec<Range<u64>>> {
    if old_size == 0 || old_size > new_size {
        return None;
    }
    let mut out = Vec::new();
    subproof_ranges(old_size, 0, new_size, true, &mut out);
    Some(out)
}

fn subproof_ranges(m: u64, lo: u64, hi: u64, whole: bool, out: &mut Vec<Range<u64>>) {
    let n = hi - lo;
    if m == n {
        if !whole {
            out.push(lo..hi);
        }
        return;
    }
    let k = split_point(n);
    if m <= k {
        subproof_ranges(m, lo, lo + k, whole, out);
        out.push(lo + k..hi);
    } else {
        subproof_ranges(m - k, lo + k, hi, false, out);
        out.push(lo..lo + k);
    }
}

/// The largest power of two strictly below `n` (`n` ≥ 2).
pub(crate) fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// `MTH(D[n])`: the root hash of the tree whose leaves hash to `leaves`.
///
/// ```
/// use porchlight_domain::public_log::{leaf_hash, root_hash};
/// let leaves: Vec<_> = [&b""[..], &[0x00], &[0x10]].iter().map(|e| leaf_hash(e)).collect();
/// assert_eq!(root_hash(&leaves).to_string(),
///            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77");
/// ```
pub fn root_hash(leaves: &[LogHash]) -> LogHash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split_point(n as u64) as usize;
            node_hash(&root_hash(&leaves[..k]), &root_hash(&leaves[k..]))
        }
    }
}

/// `PATH(index, D[n])`: the audit path of leaf `index` in the tree of all of `leaves`;
/// `None` when `index` is not in the tree.
///
/// ```
/// use porchlight_domain::public_log::{inclusion_proof, leaf_hash, root_hash, verify_inclusion};
/// let leaves: Vec<_> = (0u8..5).map(|i| leaf_hash(&[i])).collect();
/// let proof = inclusion_proof(&leaves, 3).unwrap();
/// assert!(verify_inclusion(&leaves[3], 3, 5, &proof, &root_hash(&leaves)).is_ok());
/// assert!(inclusion_proof(&leaves, 5).is_none());
/// ```
pub fn inclusion_proof(leaves: &[LogHash], index: u64) -> Option<Vec<LogHash>> {
    let ranges = inclusion_proof_ranges(index, leaves.len() as u64)?;
    Some(ranges.into_iter().map(|r| root_hash(&leaves[r.start as usize..r.end as usize])).collect())
}

/// `PROOF(old_size, D[n])`: the consistency proof from the tree of the first `old_size`
/// leaves to the tree of all of `leaves`; `None` unless `1 ≤ old_size ≤ n`.
///
/// ```
/// use porchlight_domain::public_log::{consistency_proof, leaf_hash, root_hash, verify_consistency};
/// let leaves: Vec<_> = (0u8..7).map(|i| leaf_hash(&[i])).collect();
/// let proof = consistency_proof(&leaves, 3).unwrap();
/// assert!(verify_consistency(3, 7, &root_hash(&leaves[..3]), &root_hash(&leaves), &proof).is_ok());
/// ```
pub fn consistency_proof(leaves: &[LogHash], old_size: u64) -> Option<Vec<LogHash>> {
    let ranges = consistency_proof_ranges(old_size, leaves.len() as u64)?;
    Some(ranges.into_iter().map(|r| root_hash(&leaves[r.start as usize..r.end as usize])).collect())
}

/// The roots of the perfect subtrees that make up the tree of all of `leaves`, largest
/// (leftmost) first: one per set bit of the size. Enough to append and to get the root
/// without the leaves.
///
/// ```
/// use porchlight_domain::public_log::{frontier, frontier_root, leaf_hash, root_hash};
/// let leaves: Vec<_> = (0u8..7).map(|i| leaf_hash(&[i])).collect();
/// assert_eq!(frontier(&leaves).len(), 3); // 4 + 2 + 1
/// assert_eq!(frontier_root(&frontier(&leaves)), root_hash(&leaves));
/// ```
pub fn frontier(leaves: &[LogHash]) -> Vec<LogHash> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let n = leaves.len();
    while start < n {
        let size = 1usize << (usize::BITS - 1 - (n - start).leading_zeros());
        out.push(root_hash(&leaves[start..start + size]));
        start += size;
    }
    out
}

/// Appends `leaf` to the frontier of a tree of `size` leaves (merging equal subtrees
/// like a binary counter carries) and returns the perfect subtrees this completed
/// (level ≥ 1), smallest first.
///
/// ```
/// use porchlight_domain::public_log::{frontier, frontier_append, leaf_hash, root_hash, NodeId};
/// let leaves: Vec<_> = (0u8..6).map(|i| leaf_hash(&[i])).collect();
/// let mut f = frontier(&leaves[..5]);
/// let completed = frontier_append(&mut f, 5, leaves[5]);
/// assert_eq!(f, frontier(&leaves));
/// assert_eq!(completed, [(NodeId { level: 1, index: 2 }, root_hash(&leaves[4..6]))]);
/// ```
pub fn frontier_append(
    frontier: &mut Vec<LogHash>,
    size: u64,
    leaf: LogHash,
) -> Vec<(NodeId, LogHash)> {
    frontier.push(leaf);
    let mut completed = Vec::new();
    let mut level = 0;
    while (size >> level) & 1 == 1 && frontier.len() >= 2 {
        let right = frontier.pop().unwrap_or(leaf);
        let left = frontier.pop().unwrap_or(leaf);
        let node = node_hash(&left, &right);
        frontier.push(node);
        level += 1;
        completed.push((NodeId { level, index: size >> level }, node));
    }
    completed
}

/// The root hash of the tree a frontier describes.
///
/// ```
/// use porchlight_domain::public_log::{empty_root, frontier_root};
/// assert_eq!(frontier_root(&[]), empty_root());
/// ```
pub fn frontier_root(frontier: &[LogHash]) -> LogHash {
    let mut iter = frontier.iter().rev();
    let Some(last) = iter.next() else { return empty_root() };
    iter.fold(*last, |acc, left| node_hash(left, &acc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_point_is_the_largest_power_of_two_below() {
        for (n, k) in [
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 4),
            (8, 4),
            (9, 8),
            (1 << 40, 1 << 39),
            ((1 << 40) + 1, 1 << 40),
        ] {
            assert_eq!(split_point(n), k, "n = {n}");
        }
    }

    #[test]
    fn proofs_from_perfect_parts_equal_proofs_from_leaves() {
        use crate::public_log::leaf_hash;
        let leaves: Vec<LogHash> = (0u32..70).map(|i| leaf_hash(&i.to_le_bytes())).collect();
        let node = |n: &NodeId| {
            let r = n.leaves();
            root_hash(&leaves[r.start as usize..r.end as usize])
        };
        let from_parts =
            |r: Range<u64>| frontier_root(&perfect_parts(r).iter().map(node).collect::<Vec<_>>());
        for n in 1..=70u64 {
            for m in 0..n {
                let parts: Vec<LogHash> =
                    inclusion_proof_ranges(m, n).unwrap().into_iter().map(from_parts).collect();
                assert_eq!(Some(parts), inclusion_proof(&leaves[..n as usize], m), "{m}/{n}");
                let parts: Vec<LogHash> = consistency_proof_ranges(m + 1, n)
                    .unwrap()
                    .into_iter()
                    .map(from_parts)
                    .collect();
                assert_eq!(
                    Some(parts),
                    consistency_proof(&leaves[..n as usize], m + 1),
                    "{}→{n}",
                    m + 1
                );
            }
        }
    }

    #[test]
    fn appending_to_the_frontier_matches_the_tree_for_every_size() {
        use crate::public_log::leaf_hash;
        let leaves: Vec<LogHash> = (0u32..130).map(|i| leaf_hash(&i.to_le_bytes())).collect();
        let mut f = Vec::new();
        for (n, leaf) in leaves.iter().enumerate() {
            assert_eq!(f, frontier(&leaves[..n]), "size {n}");
            assert_eq!(frontier_root(&f), root_hash(&leaves[..n]), "size {n}");
            assert_eq!(f.len() as u32, (n as u32).count_ones());
            for (node, hash) in frontier_append(&mut f, n as u64, *leaf) {
                let r = node.leaves();
                assert_eq!(r.end, n as u64 + 1, "a node completes with its last leaf");
                assert_eq!(hash, root_hash(&leaves[r.start as usize..r.end as usize]), "{node:?}");
            }
        }
        assert_eq!(frontier_root(&f), root_hash(&leaves));
    }
}

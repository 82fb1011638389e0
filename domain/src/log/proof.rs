//! Tree heads and proofs over a slice of leaf hashes (RFC 6962 §2.1, §2.1.1, §2.1.2):
//! what a log server or an auditor computes. Every range the recursion visits is split
//! at the largest power of two below its size, exactly as the RFC defines the tree.

use super::hash::{LogHash, empty_root, node_hash};

/// The largest power of two strictly below `n` (`n` ≥ 2).
pub(crate) fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// `MTH(D[n])`: the root hash of the tree whose leaves hash to `leaves`.
///
/// ```
/// use porchlight_domain::log::{leaf_hash, root_hash};
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
/// use porchlight_domain::log::{inclusion_proof, leaf_hash, root_hash, verify_inclusion};
/// let leaves: Vec<_> = (0u8..5).map(|i| leaf_hash(&[i])).collect();
/// let proof = inclusion_proof(&leaves, 3).unwrap();
/// assert!(verify_inclusion(&leaves[3], 3, 5, &proof, &root_hash(&leaves)).is_ok());
/// assert!(inclusion_proof(&leaves, 5).is_none());
/// ```
pub fn inclusion_proof(leaves: &[LogHash], index: u64) -> Option<Vec<LogHash>> {
    if index >= leaves.len() as u64 {
        return None;
    }
    let mut proof = Vec::new();
    path(index as usize, leaves, &mut proof);
    Some(proof)
}

fn path(m: usize, leaves: &[LogHash], proof: &mut Vec<LogHash>) {
    let n = leaves.len();
    if n <= 1 {
        return;
    }
    let k = split_point(n as u64) as usize;
    if m < k {
        path(m, &leaves[..k], proof);
        proof.push(root_hash(&leaves[k..]));
    } else {
        path(m - k, &leaves[k..], proof);
        proof.push(root_hash(&leaves[..k]));
    }
}

/// `PROOF(old_size, D[n])`: the consistency proof from the tree of the first `old_size`
/// leaves to the tree of all of `leaves`; `None` unless `1 ≤ old_size ≤ n`.
///
/// ```
/// use porchlight_domain::log::{consistency_proof, leaf_hash, root_hash, verify_consistency};
/// let leaves: Vec<_> = (0u8..7).map(|i| leaf_hash(&[i])).collect();
/// let proof = consistency_proof(&leaves, 3).unwrap();
/// assert!(verify_consistency(3, 7, &root_hash(&leaves[..3]), &root_hash(&leaves), &proof).is_ok());
/// ```
pub fn consistency_proof(leaves: &[LogHash], old_size: u64) -> Option<Vec<LogHash>> {
    if old_size == 0 || old_size > leaves.len() as u64 {
        return None;
    }
    let mut proof = Vec::new();
    subproof(old_size as usize, leaves, true, &mut proof);
    Some(proof)
}

fn subproof(m: usize, leaves: &[LogHash], whole: bool, proof: &mut Vec<LogHash>) {
    let n = leaves.len();
    if m == n {
        if !whole {
            proof.push(root_hash(leaves));
        }
        return;
    }
    let k = split_point(n as u64) as usize;
    if m <= k {
        subproof(m, &leaves[..k], whole, proof);
        proof.push(root_hash(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, proof);
        proof.push(root_hash(&leaves[..k]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_point_is_the_largest_power_of_two_below() {
        for (n, k) in [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1 << 40, 1 << 39), ((1 << 40) + 1, 1 << 40)] {
            assert_eq!(split_point(n), k, "n = {n}");
        }
    }
}

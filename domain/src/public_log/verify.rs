//! Proof verification, as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency)
//! spell it out: no tree is rebuilt, only the proof's hashes are combined.

use std::fmt;

use super::hash::{LogHash, node_hash};

/// Why a proof does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofError {
    /// The leaf index is not below the tree size.
    IndexBeyondTree,
    /// Consistency needs `1 ≤ old size ≤ new size`.
    SizesOutOfOrder,
    /// More hashes than the tree sizes allow.
    ProofTooLong,
    /// Fewer hashes than the tree sizes need (an empty proof where one is needed too).
    ProofTooShort,
    /// The hashes combine to a different root.
    RootMismatch,
}

impl fmt::Display for ProofError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProofError::IndexBeyondTree => "the entry index is beyond the tree size",
            ProofError::SizesOutOfOrder => "the tree sizes are out of order",
            ProofError::ProofTooLong => "the proof has more hashes than these tree sizes allow",
            ProofError::ProofTooShort => "the proof has fewer hashes than these tree sizes need",
            ProofError::RootMismatch => "the proof does not lead to the signed root hash",
        })
    }
}

impl std::error::Error for ProofError {}

/// Checks that the leaf `leaf` sits at `index` in the tree of `tree_size` leaves whose
/// root is `root` (RFC 9162 §2.1.3.2).
///
/// ```
/// use porchlight_domain::public_log::{verify_inclusion, leaf_hash, LogHash, ProofError};
/// // Leaf 2 (entry 0x10) of the 3-leaf RFC 6962 reference tree.
/// let h = |s: &str| s.parse::<LogHash>().unwrap();
/// let root = h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77");
/// let proof = [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")];
/// assert!(verify_inclusion(&leaf_hash(&[0x10]), 2, 3, &proof, &root).is_ok());
/// assert!(verify_inclusion(&leaf_hash(&[0x10]), 1, 3, &proof, &root).is_err());
/// assert_eq!(verify_inclusion(&leaf_hash(&[0x11]), 2, 3, &proof, &root), Err(ProofError::RootMismatch));
/// ```
pub fn verify_inclusion(
    leaf: &LogHash,
    index: u64,
    tree_size: u64,
    proof: &[LogHash],
    root: &LogHash,
) -> Result<(), ProofError> {
    if index >= tree_size {
        return Err(ProofError::IndexBeyondTree);
    }
    let (mut fnode, mut snode) = (index, tree_size - 1);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return Err(ProofError::ProofTooLong);
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(ProofError::ProofTooShort);
    }
    if r != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old_size` leaves with root `old_root` is a prefix of the
/// tree of `new_size` leaves with root `new_root` (RFC 9162 §2.1.4.2). Equal sizes need
/// an empty proof and equal roots.
///
/// ```
/// use porchlight_domain::public_log::{verify_consistency, LogHash, ProofError};
/// // RFC 6962 reference tree: size 2 → size 5.
/// let h = |s: &str| s.parse::<LogHash>().unwrap();
/// let old = h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
/// let new = h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4");
/// let proof = [h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
///              h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")];
/// assert!(verify_consistency(2, 5, &old, &new, &proof).is_ok());
/// assert_eq!(verify_consistency(2, 5, &new, &old, &proof), Err(ProofError::RootMismatch));
/// ```
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &LogHash,
    new_root: &LogHash,
    proof: &[LogHash],
) -> Result<(), ProofError> {
    if old_size == 0 || old_size > new_size {
        return Err(ProofError::SizesOutOfOrder);
    }
    if old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::ProofTooLong);
        }
        return if old_root == new_root { Ok(()) } else { Err(ProofError::RootMismatch) };
    }
    let Some((first, rest)) = proof.split_first() else {
        return Err(ProofError::ProofTooShort);
    };
    // When the old tree is a complete subtree, its root is the proof's implicit first node.
    let (start, rest) = if old_size.is_power_of_two() { (old_root, proof) } else { (first, rest) };
    let (mut fnode, mut snode) = (old_size - 1, new_size - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut fr, mut sr) = (*start, *start);
    for c in rest {
        if snode == 0 {
            return Err(ProofError::ProofTooLong);
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(ProofError::ProofTooShort);
    }
    if fr != *old_root || sr != *new_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

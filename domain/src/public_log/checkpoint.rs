//! Signed checkpoints: what the log commits to at a moment, and Ed25519 verification.

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::hash::{LogHash, decode_hex, encode_hex};

/// First line of the signed bytes: what they are and the format's version.
pub const CHECKPOINT_HEADER: &str = "porchlight-log-checkpoint/v1";

/// The log's state after an append: its size, root hash and when it was signed.
///
/// ```
/// use porchlight_domain::public_log::{Checkpoint, empty_root};
/// let c = Checkpoint { tree_size: 0, root_hash: empty_root(), timestamp_ms: 1_764_316_800_000 };
/// assert_eq!(String::from_utf8(c.signed_bytes()).unwrap(), "porchlight-log-checkpoint/v1\n0\n\
///     e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n1764316800000\n");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub tree_size: u64,
    pub root_hash: LogHash,
    /// Unix time in milliseconds.
    pub timestamp_ms: u64,
}

impl Checkpoint {
    /// The bytes the log signs: four lines, each ending in `\n` —
    /// [`CHECKPOINT_HEADER`], the tree size in decimal, the root hash in lowercase hex,
    /// the timestamp in decimal milliseconds.
    pub fn signed_bytes(&self) -> Vec<u8> {
        format!(
            "{CHECKPOINT_HEADER}\n{}\n{}\n{}\n",
            self.tree_size, self.root_hash, self.timestamp_ms
        )
        .into_bytes()
    }

    /// Checks `signature` over [`Checkpoint::signed_bytes`] with the log's key
    /// (strict Ed25519: no malleable or small-order signatures).
    ///
    /// ```
    /// use porchlight_domain::public_log::{Checkpoint, LogPublicKey, LogSignature, SignatureError, empty_root};
    /// // RFC 8032 §7.1 test 1's key, which did not sign this checkpoint.
    /// let key: LogPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a".parse().unwrap();
    /// let c = Checkpoint { tree_size: 0, root_hash: empty_root(), timestamp_ms: 0 };
    /// let sig: LogSignature = "00".repeat(64).parse().unwrap();
    /// assert_eq!(c.verify(&key, &sig), Err(SignatureError));
    /// ```
    pub fn verify(
        &self,
        key: &LogPublicKey,
        signature: &LogSignature,
    ) -> Result<(), SignatureError> {
        key.0.verify_strict(&self.signed_bytes(), &signature.0).map_err(|_| SignatureError)
    }
}

/// A signature that does not verify, or a malformed key or signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureError;

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the checkpoint signature does not verify with the log's key")
    }
}

impl std::error::Error for SignatureError {}

/// The log's Ed25519 public key; 64 hex digits on the wire.
///
/// ```
/// use porchlight_domain::public_log::LogPublicKey;
/// let key: LogPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a".parse().unwrap();
/// assert_eq!(key.to_bytes()[0], 0xd7);
/// assert!("d75a".parse::<LogPublicKey>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LogPublicKey(pub VerifyingKey);

impl LogPublicKey {
    /// The 32 key bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

impl fmt::Display for LogPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode_hex(self.0.as_bytes()))
    }
}

impl fmt::Debug for LogPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogPublicKey({self})")
    }
}

impl FromStr for LogPublicKey {
    type Err = SignatureError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes: [u8; 32] =
            decode_hex(s).and_then(|b| b.try_into().ok()).ok_or(SignatureError)?;
        VerifyingKey::from_bytes(&bytes).map(LogPublicKey).map_err(|_| SignatureError)
    }
}

/// An Ed25519 signature; 128 hex digits on the wire.
///
/// ```
/// use porchlight_domain::public_log::LogSignature;
/// let sig: LogSignature = "ab".repeat(64).parse().unwrap();
/// assert_eq!(sig.to_string(), "ab".repeat(64));
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LogSignature(pub Signature);

impl fmt::Display for LogSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode_hex(&self.0.to_bytes()))
    }
}

impl fmt::Debug for LogSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogSignature({self})")
    }
}

impl FromStr for LogSignature {
    type Err = SignatureError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes: [u8; 64] =
            decode_hex(s).and_then(|b| b.try_into().ok()).ok_or(SignatureError)?;
        Ok(LogSignature(Signature::from_bytes(&bytes)))
    }
}

macro_rules! serde_as_string {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_as_string!(LogPublicKey);
serde_as_string!(LogSignature);

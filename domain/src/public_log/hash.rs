//! RFC 6962 hashing: leaves, interior nodes and the empty tree.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// A SHA-256 hash in the log; lowercase hex on the wire.
///
/// ```
/// use porchlight_domain::public_log::LogHash;
/// let h: LogHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".parse().unwrap();
/// assert_eq!(h.to_string(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogHash(pub [u8; 32]);

impl LogHash {
    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for LogHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for LogHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogHash({self})")
    }
}

/// A hash that is not 64 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseHashError;

impl fmt::Display for ParseHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a SHA-256 hash as 64 hexadecimal digits")
    }
}

impl std::error::Error for ParseHashError {}

impl FromStr for LogHash {
    type Err = ParseHashError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = decode_hex(s).ok_or(ParseHashError)?;
        Ok(LogHash(bytes.try_into().map_err(|_| ParseHashError)?))
    }
}

impl Serialize for LogHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LogHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Lowercase hex of any bytes.
pub(crate) fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex (either case) to bytes; `None` for odd lengths or other characters.
pub(crate) fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.as_bytes().chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?)).collect()
}

/// The root of the empty tree: `SHA-256()`.
///
/// ```
/// assert_eq!(porchlight_domain::public_log::empty_root().to_string(),
///            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// ```
pub fn empty_root() -> LogHash {
    LogHash(Sha256::digest([]).into())
}

/// `SHA-256(0x00 ‖ entry)`.
///
/// ```
/// // The first leaf of the RFC 6962 reference tree is the empty entry.
/// assert_eq!(porchlight_domain::public_log::leaf_hash(b"").to_string(),
///            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
/// ```
pub fn leaf_hash(entry: &[u8]) -> LogHash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(entry);
    LogHash(h.finalize().into())
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
///
/// ```
/// use porchlight_domain::public_log::{leaf_hash, node_hash};
/// // The root of the two-leaf RFC 6962 reference tree.
/// assert_eq!(node_hash(&leaf_hash(b""), &leaf_hash(&[0x00])).to_string(),
///            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
/// ```
pub fn node_hash(left: &LogHash, right: &LogHash) -> LogHash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left.0);
    h.update(right.0);
    LogHash(h.finalize().into())
}

//! The Ed25519 key that signs checkpoints: generated on first start, kept in a file
//! only its owner can read (by default next to the database).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signer, SigningKey};
use porchlight_domain::public_log::{Checkpoint, LogPublicKey, LogSignature};
use rand::RngCore;

/// The key file's name, next to the database file unless `--log-key` says otherwise.
pub const KEY_FILE_NAME: &str = "porchlight-log.key";

/// The key file cannot be read, written or understood.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("log key {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("log key {path}: expected 64 hexadecimal digits (an Ed25519 seed)")]
    Malformed { path: PathBuf },
}

/// Signs checkpoints.
pub struct LogSigner {
    key: SigningKey,
}

impl fmt::Debug for LogSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret.
        write!(f, "LogSigner({})", self.public_key())
    }
}

impl LogSigner {
    /// A signer from a 32-byte Ed25519 seed.
    pub fn from_seed(seed: [u8; 32]) -> LogSigner {
        LogSigner {
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// Reads the key at `path`, or creates it there (mode 0600) from the OS's random
    /// source when the file does not exist.
    pub fn load_or_create(path: &Path) -> Result<LogSigner, KeyError> {
        let io = |source| KeyError::Io {
            path: path.to_owned(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let seed = hex::decode(text.trim())
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .ok_or_else(|| KeyError::Malformed {
                        path: path.to_owned(),
                    })?;
                warn_if_readable_by_others(path);
                Ok(LogSigner::from_seed(seed))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut seed = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut seed);
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path).map_err(io)?;
                file.write_all(format!("{}\n", hex::encode(seed)).as_bytes())
                    .map_err(io)?;
                file.sync_all().map_err(io)?;
                let signer = LogSigner::from_seed(seed);
                tracing::info!(path = %path.display(), public_key = %signer.public_key(), "created the public log's signing key");
                Ok(signer)
            }
            Err(e) => Err(io(e)),
        }
    }

    /// The public half, which readers verify checkpoints with.
    pub fn public_key(&self) -> LogPublicKey {
        LogPublicKey(self.key.verifying_key())
    }

    /// Signs [`Checkpoint::signed_bytes`].
    pub fn sign(&self, checkpoint: &Checkpoint) -> LogSignature {
        LogSignature(self.key.sign(&checkpoint.signed_bytes()))
    }
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(path = %path.display(), "the log key is readable by other users; chmod 600 it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_private_and_reloaded_identically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE_NAME);
        let first = LogSigner::load_or_create(&path).unwrap();
        let again = LogSigner::load_or_create(&path).unwrap();
        assert_eq!(first.public_key(), again.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let other = LogSigner::load_or_create(&dir.path().join("other.key")).unwrap();
        assert_ne!(
            first.public_key(),
            other.public_key(),
            "each key is fresh randomness"
        );
        std::fs::write(dir.path().join("bad.key"), "not hex").unwrap();
        assert!(matches!(
            LogSigner::load_or_create(&dir.path().join("bad.key")),
            Err(KeyError::Malformed { .. })
        ));
    }

    #[test]
    fn signatures_verify_with_the_public_key() {
        let signer = LogSigner::from_seed([9; 32]);
        let c = Checkpoint {
            tree_size: 3,
            root_hash: porchlight_domain::public_log::empty_root(),
            timestamp_ms: 5,
        };
        assert!(c.verify(&signer.public_key(), &signer.sign(&c)).is_ok());
        assert!(!format!("{signer:?}").contains(&hex::encode([9u8; 32])));
    }
}

//! The newest checkpoint this browser verified, in local storage.

use porchlight_domain::public_log::LogPublicKey;
use porchlight_domain::wire::SignedCheckpoint;
use serde::{Deserialize, Serialize};

/// Local-storage key of the remembered checkpoint.
pub const STORAGE_KEY: &str = "porchlight.log.checkpoint";

/// A checkpoint this browser verified, and the key that signed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RememberedCheckpoint {
    pub public_key: LogPublicKey,
    pub checkpoint: SignedCheckpoint,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered checkpoint, if any (an unreadable entry counts as none).
pub fn remembered_checkpoint() -> Option<RememberedCheckpoint> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Remembers `checkpoint` (a private window or full storage simply remembers nothing).
pub fn remember_checkpoint(remembered: &RememberedCheckpoint) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(remembered)) {
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

/// Forgets the remembered checkpoint.
pub fn forget_checkpoint() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

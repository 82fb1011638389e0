//! The agency's key files imported into this browser: kept as they were downloaded
//! (passphrase-encrypted) in `localStorage`, per agency; decrypted only in memory, on
//! the responses page, when a staff member types the passphrase.

fn storage_key(slug: &str) -> String {
    format!("porchlight.agency-keys.{slug}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The key files imported for `slug`, newest first.
pub fn key_files(slug: &str) -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(&storage_key(slug)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Keeps a key file for `slug` in this browser (once).
pub fn store_key_file(slug: &str, file: &str) -> bool {
    let mut files = key_files(slug);
    if !files.iter().any(|f| f == file) {
        files.insert(0, file.to_owned());
    }
    let Ok(json) = serde_json::to_string(&files) else { return false };
    storage().is_some_and(|s| s.set_item(&storage_key(slug), &json).is_ok())
}

/// Removes every key file of `slug` from this browser.
pub fn forget_key_files(slug: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&storage_key(slug));
    }
}

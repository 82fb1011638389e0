//! The unsent form in `localStorage`, so a reload or a closed tab loses nothing.

use super::state::FormState;

/// The storage key (versioned: a future shape can ignore old drafts).
pub const DRAFT_KEY: &str = "porchlight.request-draft.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved draft, if there is one and it can be read.
pub fn load_draft() -> Option<FormState> {
    let text = storage()?.get_item(DRAFT_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Saves the draft; an empty form removes it. Storage may be full or disabled: the
/// form keeps working without it.
pub fn save_draft(state: &FormState) {
    let Some(storage) = storage() else { return };
    if state.is_empty() {
        let _ = storage.remove_item(DRAFT_KEY);
    } else if let Ok(text) = serde_json::to_string(state) {
        let _ = storage.set_item(DRAFT_KEY, &text);
    }
}

/// Forgets the draft (after posting, or "Discard draft").
pub fn clear_draft() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

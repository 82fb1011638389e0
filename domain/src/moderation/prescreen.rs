//! The pre-screen: transparent phrase rules that warn a poster (and highlight for the
//! moderator) what a draft's title and description may contain that a request may
//! not. It never blocks; no hidden model.

use super::{Concern, ConcernField};

/// The concerns in a draft's title and description, in order of field then position.
///
/// ```
/// use porchlight_domain::moderation::prescreen;
/// assert!(prescreen("Footage near 5th and Pine", "A person carrying a red bicycle was seen.").is_empty());
/// ```
pub fn prescreen(title: &str, description: &str) -> Vec<Concern> {
    // Filled in by the pre-screen's rule table (next commit).
    let _ = (title, description, ConcernField::Title);
    Vec::new()
}

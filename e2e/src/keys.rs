//! WebDriver key codes for `send_keys`.

/// The Enter key.
pub const ENTER: &str = "\u{E007}";
/// The Tab key.
pub const TAB: &str = "\u{E004}";
/// The Shift key (held for the keys that follow it in the same string).
pub const SHIFT: &str = "\u{E008}";

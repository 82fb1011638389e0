//! WebDriver key codes, for [`crate::input::press`] (and `send_keys` on text fields).

/// The Backspace key.
pub const BACKSPACE: &str = "\u{E003}";
/// The Tab key.
pub const TAB: &str = "\u{E004}";
/// The Enter key.
pub const ENTER: &str = "\u{E007}";
/// The Shift key (held for the keys that follow it in the same string).
pub const SHIFT: &str = "\u{E008}";
/// The left arrow key.
pub const LEFT: &str = "\u{E012}";
/// The up arrow key.
pub const UP: &str = "\u{E013}";
/// The right arrow key.
pub const RIGHT: &str = "\u{E014}";
/// The down arrow key.
pub const DOWN: &str = "\u{E015}";

/// The modifier keys, held down by [`crate::input::press`] until the end of its string.
pub(crate) const MODIFIERS: [char; 4] = ['\u{E008}', '\u{E009}', '\u{E00A}', '\u{E03D}'];
/// The Escape key.
pub const ESCAPE: &str = "\u{E00C}";

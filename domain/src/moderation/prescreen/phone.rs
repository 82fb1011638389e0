//! Victim details, a phone number: 7 to 15 digits written as a phone number is.
//!
//! Decisions (each has a case in `tests/prescreen.rs`):
//! - Shapes: groups separated by one space, hyphen or full stop, or a first group in
//!   brackets, whose last group has 4 digits (`555-0100`, `(503) 555-0100`,
//!   `503.555.0100`, `1-800-555-0100`); two groups only as `3-4`; a `+` and 8–15 digits
//!   in any grouping (`+44 20 7946 0958`); 10 digits in a row, or 11 starting with 1.
//! - Not phones: case numbers (`26-118233`: the last group is not 4 digits; anything
//!   right after `case`, `report`, `incident`, `file`, `ref`, `#`…), dates
//!   (`2026-11-27`, `27.11.2026`), times (`21:00`), 7 digits in a row (a case number
//!   as often as a phone), and digits glued to letters (`A5035550100`).
//! - The poster's own number belongs in the contact field, so it warns there too.

use std::ops::Range;

use super::text::Text;

const MIN_DIGITS: usize = 7;
const MAX_DIGITS: usize = 15;

/// A number right after one of these (and an optional `#`, `no`, `number`) is a
/// reference, not a phone.
const REFERENCE_WORDS: &[&str] = &[
    "case",
    "report",
    "incident",
    "file",
    "ref",
    "reference",
    "docket",
    "ticket",
    "badge",
    "cad",
    "permit",
    "event",
    "claim",
];

pub(super) fn find(text: &Text) -> Vec<Range<usize>> {
    let bytes = text.source.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !starts_number(text.source, at) {
            at += 1;
            continue;
        }
        let (end, groups, plus) = read(bytes, at);
        if looks_like_phone(&groups, plus) && !is_reference(text, at) && !glued(text.source, end) {
            found.push(at..end);
        }
        // Never start again inside a number that was read: linear, and `26-118233`
        // does not become `118233`.
        at = end.max(at + 1);
    }
    found
}

/// Whether a number may start at byte `at`: a digit, or `+`/`(` before a digit, not
/// glued to a word or another number before it.
fn starts_number(source: &str, at: usize) -> bool {
    let bytes = source.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let opens = digit_at(at) || (matches!(bytes[at], b'+' | b'(') && digit_at(at + 1));
    if !opens {
        return false;
    }
    // An ASCII byte, so `at` is on a character boundary.
    let before = source[..at].chars().next_back();
    !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '#' | '/' | ':' | '.' | '-' | '+'))
}

/// Reads digit groups from `at`: returns the end (after the last group), the group
/// lengths, and whether it began with `+`.
fn read(bytes: &[u8], at: usize) -> (usize, Vec<usize>, bool) {
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let plus = bytes[at] == b'+';
    let mut i = at + usize::from(plus);
    let mut groups = Vec::new();
    let mut end = i;
    loop {
        // Only an area code is bracketed: `(503) 555-0100`, `+1 (503) 555-0100`.
        let bracketed = bytes.get(i) == Some(&b'(') && groups.len() <= 1;
        let from = i + usize::from(bracketed);
        let mut to = from;
        while digit_at(to) {
            to += 1;
        }
        if to == from || (bracketed && bytes.get(to) != Some(&b')')) {
            break;
        }
        groups.push(to - from);
        end = to + usize::from(bracketed);
        i = end;
        let separator = usize::from(matches!(bytes.get(i), Some(b' ' | b'-' | b'.')));
        if separator == 0 && !bracketed {
            break;
        }
        let next = i + separator;
        if !(digit_at(next) || (bytes.get(next) == Some(&b'(') && digit_at(next + 1))) {
            break;
        }
        i = next;
    }
    (end, groups, plus)
}

fn looks_like_phone(groups: &[usize], plus: bool) -> bool {
    let digits: usize = groups.iter().sum();
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
        return false;
    }
    if plus {
        return digits >= 8;
    }
    match groups {
        [one] => *one == 10 || *one == 11,
        [3, 4] => true,
        [first, second, 4] if *first <= 2 && *second <= 2 => false, // 27.11.2026
        [.., last] => *last == 4 && groups.iter().all(|&g| (1..=4).contains(&g)),
        [] => false,
    }
}

/// Whether the number at byte `at` follows a reference word (`Case 26-118233`,
/// `report # 503 555 0100`).
fn is_reference(text: &Text, at: usize) -> bool {
    let Some(mut index) = text.word_before(at) else {
        return false;
    };
    let close = |i: usize, to: usize| {
        let gap = &text.source[text.words[i].end..to];
        gap.chars().all(|c| c.is_whitespace() || matches!(c, '#' | ':' | '.' | '(' | ','))
    };
    if !close(index, at) {
        return false;
    }
    if matches!(text.words[index].lower.as_str(), "no" | "nr" | "num" | "number") && index > 0 {
        if !close(index - 1, text.words[index].start) {
            return false;
        }
        index -= 1;
    }
    REFERENCE_WORDS.contains(&text.words[index].lower.as_str())
}

/// Whether a letter or digit is glued to the end (`555-0100x`).
fn glued(source: &str, end: usize) -> bool {
    source[end..].chars().next().is_some_and(char::is_alphanumeric)
}

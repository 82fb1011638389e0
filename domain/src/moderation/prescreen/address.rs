//! Victim details, a house address: a house number, a street name and a street type
//! (`1423 Oak St`, `12 NE 5th Avenue`, `10 Downing Street`).
//!
//! Decisions (each has a case in `tests/prescreen.rs`):
//! - The street name is one to three capitalised words, ordinals or compass points
//!   (`Main`, `5th`, `NE`, `Martin Luther King`), so "3 people ran down the street" is
//!   not an address. All lower case is accepted for one name word and a short street
//!   type (`123 main st`).
//! - Not an address: `1200 block of Main St` (how agencies describe a place without an
//!   address), an intersection (`5th and Pine`), a number glued to a time or a date.

use std::ops::Range;

use super::text::Text;

const STREET_TYPES: &[&str] = &[
    "st",
    "street",
    "ave",
    "av",
    "avenue",
    "rd",
    "road",
    "blvd",
    "boulevard",
    "dr",
    "drive",
    "lane",
    "ln",
    "way",
    "ct",
    "court",
    "pl",
    "place",
    "ter",
    "terrace",
    "pkwy",
    "parkway",
    "cir",
    "circle",
    "hwy",
    "highway",
];

/// Street types short enough that `123 main st` is clearly an address.
const SHORT_TYPES: &[&str] = &["st", "ave", "av", "rd", "blvd", "dr", "ln", "ct", "pl"];

/// Words that follow a number but do not start a street name.
const NOT_STREET_NAMES: &[&str] = &["block", "blk", "blocks", "hundred", "of", "and"];

const MAX_NAME_WORDS: usize = 3;
const MAX_HOUSE_NUMBER_DIGITS: usize = 6;

pub(super) fn find(text: &Text) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for number in 0..text.words.len() {
        let word = &text.words[number];
        if !word.is_number() || word.text.len() > MAX_HOUSE_NUMBER_DIGITS {
            continue;
        }
        // `21:00 Main St`, `2026-11-27`: part of a time or a date.
        let before = text.gap_before(number);
        if number > 0 && !before.is_empty() && !before.contains(char::is_whitespace) {
            continue;
        }
        if let Some(last) = street_after(text, number) {
            found.push(number..last + 1);
        }
    }
    found
}

/// The street type's word index if a street name and type follow the house number.
fn street_after(text: &Text, number: usize) -> Option<usize> {
    let mut lower_case_name = false;
    for names in 1..=MAX_NAME_WORDS {
        let index = number + names;
        let word = text.words.get(index)?;
        if !text.joined(index) || text.gap_before(index) != " " {
            return None;
        }
        if names > 1 && STREET_TYPES.contains(&word.lower.as_str()) {
            let short = SHORT_TYPES.contains(&word.lower.as_str());
            return (!lower_case_name || (names == 2 && short)).then_some(index);
        }
        if NOT_STREET_NAMES.contains(&word.lower.as_str()) {
            return None;
        }
        let compass = matches!(
            word.lower.as_str(),
            "n" | "s" | "e" | "w" | "ne" | "nw" | "se" | "sw" | "north" | "south" | "east" | "west"
        );
        let capitalised = word.is_capitalised() && word.is_alphabetic();
        if !(capitalised || compass || word.is_ordinal()) {
            if !(word.is_alphabetic() && word.text.chars().all(char::is_lowercase)) {
                return None;
            }
            lower_case_name = true;
        }
    }
    // A type after three name words.
    let index = number + MAX_NAME_WORDS + 1;
    let word = text.words.get(index)?;
    (text.joined(index)
        && text.gap_before(index) == " "
        && !lower_case_name
        && STREET_TYPES.contains(&word.lower.as_str()))
    .then_some(index)
}

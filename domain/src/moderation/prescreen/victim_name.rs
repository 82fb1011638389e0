//! Victim details, the name: a capitalised name right after `victim`, `victims` or
//! `complainant` (`the victim, Jane Doe`, `victim Maria Lopez`, `Victim: José Núñez`,
//! `the victim (Ana Ruiz)`, `the victims, John and Mary Smith`) or after `victim's name
//! is`.
//!
//! Decisions: `victim's` followed by anything but `name` is not a name (`the victim's
//! Honda Civic`); capitalised words that start a clause or name a service (`The`,
//! `Police`, `Victim Services`) are not names; a title (`Mrs. Lopez`) is part of it.

use std::ops::Range;

use super::phrase::match_at;
use super::text::{Text, is_hyphen};

/// Words that introduce a victim, and what may stand between them and the name.
const VICTIM_WORDS: &[&str] = &["victim", "victims", "complainant"];
const LEAD_INS: &[&str] = &[
    "named",
    "is",
    "was",
    "identified as",
    "is named",
    "was named",
    "name is",
    "name was",
    "is called",
    "called",
];
const POSSESSIVE_LEAD_INS: &[&str] = &["victim's name is", "victim's name was", "victim's name"];

/// Titles that begin a name and may carry a full stop.
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr"];

/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "this",
    "that",
    "was",
    "is",
    "who",
    "and",
    "but",
    "or",
    "if",
    "when",
    "then",
    "please",
    "anyone",
    "police",
    "officer",
    "officers",
    "detective",
    "detectives",
    "on",
    "in",
    "at",
    "of",
    "services",
    "service",
    "assistance",
    "advocate",
    "advocates",
    "support",
    "unit",
    "impact",
    "compensation",
    "fund",
    "rights",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "black",
    "white",
    "hispanic",
    "latino",
    "latina",
    "latinx",
    "asian",
    "arab",
    "caucasian",
    "native",
    "african",
    "middle",
    "pacific",
];

const MAX_NAME_WORDS: usize = 4;

pub(super) fn find(text: &Text) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for index in 0..text.words.len() {
        let after =
            if let Some(last) = POSSESSIVE_LEAD_INS.iter().find_map(|p| match_at(text, index, p)) {
                last + 1
            } else if VICTIM_WORDS.contains(&text.words[index].lower.as_str()) {
                let lead_in = LEAD_INS.iter().filter_map(|p| match_at(text, index + 1, p)).max();
                lead_in.map_or(index + 1, |last| last + 1)
            } else {
                continue;
            };
        if let Some(name) = name_at(text, after) {
            found.push(name);
        }
    }
    found
}

/// A name of one to four capitalised words starting at word `first`, in the same
/// sentence as the word before it and set off by a space, comma, colon or bracket; two
/// names joined by `and` are one (`the victims, John and Mary Smith`).
fn name_at(text: &Text, first: usize) -> Option<Range<usize>> {
    let lead = text.gap_before(first).trim();
    if !text.joined(first) || !matches!(lead, "" | "," | ":" | "-" | "(" | ", (") {
        return None;
    }
    let is_name_word = |i: usize| {
        text.words.get(i).is_some_and(|w| {
            w.is_capitalised() && w.is_alphabetic() && !NOT_NAMES.contains(&w.lower.as_str())
        })
    };
    let is_title = |i: usize| {
        text.words.get(i).is_some_and(|w| w.is_capitalised() && TITLES.contains(&w.lower.as_str()))
    };
    let mut last = first;
    let mut name_words = usize::from(!is_title(first));
    if name_words == 1 && !is_name_word(first) {
        return None;
    }
    let mut part_words = 1;
    while text.joined(last + 1) {
        let gap = text.gap_before(last + 1);
        let after_title = is_title(last) && gap == ". ";
        if (gap == " " || is_hyphen(gap) || after_title)
            && part_words < MAX_NAME_WORDS
            && is_name_word(last + 1)
        {
            last += 1;
            part_words += 1;
            name_words += 1;
        } else if (gap == " " || after_title)
            && (name_words > 0 || is_title(last))
            && text.lower(last + 1) == Some("and")
            && text.joined(last + 2)
            && text.gap_before(last + 2) == " "
            && (is_name_word(last + 2) || is_title(last + 2))
        {
            last += 2;
            part_words = 1;
            name_words += usize::from(!is_title(last));
        } else {
            break;
        }
    }
    (name_words > 0).then_some(first..last + 1)
}

//! Protest: words for a protest or another lawful gathering.
//!
//! Decisions (each has a case in `tests/prescreen.rs`):
//! - Whole words only, so `protective order`, `protection`, `Protestant`, `demonstrated`,
//!   `demonstrably`, `vigilant` never match. `demonstrating` and `marched` are left out:
//!   in requests they mostly mean "showing" and "forced to walk" ("marched the clerk to
//!   the back").
//! - `march` is the month, not a protest, next to a day or year (`March 3`, `3 March`,
//!   `March 2026`, `the 3rd of March`), or written `March` after a word of time (`since`,
//!   `in`, `early`, `mid-`, `last`, …, or `February to March`). A lower-case `march`
//!   after such a word still warns (`since march`): the warning is cheap, the miss is not.
//! - Not a gathering: `marching band`, `marching orders`, `rallying point` (a place
//!   people meet up, common in descriptions of a getaway), `rally car`, `picket fence`,
//!   `March Madness`, `March break`.

use std::ops::Range;

use super::phrase::find_phrases;
use super::text::Text;

const PHRASES: &[&str] = &[
    "protest",
    "protests",
    "protested",
    "protesting",
    "protester",
    "protesters",
    "protestor",
    "protestors",
    "counterprotest",
    "counterprotests",
    "counterprotester",
    "counterprotesters",
    "demonstration",
    "demonstrations",
    "demonstrator",
    "demonstrators",
    "march",
    "marches",
    "marcher",
    "marchers",
    "marching",
    "rally",
    "rallies",
    "rallied",
    "rallying",
    "vigil",
    "vigils",
    "picket",
    "pickets",
    "picketed",
    "picketing",
    "picketer",
    "picketers",
    "sit-in",
    "sit-ins",
    "walkout",
    "walkouts",
    "walk-out",
    "walk-outs",
    "first amendment",
    "1st amendment",
];

/// A word and the next word that together are not a gathering.
const NOT_A_GATHERING: &[(&str, &str)] = &[
    ("marching", "band"),
    ("marching", "bands"),
    ("marching", "orders"),
    ("rallying", "point"),
    ("rallying", "points"),
    ("rally", "car"),
    ("rally", "cars"),
    ("picket", "fence"),
    ("picket", "fences"),
    ("march", "madness"),
    ("march", "break"),
];

const MONTHS: &[&str] = &[
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
];

/// Words after which a capitalised `March` is the month.
const TIME_WORDS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "from",
    "during",
    "early",
    "mid",
    "late",
    "last",
    "next",
    "this",
    "of",
    "on",
    "through",
    "throughout",
    "before",
    "after",
    "around",
    "between",
    "every",
    "each",
];

/// Words joining two months (`February to March`, `March and April`).
const MONTH_JOINERS: &[&str] = &["to", "through", "and", "or", "until", "till"];

pub(super) fn find(text: &Text) -> Vec<Range<usize>> {
    find_phrases(text, PHRASES, |text, words| {
        let last = words.end - 1;
        let first = &text.words[words.start].lower;
        let next = text.next(last);
        if NOT_A_GATHERING.iter().any(|&(word, after)| word == first && next == Some(after)) {
            return false;
        }
        !(first == "march" && is_month(text, words.start))
    })
}

/// Whether the word `march` at `index` is the month.
fn is_month(text: &Text, index: usize) -> bool {
    let day = |i: usize| {
        text.words.get(i).is_some_and(|w| {
            let digits = w.text.bytes().take_while(u8::is_ascii_digit).count();
            (w.is_number() || w.is_ordinal())
                && w.text[..digits].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        })
    };
    let year = |i: usize| text.words.get(i).is_some_and(|w| w.is_number() && w.text.len() == 4);
    // `March 3`, `march 3rd`, `March 2026`, `March, 2026`.
    if text.joined(index + 1) && (day(index + 1) || year(index + 1)) {
        return true;
    }
    if !text.words[index].is_capitalised() {
        return false;
    }
    // `3 March`, `3rd of March` (capitalised: "some 40 march" is a crowd).
    if text.joined(index) {
        if day(index - 1) {
            return true;
        }
        if text.previous(index) == Some("of") && text.joined(index - 1) && day(index - 2) {
            return true;
        }
    }
    let is_month_word = |i: Option<&str>| i.is_some_and(|w| MONTHS.contains(&w));
    match text.previous(index) {
        Some(word) if TIME_WORDS.contains(&word) => return true,
        Some(word) if MONTH_JOINERS.contains(&word) && is_month_word(text.previous(index - 1)) => {
            return true;
        }
        _ => {}
    }
    // `March to May`.
    text.next(index).is_some_and(|w| MONTH_JOINERS.contains(&w))
        && is_month_word(text.next(index + 1))
}

//! Pressure language: wording that tells residents they must share, or that not
//! sharing has consequences.
//!
//! Decisions (each has a case in `tests/prescreen.rs`):
//! - `must` alone is not pressure (`must have been`, `the suspect must`): only `you
//!   must`, or `must` before a verb of handing over (`must share`, `must provide`).
//! - A negation just before turns it into the opposite (`not mandatory`, `not required
//!   to share`, `never obligated`): no concern.
//! - `or face` only before a consequence (`or face charges`), not `mask or face
//!   covering`. `obliged` is left out ("we would be obliged" is thanks).

use std::ops::Range;

use super::phrase::find_phrases;
use super::text::Text;

const PHRASES: &[&str] = &[
    "you must",
    "you are required",
    "you're required",
    "you are obligated",
    "you're obligated",
    "residents are required",
    "required to share",
    "required to provide",
    "required to submit",
    "required to send",
    "required to upload",
    "required to hand",
    "required to turn",
    "required to comply",
    "required to cooperate",
    "required by law",
    "legally required",
    "legally obligated",
    "mandatory",
    "compulsory",
    "obligated",
    "failure to share",
    "failure to provide",
    "failure to submit",
    "failure to comply",
    "failure to cooperate",
    "failure to respond",
    "failing to share",
    "failing to provide",
    "must share",
    "must provide",
    "must submit",
    "must send",
    "must upload",
    "must comply",
    "must cooperate",
    "must hand",
    "must turn",
    "must give",
    "must contact",
    "must respond",
    "must be shared",
    "must be provided",
    "must be submitted",
    "or face",
    "we expect all residents",
    "we expect residents",
    "we expect you",
    "expected to share",
    "expected to provide",
    "expected to submit",
];

/// What may follow `or face` for it to be a threat.
const CONSEQUENCES: &[&str] = &[
    "charges",
    "charge",
    "prosecution",
    "penalties",
    "penalty",
    "consequences",
    "arrest",
    "fines",
    "a",
    "legal",
    "criminal",
    "possible",
    "jail",
    "prison",
    "action",
];

const NEGATIONS: &[&str] =
    &["not", "no", "never", "isn't", "aren't", "wasn't", "weren't", "nothing", "neither", "nor"];

pub(super) fn find(text: &Text) -> Vec<Range<usize>> {
    find_phrases(text, PHRASES, |text, words| {
        let negated = (1..=2).any(|back| {
            words.start >= back
                && (0..back).all(|k| text.joined(words.start - k))
                && NEGATIONS.contains(&text.words[words.start - back].lower.as_str())
        });
        if negated {
            return false;
        }
        let last = words.end - 1;
        let or_face = text.words[words.start].lower == "or";
        !or_face || text.next(last).is_some_and(|w| CONSEQUENCES.contains(&w))
    })
}

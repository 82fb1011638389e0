//! Matching written phrases against a field's words: `"you must"` is two words with
//! white space between, `"sit-in"` two words joined by a hyphen. Case never matters.

use std::ops::Range;

use super::text::{Text, is_hyphen, is_space};

/// If `phrase` starts at word `first`, the index of its last word.
pub(super) fn match_at(text: &Text, first: usize, phrase: &str) -> Option<usize> {
    let mut index = first;
    let mut rest = phrase;
    let mut separator = None;
    loop {
        let split = rest.find([' ', '-']).unwrap_or(rest.len());
        let word = text.words.get(index)?;
        if word.lower != rest[..split] {
            return None;
        }
        if let Some(separator) = separator {
            let gap = text.gap_before(index);
            let fits = match separator {
                ' ' => is_space(gap) && text.joined(index),
                _ => is_hyphen(gap),
            };
            if !fits {
                return None;
            }
        }
        if split == rest.len() {
            return Some(index);
        }
        separator = rest[split..].chars().next();
        rest = &rest[split + 1..];
        index += 1;
    }
}

/// Every place one of `phrases` occurs, as word ranges (`first..last + 1`), skipping
/// those `keep` refuses. Linear in the number of words times the phrase count.
pub(super) fn find_phrases(
    text: &Text,
    phrases: &[&str],
    keep: impl Fn(&Text, Range<usize>) -> bool,
) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for first in 0..text.words.len() {
        for phrase in phrases {
            if let Some(last) = match_at(text, first, phrase)
                && keep(text, first..last + 1)
            {
                found.push(first..last + 1);
            }
        }
    }
    found
}

/// The byte range of words `words` in the field.
pub(super) fn bytes(text: &Text, words: Range<usize>) -> Range<usize> {
    text.words[words.start].start..text.words[words.end - 1].end
}

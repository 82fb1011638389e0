//! A field's text as words with byte offsets and sentence numbers: what every phrase
//! rule reads. Words are runs of letters and digits (any script, so accented names are
//! whole words), with an apostrophe inside a word kept (`victim's`, `O'Brien`).

/// One word of a field.
pub(super) struct Word<'a> {
    /// Byte offsets into the field's text, on character boundaries.
    pub start: usize,
    pub end: usize,
    /// The word as written.
    pub text: &'a str,
    /// Lower case, with a typographic apostrophe made plain, for comparing.
    pub lower: String,
    /// Which sentence of the field it is in (0, 1, …).
    pub sentence: usize,
}

impl Word<'_> {
    /// Whether it starts with an upper-case letter (`Jane`, `Núñez`, `St`).
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether it is only ASCII digits (`1200`, `2026`).
    pub fn is_number(&self) -> bool {
        self.text.bytes().all(|b| b.is_ascii_digit())
    }

    /// Whether it is only letters (`Lopez`, `Åsa`, `O'Brien`).
    pub fn is_alphabetic(&self) -> bool {
        self.text.chars().all(|c| c.is_alphabetic() || is_apostrophe(c))
    }

    /// `1st`, `22nd`, `3rd`, `5th`: ordinals name streets and days.
    pub fn is_ordinal(&self) -> bool {
        let digits = self.lower.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && matches!(&self.lower[digits..], "st" | "nd" | "rd" | "th")
    }
}

/// A field split into words.
pub(super) struct Text<'a> {
    pub source: &'a str,
    pub words: Vec<Word<'a>>,
}

impl<'a> Text<'a> {
    pub fn new(source: &'a str) -> Text<'a> {
        let mut words: Vec<Word<'a>> = Vec::new();
        let mut chars = source.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            let mut previous = c;
            while let Some(&(at, next)) = chars.peek() {
                let keep = next.is_alphanumeric()
                    || (is_apostrophe(next)
                        && previous.is_alphabetic()
                        && source[at + next.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphabetic));
                if !keep {
                    break;
                }
                end = at + next.len_utf8();
                previous = next;
                chars.next();
            }
            let text = &source[start..end];
            let sentence = match words.last() {
                None => 0,
                Some(last) if ends_sentence(last, &source[last.end..start]) => last.sentence + 1,
                Some(last) => last.sentence,
            };
            let lower = text.to_lowercase().replace('\u{2019}', "'");
            words.push(Word { start, end, text, lower, sentence });
        }
        Text { source, words }
    }

    /// The word at `index`, lower case, if there is one.
    pub fn lower(&self, index: usize) -> Option<&str> {
        self.words.get(index).map(|w| w.lower.as_str())
    }

    /// The text between word `index - 1` and word `index`: the start of the text before
    /// the first word, its end after the last, `""` past that.
    pub fn gap_before(&self, index: usize) -> &'a str {
        let from = index.checked_sub(1).and_then(|i| self.words.get(i)).map_or(0, |w| w.end);
        let to = self.words.get(index).map_or(self.source.len(), |w| w.start);
        match index > self.words.len() {
            true => "",
            false => &self.source[from..to],
        }
    }

    /// The text after word `index` up to the next word (or the end).
    pub fn gap_after(&self, index: usize) -> &'a str {
        let end = self.words.get(index + 1).map_or(self.source.len(), |w| w.start);
        &self.source[self.words[index].end..end]
    }

    /// Whether words `index - 1` and `index` are in the same sentence.
    pub fn joined(&self, index: usize) -> bool {
        match (index.checked_sub(1).and_then(|i| self.words.get(i)), self.words.get(index)) {
            (Some(before), Some(word)) => before.sentence == word.sentence,
            _ => false,
        }
    }

    /// The previous word (lower case) in the same sentence.
    pub fn previous(&self, index: usize) -> Option<&str> {
        self.joined(index).then(|| self.words[index - 1].lower.as_str())
    }

    /// The next word (lower case) in the same sentence.
    pub fn next(&self, index: usize) -> Option<&str> {
        self.joined(index + 1).then(|| self.words[index + 1].lower.as_str())
    }

    /// The index of the last word that starts before byte `at`.
    pub fn word_before(&self, at: usize) -> Option<usize> {
        self.words.partition_point(|w| w.start < at).checked_sub(1)
    }
}

/// Whether a gap is only white space (a space-separated phrase), at least one character.
pub(super) fn is_space(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(char::is_whitespace)
}

/// Whether a gap is one hyphen (`sit-in`, `African-American`).
pub(super) fn is_hyphen(gap: &str) -> bool {
    matches!(gap, "-" | "\u{2010}" | "\u{2011}")
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Words after which a full stop does not end a sentence (`approx. 6 ft`, `Mrs. Lopez`).
const ABBREVIATIONS: &[&str] = &[
    "approx", "appr", "ca", "mr", "mrs", "ms", "dr", "det", "sgt", "ofc", "lt", "st", "ave", "rd",
    "blvd", "ln", "ct", "pl", "apt", "ft", "in", "lbs", "lb", "no", "vs", "jr", "sr", "etc", "e",
    "g", "i", "yrs", "yr", "mo", "est",
];

/// A sentence ends at `!`, `?`, a line break, or a full stop followed by white space
/// after a word that is not an abbreviation or a single letter (an initial).
fn ends_sentence(last: &Word, gap: &str) -> bool {
    if gap.contains(['!', '?', '\n', '\r']) {
        return true;
    }
    let Some(stop) = gap.find('.') else {
        return false;
    };
    let spaced = gap[stop..].contains(char::is_whitespace);
    let initial = last.text.chars().count() == 1 && !last.is_number();
    spaced && !initial && !ABBREVIATIONS.contains(&last.lower.as_str())
}

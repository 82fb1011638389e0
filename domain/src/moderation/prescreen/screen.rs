//! Runs every rule on both fields and turns what they found into [`Concern`]s.

use std::ops::Range;

use super::text::Text;
use super::{address, phone, phrase, pressure, protest, race, victim_name};
use crate::moderation::{Concern, ConcernField, ConcernKind};

/// The concerns in a draft's title and description: title first, then description,
/// each by position. It never blocks: a poster may send a draft with concerns, and a
/// moderator sees them highlighted.
///
/// Each concern's `matched` is the text as written and `start..end` its byte offsets
/// in the field as passed (`&field[start..end] == matched`). Matching ignores case and
/// goes by whole words (letters of any script). Overlapping matches of one kind are
/// merged into one concern. The rules and their edge decisions are documented beside
/// their word lists in `domain/src/moderation/prescreen/` and tested both ways in
/// `domain/tests/prescreen.rs`:
///
/// | kind | warns on | does not warn on |
/// |---|---|---|
/// | `protest` | protest(er)s, march(es/ers/ing), rally, vigil, demonstration(s/ors), picket(ing), sit-in, walkout, First Amendment | protective order, demonstrated, Protestant, vigilant, `March 3`, `since March`, marching band, rallying point, picket fence |
/// | `race_only_description` | a race or ethnicity word about a person with no descriptor in the sentence (`a Black man`, `the suspect was white`) | colours of things (`white van`, `black jacket`); a sentence with clothing, build, height, hair, a vehicle, something carried, a numeric age |
/// | `victim_details` | a name after `victim` (`the victim, Jane Doe`); a phone number; a house address (`1423 Oak St`) | case numbers (`26-118233`), times, dates, `1200 block of Main St`, intersections |
/// | `pressure_language` | you must, required to share, mandatory, obligated, failure to provide, must share, legally required, or face charges, we expect all residents | must have been, the suspect must, not mandatory |
///
/// The text comes from a real request: a rally, a description by race alone and a
/// victim's name and street are each flagged.
///
/// ```
/// use porchlight_domain::moderation::{prescreen, ConcernField, ConcernKind};
///
/// let title = "Footage of Saturday's rally on Burnside";
/// let description = "A Black male approached the victim, Jane Doe, at 1423 Oak St \
///     around 21:00. You must share any footage (case 26-118233).";
/// let found: Vec<_> = prescreen(title, description)
///     .into_iter()
///     .map(|c| (c.field, c.kind, c.matched))
///     .collect();
/// assert_eq!(found, [
///     (ConcernField::Title, ConcernKind::Protest, "rally".to_owned()),
///     (ConcernField::Description, ConcernKind::RaceOnlyDescription, "Black male".to_owned()),
///     (ConcernField::Description, ConcernKind::VictimDetails, "Jane Doe".to_owned()),
///     (ConcernField::Description, ConcernKind::VictimDetails, "1423 Oak St".to_owned()),
///     (ConcernField::Description, ConcernKind::PressureLanguage, "You must share".to_owned()),
/// ]);
///
/// // A real description with nothing to warn about.
/// assert!(prescreen(
///     "Footage near 5th and Pine",
///     "A Black man, about 6 ft, wearing a grey hoodie and carrying a backpack, was seen \
///      near the 1200 block of Main St on March 3 between 21:00 and 23:00."
/// ).is_empty());
/// ```
pub fn prescreen(title: &str, description: &str) -> Vec<Concern> {
    let mut concerns = screen(ConcernField::Title, title);
    concerns.extend(screen(ConcernField::Description, description));
    concerns
}

fn screen(field: ConcernField, source: &str) -> Vec<Concern> {
    let text = Text::new(source);
    let words = |found: Vec<Range<usize>>| {
        found.into_iter().map(|w| phrase::bytes(&text, w)).collect::<Vec<_>>()
    };
    let mut found: Vec<(ConcernKind, Range<usize>)> = Vec::new();
    let mut add = |kind: ConcernKind, ranges: Vec<Range<usize>>| {
        found.extend(ranges.into_iter().map(|r| (kind, r)));
    };
    add(ConcernKind::Protest, words(protest::find(&text)));
    add(ConcernKind::RaceOnlyDescription, words(race::find(&text)));
    add(ConcernKind::VictimDetails, words(victim_name::find(&text)));
    add(ConcernKind::VictimDetails, phone::find(&text));
    add(ConcernKind::VictimDetails, words(address::find(&text)));
    add(ConcernKind::PressureLanguage, words(pressure::find(&text)));
    found.sort_by_key(|(kind, range)| (*kind, range.start, range.end));
    let mut merged: Vec<(ConcernKind, Range<usize>)> = Vec::new();
    for (kind, range) in found {
        match merged.last_mut() {
            Some((last_kind, last)) if *last_kind == kind && range.start < last.end => {
                last.end = last.end.max(range.end);
            }
            _ => merged.push((kind, range)),
        }
    }
    merged.sort_by_key(|(kind, range)| (range.start, range.end, *kind));
    merged
        .into_iter()
        .map(|(kind, range)| Concern {
            kind,
            field,
            matched: source[range.clone()].to_owned(),
            start: range.start,
            end: range.end,
        })
        .collect()
}

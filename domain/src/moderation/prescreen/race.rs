//! Race-only description: a person described by race or ethnicity, in a sentence that
//! gives nothing else to go on (no clothing, build, height, hair, vehicle, something
//! carried, tattoo, numeric age…).
//!
//! Decisions (each has a case in `tests/prescreen.rs`):
//! - A race word describes a person only next to a person word (`Black man`, `white
//!   male`, `Hispanic and Black teens`, `young Asian woman`), or after `is`/`was`/`as`…
//!   when a person word came earlier in the sentence (`the suspect was white`), or as a
//!   noun (`Hispanics`, `a Latino who…`). So `white van`, `black jacket`, `white picket
//!   fence`, `an Asian market` never match.
//! - Any descriptor in the same sentence removes the concern: that is a description.
//!   `young`, `old` and `elderly` are not descriptors (as vague as race alone); a
//!   numeric age is (`in his 20s`, `about 25 years old`).
//! - `whites` / `blacks` as nouns are left out (`egg whites`, laundry); the singular
//!   forms are covered.

use std::ops::Range;

use super::phrase::match_at;
use super::text::{Text, is_hyphen, is_space};

/// Race and ethnicity words. `black` and `white` are also colours, so only person
/// words make them about a person; the others may also stand as nouns.
const RACES: &[&str] = &[
    "black",
    "white",
    "hispanic",
    "latino",
    "latina",
    "latinx",
    "asian",
    "arab",
    "caucasian",
    "native american",
    "middle eastern",
    "middle-eastern",
    "african american",
    "african-american",
    "pacific islander",
];

/// Plural nouns that name people by ethnicity on their own.
const PEOPLE_BY_RACE: &[&str] = &[
    "hispanics",
    "latinos",
    "latinas",
    "asians",
    "arabs",
    "caucasians",
    "native americans",
    "african americans",
    "african-americans",
    "pacific islanders",
];

const PERSONS: &[&str] = &[
    "man",
    "men",
    "male",
    "males",
    "woman",
    "women",
    "female",
    "females",
    "person",
    "persons",
    "people",
    "individual",
    "individuals",
    "guy",
    "guys",
    "boy",
    "boys",
    "girl",
    "girls",
    "teen",
    "teens",
    "teenager",
    "teenagers",
    "juvenile",
    "juveniles",
    "youth",
    "youths",
    "kid",
    "kids",
    "child",
    "children",
    "suspect",
    "suspects",
    "subject",
    "subjects",
    "adult",
    "adults",
    "lady",
    "ladies",
    "gentleman",
    "gentlemen",
];

/// Words that may stand between a race word and a person word.
const BETWEEN: &[&str] = &["young", "younger", "old", "older", "elderly", "teenage", "and", "or"];

/// After one of these, a race word is said of someone already named (`was white`).
const PREDICATES: &[&str] =
    &["is", "was", "are", "were", "as", "appeared", "appears", "possibly", "probably", "likely"];

/// After `a Latino`, `an Asian`: the ethnic word is a noun when one of these follows.
const AFTER_NOUN: &[&str] = &[
    "who", "with", "in", "at", "near", "on", "was", "is", "and", "seen", "walking", "running",
    "driving", "fled", "ran",
];

/// Anything that can be seen and checked. One of these in the sentence makes it a
/// description, not race alone.
#[rustfmt::skip]
const DESCRIPTORS: &[&str] = &[
    // Clothing and things worn.
    "wearing", "wore", "worn", "dressed", "clothes", "clothing", "shirt", "t", "tee",
    "tshirt", "hoodie", "hoody", "hooded", "sweatshirt", "sweater", "jumper", "jacket",
    "coat", "vest", "pants", "trousers", "jeans", "shorts", "skirt", "dress", "uniform",
    "hat", "cap", "beanie", "hood", "mask", "masked", "gloves", "shoes", "sneakers",
    "trainers", "boots", "sandals", "scarf", "bandana", "glasses", "sunglasses", "backpack",
    "bag", "purse", "jewelry", "jewellery", "chain", "earrings", "watch", "helmet",
    "lanyard", "logo",
    // Build and height.
    "build", "built", "thin", "slim", "skinny", "heavy", "heavyset", "stocky", "muscular",
    "athletic", "large", "small", "medium", "tall", "short", "height", "weight", "weighing",
    "ft", "feet", "inches", "cm", "lbs", "pounds", "kg",
    // Hair and face.
    "hair", "haired", "shaved", "bald", "balding", "beard", "bearded", "mustache", "moustache",
    "goatee", "stubble", "dreadlocks", "dreads", "braids", "braided", "ponytail", "bun",
    "afro", "mohawk", "eyes", "tattoo", "tattoos", "tattooed", "scar", "scars", "piercing",
    "piercings", "freckles", "limp", "limping",
    // Vehicles.
    "car", "cars", "vehicle", "van", "truck", "pickup", "suv", "sedan", "coupe",
    "hatchback", "motorcycle", "motorbike", "scooter", "moped", "bike", "bicycle", "plate",
    "plates", "license", "licence", "driving", "drove", "riding", "rode",
    // Something carried or with them.
    "carrying", "carried", "holding", "pushing", "pulling", "dragging", "dog", "stroller",
    "cart", "trolley", "skateboard", "box", "crowbar", "tool", "tools", "weapon", "knife",
    "gun", "firearm",
    // Age.
    "age", "aged", "years", "year", "yrs",
];

pub(super) fn find(text: &Text) -> Vec<Range<usize>> {
    let sentences = text.words.last().map_or(0, |w| w.sentence + 1);
    let mut described = vec![false; sentences];
    for (index, word) in text.words.iter().enumerate() {
        if is_descriptor(text, index) {
            described[word.sentence] = true;
        }
    }
    let mut person_seen = vec![false; sentences];
    let mut found = Vec::new();
    for (index, word) in text.words.iter().enumerate() {
        let sentence = word.sentence;
        if described[sentence] {
            continue;
        }
        if let Some(words) = mention_at(text, index, person_seen[sentence]) {
            found.push(words);
        }
        if PERSONS.contains(&word.lower.as_str()) {
            person_seen[sentence] = true;
        }
    }
    found
}

/// A race mention starting at word `index`, as a word range.
fn mention_at(text: &Text, index: usize, person_seen: bool) -> Option<Range<usize>> {
    if let Some(last) = PEOPLE_BY_RACE.iter().find_map(|p| match_at(text, index, p)) {
        return Some(index..last + 1);
    }
    let (race, last) = RACES.iter().find_map(|r| Some((*r, match_at(text, index, r)?)))?;
    // `Black man`, `white male`, `Hispanic and Black teens`, `Black/Latino youths`.
    let mut next = last + 1;
    for _ in 0..4 {
        if !text.joined(next) || !is_list_gap(text.gap_before(next)) {
            break;
        }
        let Some(word) = text.lower(next) else { break };
        if PERSONS.contains(&word) {
            return Some(index..next + 1);
        }
        if let Some(end) = RACES.iter().find_map(|r| match_at(text, next, r)) {
            next = end + 1;
        } else if BETWEEN.contains(&word) {
            next += 1;
        } else {
            break;
        }
    }
    let follows_predicate = text.previous(index).is_some_and(|w| PREDICATES.contains(&w));
    if follows_predicate && person_seen {
        return Some(index..last + 1);
    }
    // `a Latino who…`, `an Asian.` — not for colours.
    let colour = matches!(race, "black" | "white");
    let after_article = text.previous(index).is_some_and(|w| w == "a" || w == "an");
    let noun_follows = match text.next(last) {
        None => true,
        Some(word) => AFTER_NOUN.contains(&word),
    };
    (!colour && after_article && noun_follows).then_some(index..last + 1)
}

/// Space, a hyphen, a slash or a comma between listed words.
fn is_list_gap(gap: &str) -> bool {
    is_space(gap) || is_hyphen(gap) || matches!(gap.trim(), "/" | "," | "-")
}

fn is_descriptor(text: &Text, index: usize) -> bool {
    let word = &text.words[index];
    if DESCRIPTORS.contains(&word.lower.as_str()) {
        return true;
    }
    // `20s`, `30s`: an age range; `6ft`, `180cm`, `5'10`: a height.
    let digits = word.lower.bytes().take_while(u8::is_ascii_digit).count();
    let unit = &word.lower[digits..];
    if digits > 0 && matches!(unit, "s" | "ft" | "cm" | "in" | "lbs" | "kg" | "yo") {
        return true;
    }
    // `6 foot`, but not `fled on foot`.
    let foot = word.lower == "foot" && index > 0 && text.words[index - 1].is_number();
    foot || (word.is_number()
        && text.gap_after(index).starts_with(['\'', '\u{2032}', '\u{2019}', '"']))
}

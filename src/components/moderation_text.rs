//! Moderation's words in the reader's language: the prohibited uses, a decision's
//! action, and the rule messages of decisions and reports.

use porchlight_domain::moderation::{ModerationError, ProhibitedUse};
use porchlight_domain::wire::ModerationAction;

use crate::i18n::{current_lang, t, Lang};

/// A prohibited use's title ("Harassment").
pub fn reason_title(reason: ProhibitedUse) -> String {
    t(match reason {
        ProhibitedUse::LawfulActivity => "moderation.reason.lawful_activity",
        ProhibitedUse::GeneralAnnouncement => "moderation.reason.general_announcement",
        ProhibitedUse::RaceOnlyDescription => "moderation.reason.race_only_description",
        ProhibitedUse::VictimDetails => "moderation.reason.victim_details",
        ProhibitedUse::Harassment => "moderation.reason.harassment",
        ProhibitedUse::PressureLanguage => "moderation.reason.pressure_language",
        ProhibitedUse::NoActiveInvestigation => "moderation.reason.no_active_investigation",
        ProhibitedUse::OutsideJurisdiction => "moderation.reason.outside_jurisdiction",
        ProhibitedUse::Other => "moderation.reason.other",
    })
}

/// What a prohibited use forbids and why, in plain words.
pub fn reason_explanation(reason: ProhibitedUse) -> String {
    t(match reason {
        ProhibitedUse::LawfulActivity => "moderation.explanation.lawful_activity",
        ProhibitedUse::GeneralAnnouncement => "moderation.explanation.general_announcement",
        ProhibitedUse::RaceOnlyDescription => "moderation.explanation.race_only_description",
        ProhibitedUse::VictimDetails => "moderation.explanation.victim_details",
        ProhibitedUse::Harassment => "moderation.explanation.harassment",
        ProhibitedUse::PressureLanguage => "moderation.explanation.pressure_language",
        ProhibitedUse::NoActiveInvestigation => "moderation.explanation.no_active_investigation",
        ProhibitedUse::OutsideJurisdiction => "moderation.explanation.outside_jurisdiction",
        ProhibitedUse::Other => "moderation.explanation.other",
    })
}

/// What a decision did, in words ("Rejected a submission").
pub fn action_label(action: ModerationAction) -> String {
    t(match action {
        ModerationAction::Approve => "moderation.action.approve",
        ModerationAction::Reject => "moderation.action.reject",
        ModerationAction::Dismiss => "moderation.action.dismiss",
        ModerationAction::Uphold => "moderation.action.uphold",
    })
}

/// A rule a decision or a report breaks, in the reader's language: for an English
/// reader the domain's own message (with its figures), otherwise the text of its
/// stable code (`error.code.*`).
pub fn moderation_error_text(error: &ModerationError) -> String {
    match current_lang() {
        Lang::En => error.to_string(),
        _ => t(&format!("error.code.{}", error.code())),
    }
}

/// `key`'s text split around its `{slot}`, for text with an element (a link, a name in
/// bold) inside: `(before, after)`, wherever the language puts it.
pub fn text_around(key: &str, slot: &str, args: &[(&str, &str)]) -> (String, String) {
    let mut all = args.to_vec();
    all.push((slot, "\u{1}"));
    let text = crate::i18n::tf(key, &all);
    match text.split_once('\u{1}') {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (text, String::new()),
    }
}

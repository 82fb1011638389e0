//! The form's messages in the reader's language.

use porchlight_domain::moderation::{Attestation, ConcernField, ConcernKind};
use porchlight_domain::wire::ErrorDetail;
use porchlight_domain::{DraftError, TimeFrameEnd, MAX_AREA_M2};

use crate::api::problem_text;
use crate::format::area_text;
use crate::i18n::{current_lang, number, t, tf, Lang};

/// A rule the draft breaks, in the reader's language: for an English reader the
/// domain's own message, with its figures ("The area is 0.62 sq mi; …"); otherwise
/// the text of its stable code (`error.code.*`, as for the server's answers), but for
/// an unreadable start or end, which says which one.
pub fn draft_error_text(error: &DraftError) -> String {
    match (current_lang(), error) {
        (Lang::En, _) => error.to_string(),
        (_, DraftError::TimeFrameInvalid { which: TimeFrameEnd::Start }) => t("form.error.start_invalid"),
        (_, DraftError::TimeFrameInvalid { which: TimeFrameEnd::End }) => t("form.error.end_invalid"),
        _ => t(&format!("error.code.{}", error.code())),
    }
}

/// A problem the server found in a post, in the reader's language: for an English
/// reader the server's message (the domain's, with its figures), otherwise the text
/// of its code.
pub fn detail_text(detail: &ErrorDetail) -> String {
    match current_lang() {
        Lang::En => detail.message.clone(),
        _ => problem_text(detail),
    }
}

/// The area meter's readout: "0.31 sq mi (0.80 km²) — 62 % of the limit".
pub fn area_with_limit_text(m2: f64) -> String {
    let percent = (m2 / MAX_AREA_M2 * 100.0).round();
    tf("form.area_meter.value", &[("area", &area_text(m2)), ("percent", &number(percent))])
}

/// The statement a poster confirms.
pub fn attestation_text(which: Attestation) -> String {
    t(match which {
        Attestation::ActiveInvestigation => "form.attestation.active_investigation",
        Attestation::NoLawfulActivity => "form.attestation.no_lawful_activity",
    })
}

/// Why the pre-screen flagged a phrase (a warning: the poster may still send).
pub fn concern_text(kind: ConcernKind) -> String {
    t(match kind {
        ConcernKind::Protest => "form.concern.protest",
        ConcernKind::RaceOnlyDescription => "form.concern.race_only_description",
        ConcernKind::VictimDetails => "form.concern.victim_details",
        ConcernKind::PressureLanguage => "form.concern.pressure_language",
    })
}

/// "In the title" / "In the description".
pub fn concern_field_text(field: ConcernField) -> String {
    t(match field {
        ConcernField::Title => "form.concern.in_title",
        ConcernField::Description => "form.concern.in_description",
    })
}

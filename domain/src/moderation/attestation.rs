//! The two statements a poster confirms on every draft.

use crate::wire::AttestationsInput;

/// One of the statements in [`AttestationsInput`].
///
/// ```
/// use porchlight_domain::{moderation::Attestation, wire::AttestationsInput};
/// assert_eq!(Attestation::missing(&AttestationsInput { active_investigation: true, no_lawful_activity: false }),
///            [Attestation::NoLawfulActivity]);
/// assert!(Attestation::missing(&AttestationsInput::CONFIRMED).is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attestation {
    ActiveInvestigation,
    NoLawfulActivity,
}

impl Attestation {
    /// Both, in the order the form shows them.
    pub const ALL: [Attestation; 2] =
        [Attestation::ActiveInvestigation, Attestation::NoLawfulActivity];

    /// The statement's full text, as the poster confirms it.
    ///
    /// ```
    /// use porchlight_domain::moderation::Attestation;
    /// assert!(Attestation::NoLawfulActivity.text().contains("protests"));
    /// ```
    pub fn text(self) -> &'static str {
        match self {
            Attestation::ActiveInvestigation => {
                "I confirm that this request concerns an active investigation with the case \
                 number given above."
            }
            Attestation::NoLawfulActivity => {
                "I confirm that this request is not meant to gather information about lawful \
                 activity, such as protests or any other exercise of First Amendment rights."
            }
        }
    }

    /// The field's path in a draft (`attestations.…`).
    ///
    /// ```
    /// use porchlight_domain::moderation::Attestation;
    /// assert_eq!(Attestation::ActiveInvestigation.field(), "attestations.active_investigation");
    /// ```
    pub fn field(self) -> &'static str {
        match self {
            Attestation::ActiveInvestigation => "attestations.active_investigation",
            Attestation::NoLawfulActivity => "attestations.no_lawful_activity",
        }
    }

    /// Whether `input` confirms this statement.
    pub fn is_confirmed(self, input: &AttestationsInput) -> bool {
        match self {
            Attestation::ActiveInvestigation => input.active_investigation,
            Attestation::NoLawfulActivity => input.no_lawful_activity,
        }
    }

    /// The statements `input` does not confirm, in order.
    pub fn missing(input: &AttestationsInput) -> Vec<Attestation> {
        Attestation::ALL.into_iter().filter(|a| !a.is_confirmed(input)).collect()
    }
}

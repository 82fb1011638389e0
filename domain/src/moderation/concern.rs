//! What the pre-screen found in a draft: a warning with the text that caused it.

use serde::{Deserialize, Serialize};

use super::ProhibitedUse;

/// The kind of problem a phrase suggests.
///
/// ```
/// use porchlight_domain::moderation::{ConcernKind, ProhibitedUse};
/// assert_eq!(ConcernKind::Protest.reason(), ProhibitedUse::LawfulActivity);
/// assert_eq!(serde_json::to_string(&ConcernKind::VictimDetails).unwrap(), "\"victim_details\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcernKind {
    /// A protest, march, rally, vigil, demonstration or similar.
    Protest,
    /// A person described by race or ethnicity with nothing else to go on.
    RaceOnlyDescription,
    /// What looks like a victim's name, phone number or address.
    VictimDetails,
    /// Wording that tells residents they must share.
    PressureLanguage,
}

impl ConcernKind {
    /// The prohibited use this concern points at.
    ///
    /// ```
    /// use porchlight_domain::moderation::{ConcernKind, ProhibitedUse};
    /// assert_eq!(ConcernKind::PressureLanguage.reason(), ProhibitedUse::PressureLanguage);
    /// ```
    pub fn reason(self) -> ProhibitedUse {
        match self {
            ConcernKind::Protest => ProhibitedUse::LawfulActivity,
            ConcernKind::RaceOnlyDescription => ProhibitedUse::RaceOnlyDescription,
            ConcernKind::VictimDetails => ProhibitedUse::VictimDetails,
            ConcernKind::PressureLanguage => ProhibitedUse::PressureLanguage,
        }
    }

    /// The warning shown beside the field (the poster may still send).
    ///
    /// ```
    /// use porchlight_domain::moderation::ConcernKind;
    /// assert!(ConcernKind::Protest.message().contains("protest"));
    /// ```
    pub fn message(self) -> &'static str {
        match self {
            ConcernKind::Protest => {
                "This mentions what may be a protest or another lawful gathering. Requests \
                 may not gather information about lawful activity."
            }
            ConcernKind::RaceOnlyDescription => {
                "This may describe a person by race or ethnicity alone. Add what can be \
                 seen and checked (clothing, build, a vehicle), or leave race out."
            }
            ConcernKind::VictimDetails => {
                "This looks like a victim's personal details (a name, phone number or \
                 address). Requests are public: leave them out."
            }
            ConcernKind::PressureLanguage => {
                "This may pressure residents. Sharing footage is always voluntary."
            }
        }
    }
}

/// Which free-text field a concern is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcernField {
    Title,
    Description,
}

impl ConcernField {
    /// The field's path in a draft, as in [`DraftError::field`](crate::DraftError::field).
    ///
    /// ```
    /// use porchlight_domain::moderation::ConcernField;
    /// assert_eq!(ConcernField::Description.path(), "description");
    /// ```
    pub fn path(self) -> &'static str {
        match self {
            ConcernField::Title => "title",
            ConcernField::Description => "description",
        }
    }
}

/// One warning of the pre-screen: the phrase that matched, where it is (byte offsets
/// into the field's text, `start..end`, on character boundaries) and what it suggests.
///
/// ```
/// use porchlight_domain::moderation::{Concern, ConcernField, ConcernKind};
/// let c: Concern = serde_json::from_str(r#"{"kind":"protest","field":"title",
///   "matched":"rally","start":13,"end":18}"#).unwrap();
/// assert_eq!(c.kind, ConcernKind::Protest);
/// assert_eq!(&"Footage of a rally downtown"[c.start..c.end], "rally");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concern {
    pub kind: ConcernKind,
    pub field: ConcernField,
    /// The text that matched, as written.
    pub matched: String,
    pub start: usize,
    pub end: usize,
}

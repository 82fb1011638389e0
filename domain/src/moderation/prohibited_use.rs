//! What a Request for Assistance may never be: the closed list moderators refuse
//! submissions and uphold reports with, and residents report with.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A prohibited use, with a stable code (on the wire, in databases and in the public
/// log) and a plain-English explanation shown to posters, moderators and the public.
///
/// ```
/// use porchlight_domain::moderation::ProhibitedUse;
/// let reason: ProhibitedUse = serde_json::from_str("\"lawful_activity\"").unwrap();
/// assert_eq!(reason, ProhibitedUse::LawfulActivity);
/// assert_eq!(reason.title(), "Lawful activity such as a protest");
/// assert!(serde_json::from_str::<ProhibitedUse>("\"rude\"").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProhibitedUse {
    LawfulActivity,
    GeneralAnnouncement,
    RaceOnlyDescription,
    VictimDetails,
    Harassment,
    PressureLanguage,
    NoActiveInvestigation,
    OutsideJurisdiction,
    Other,
}

impl ProhibitedUse {
    /// Every prohibited use, in the order forms list them.
    ///
    /// ```
    /// use porchlight_domain::moderation::ProhibitedUse;
    /// assert_eq!(ProhibitedUse::ALL.len(), 9);
    /// assert_eq!(ProhibitedUse::ALL.last(), Some(&ProhibitedUse::Other));
    /// ```
    pub const ALL: [ProhibitedUse; 9] = [
        ProhibitedUse::LawfulActivity,
        ProhibitedUse::GeneralAnnouncement,
        ProhibitedUse::RaceOnlyDescription,
        ProhibitedUse::VictimDetails,
        ProhibitedUse::Harassment,
        ProhibitedUse::PressureLanguage,
        ProhibitedUse::NoActiveInvestigation,
        ProhibitedUse::OutsideJurisdiction,
        ProhibitedUse::Other,
    ];

    /// The stable code.
    ///
    /// ```
    /// use porchlight_domain::moderation::ProhibitedUse;
    /// assert_eq!(ProhibitedUse::RaceOnlyDescription.code(), "race_only_description");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            ProhibitedUse::LawfulActivity => "lawful_activity",
            ProhibitedUse::GeneralAnnouncement => "general_announcement",
            ProhibitedUse::RaceOnlyDescription => "race_only_description",
            ProhibitedUse::VictimDetails => "victim_details",
            ProhibitedUse::Harassment => "harassment",
            ProhibitedUse::PressureLanguage => "pressure_language",
            ProhibitedUse::NoActiveInvestigation => "no_active_investigation",
            ProhibitedUse::OutsideJurisdiction => "outside_jurisdiction",
            ProhibitedUse::Other => "other",
        }
    }

    /// Parses [`ProhibitedUse::code`] back.
    ///
    /// ```
    /// use porchlight_domain::moderation::ProhibitedUse;
    /// assert_eq!(ProhibitedUse::parse("victim_details"), Some(ProhibitedUse::VictimDetails));
    /// assert_eq!(ProhibitedUse::parse("Victim_Details"), None);
    /// ```
    pub fn parse(code: &str) -> Option<ProhibitedUse> {
        ProhibitedUse::ALL.into_iter().find(|reason| reason.code() == code)
    }

    /// A short name for checkboxes and badges.
    ///
    /// ```
    /// use porchlight_domain::moderation::ProhibitedUse;
    /// assert_eq!(ProhibitedUse::PressureLanguage.title(), "Pressure on residents");
    /// ```
    pub fn title(self) -> &'static str {
        match self {
            ProhibitedUse::LawfulActivity => "Lawful activity such as a protest",
            ProhibitedUse::GeneralAnnouncement => "General announcement",
            ProhibitedUse::RaceOnlyDescription => "Description by race or ethnicity alone",
            ProhibitedUse::VictimDetails => "A victim's personal details",
            ProhibitedUse::Harassment => "Harassment",
            ProhibitedUse::PressureLanguage => "Pressure on residents",
            ProhibitedUse::NoActiveInvestigation => "No active investigation",
            ProhibitedUse::OutsideJurisdiction => "Outside the agency's jurisdiction",
            ProhibitedUse::Other => "Other",
        }
    }

    /// What the rule forbids and why, in plain English.
    ///
    /// ```
    /// use porchlight_domain::moderation::ProhibitedUse;
    /// assert!(ProhibitedUse::GeneralAnnouncement.explanation().contains("public service"));
    /// ```
    pub fn explanation(self) -> &'static str {
        match self {
            ProhibitedUse::LawfulActivity => {
                "A request may not be used to gather information about lawful activity, \
                 such as a protest, a march, a rally, a vigil or any other exercise of \
                 First Amendment rights."
            }
            ProhibitedUse::GeneralAnnouncement => {
                "A request asks for footage of one incident under investigation. General \
                 announcements, public service messages and safety tips are not requests."
            }
            ProhibitedUse::RaceOnlyDescription => {
                "A person may not be described by race or ethnicity alone. A description \
                 must rest on what can be seen and checked: clothing, build, a vehicle, \
                 something carried."
            }
            ProhibitedUse::VictimDetails => {
                "A request may not publish a victim's personal details: a name, a phone \
                 number, a home address or anything else that identifies them."
            }
            ProhibitedUse::Harassment => {
                "A request may not harass, shame or threaten anyone, named or not."
            }
            ProhibitedUse::PressureLanguage => {
                "Sharing footage is always the resident's choice. A request may not say or \
                 suggest that residents must share, or that not sharing has consequences."
            }
            ProhibitedUse::NoActiveInvestigation => {
                "A request must concern an active investigation with the case number it \
                 gives."
            }
            ProhibitedUse::OutsideJurisdiction => {
                "A request must concern an incident within the posting agency's \
                 jurisdiction."
            }
            ProhibitedUse::Other => {
                "Another reason, which the moderator explains in the public note."
            }
        }
    }
}

impl fmt::Display for ProhibitedUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

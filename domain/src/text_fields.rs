//! Free-text fields: the case number, the title and the description.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::draft_error::{DraftError, TextProblem};
use crate::limits::{
    CASE_NUMBER_MAX_CHARS, DESCRIPTION_MAX_CHARS, DESCRIPTION_MIN_CHARS, TITLE_MAX_CHARS,
    TITLE_MIN_CHARS,
};

/// Trims `raw` and checks it is `min..=max` characters of allowed characters.
fn check_text(
    raw: &str,
    (min, max): (usize, usize),
    allowed: impl Fn(char) -> bool,
) -> Result<String, TextProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(TextProblem::Empty);
    }
    if let Some(character) = text.chars().find(|&c| !allowed(c)) {
        return Err(TextProblem::ForbiddenCharacter { character });
    }
    let chars = text.chars().count();
    if chars < min {
        return Err(TextProblem::TooShort { chars });
    }
    if chars > max {
        return Err(TextProblem::TooLong { chars });
    }
    Ok(text.to_owned())
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, $sample:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The trimmed text.
            ///
            /// ```
            #[doc = concat!("let value = porchlight_domain::", stringify!($name), "::parse(\"  ", $sample, "\n\").unwrap();")]
            #[doc = concat!("assert_eq!(value.as_str(), \"", $sample, "\");")]
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = DraftError;
            fn try_from(raw: String) -> Result<Self, DraftError> {
                $name::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_newtype! {
    /// The agency's own case reference: 1 to 40 letters, digits, spaces and `- / . #`,
    /// trimmed.
    ///
    /// ```
    /// use porchlight_domain::CaseNumber;
    /// assert_eq!(CaseNumber::parse(" 26-118233 ").unwrap().as_str(), "26-118233");
    /// let json: CaseNumber = serde_json::from_str("\"PPB #2026/118.233\"").unwrap();
    /// assert_eq!(json.to_string(), "PPB #2026/118.233");
    /// assert!(serde_json::from_str::<CaseNumber>("\"26_118233\"").is_err());
    /// ```
    CaseNumber, "26-118233"
}

text_newtype! {
    /// A request's headline: 5 to 120 characters of one line of text, trimmed.
    ///
    /// ```
    /// use porchlight_domain::Title;
    /// assert_eq!(Title::parse("Footage near 5th and Pine").unwrap().as_str(), "Footage near 5th and Pine");
    /// assert_eq!(Title::parse("Help").unwrap_err().code(), "title_invalid");
    /// ```
    Title, "Footage near 5th and Pine"
}

text_newtype! {
    /// What the agency is looking for: 20 to 2 000 characters, trimmed; line breaks are
    /// the only control characters allowed.
    ///
    /// ```
    /// use porchlight_domain::Description;
    /// let d = Description::parse("A person carrying a red bicycle.\nAbout 1.80 m tall.").unwrap();
    /// assert!(d.as_str().contains('\n'));
    /// assert!(Description::parse("Too short.").is_err());
    /// ```
    Description, "Looking for footage of a person carrying a red bicycle."
}

impl CaseNumber {
    /// Checks the case number rule.
    ///
    /// ```
    /// use porchlight_domain::{CaseNumber, TextProblem, DraftError};
    /// assert_eq!(CaseNumber::parse("26_1"), Err(DraftError::CaseNumberInvalid {
    ///     problem: TextProblem::ForbiddenCharacter { character: '_' } }));
    /// ```
    pub fn parse(raw: &str) -> Result<CaseNumber, DraftError> {
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/' | '.' | '#');
        check_text(raw, (1, CASE_NUMBER_MAX_CHARS), allowed)
            .map(CaseNumber)
            .map_err(|problem| DraftError::CaseNumberInvalid { problem })
    }
}

impl Title {
    /// Checks the title rule.
    ///
    /// ```
    /// use porchlight_domain::{Title, TextProblem, DraftError};
    /// assert_eq!(Title::parse("   "), Err(DraftError::TitleInvalid { problem: TextProblem::Empty }));
    /// ```
    pub fn parse(raw: &str) -> Result<Title, DraftError> {
        check_text(raw, (TITLE_MIN_CHARS, TITLE_MAX_CHARS), |c| !c.is_control())
            .map(Title)
            .map_err(|problem| DraftError::TitleInvalid { problem })
    }
}

impl Description {
    /// Checks the description rule.
    ///
    /// ```
    /// use porchlight_domain::{Description, TextProblem, DraftError};
    /// assert_eq!(
    ///     Description::parse("Looking for footage\u{7} of a blue van."),
    ///     Err(DraftError::DescriptionInvalid { problem: TextProblem::ForbiddenCharacter { character: '\u{7}' } })
    /// );
    /// ```
    pub fn parse(raw: &str) -> Result<Description, DraftError> {
        // "\r\n" from a pasted Windows text is a line break too.
        let allowed = |c: char| !c.is_control() || c == '\n' || c == '\r';
        check_text(raw, (DESCRIPTION_MIN_CHARS, DESCRIPTION_MAX_CHARS), allowed)
            .map(Description)
            .map_err(|problem| DraftError::DescriptionInvalid { problem })
    }
}

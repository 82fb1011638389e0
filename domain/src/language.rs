//! The language a request's own text (title, description) is written in.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::draft_error::DraftError;

/// The language of a request's title and description, as its agency set it: a BCP 47
/// primary language tag, written in lowercase. Porchlight knows English and Spanish
/// for now. It only marks the text (`lang` in the app); it never translates it.
///
/// ```
/// use porchlight_domain::RequestLanguage;
/// assert_eq!(RequestLanguage::parse("es").unwrap(), RequestLanguage::Es);
/// assert_eq!(RequestLanguage::Es.as_str(), "es");
/// assert_eq!(RequestLanguage::parse("fr").unwrap_err().code(), "language_invalid");
/// // One spelling only, so that a stored and logged value never has two forms.
/// assert!(RequestLanguage::parse("ES").is_err() && RequestLanguage::parse("es-US").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestLanguage {
    En,
    Es,
}

impl RequestLanguage {
    /// Every language a request can be marked with, in the form's order.
    pub const ALL: [RequestLanguage; 2] = [RequestLanguage::En, RequestLanguage::Es];

    /// The BCP 47 tag (`en`, `es`): the wire, stored and `lang` attribute form.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestLanguage::En => "en",
            RequestLanguage::Es => "es",
        }
    }

    /// The language of `tag`, which must be exactly one of [`RequestLanguage::ALL`]'s
    /// tags.
    pub fn parse(tag: &str) -> Result<RequestLanguage, DraftError> {
        RequestLanguage::ALL
            .into_iter()
            .find(|l| l.as_str() == tag)
            .ok_or_else(|| DraftError::LanguageInvalid { value: tag.to_owned() })
    }

    /// An optional tag from the wire: absent stays absent.
    ///
    /// ```
    /// use porchlight_domain::RequestLanguage;
    /// assert_eq!(RequestLanguage::parse_optional(None), Ok(None));
    /// assert_eq!(RequestLanguage::parse_optional(Some("en")), Ok(Some(RequestLanguage::En)));
    /// ```
    pub fn parse_optional(tag: Option<&str>) -> Result<Option<RequestLanguage>, DraftError> {
        tag.map(RequestLanguage::parse).transpose()
    }
}

impl fmt::Display for RequestLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

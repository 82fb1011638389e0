//! How residents can reach the agency: an email address, a phone number or both.

use serde::{Deserialize, Serialize, Serializer};

use crate::draft_error::{ContactProblem, DraftError, DraftErrors};
use crate::limits::{EMAIL_MAX_CHARS, PHONE_MAX_DIGITS, PHONE_MIN_DIGITS};
use crate::wire::ContactInput;

/// A pragmatic email check: one `@`, something before it, a dotted domain after it
/// (no empty labels), no spaces, at most 254 characters. Deliverability is not a syntax
/// question. Accounts' emails use it too ([`crate::account`]).
pub(crate) fn check_email_syntax(email: &str) -> Result<(), ContactProblem> {
    let chars = email.chars().count();
    if chars > EMAIL_MAX_CHARS {
        return Err(ContactProblem::TooLong { chars });
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ContactProblem::Whitespace);
    }
    let (local, domain) = match email.split_once('@') {
        None => return Err(ContactProblem::NoAt),
        Some((_, domain)) if domain.contains('@') => return Err(ContactProblem::SeveralAt),
        Some(parts) => parts,
    };
    if local.is_empty() {
        return Err(ContactProblem::EmptyLocalPart);
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err(ContactProblem::BadDomain);
    }
    Ok(())
}

/// 7 to 15 digits, with an optional leading `+` and the separators people type.
fn check_phone(phone: &str) -> Result<(), ContactProblem> {
    let rest = phone.strip_prefix('+').unwrap_or(phone);
    if let Some(character) =
        rest.chars().find(|&c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.')))
    {
        return Err(ContactProblem::ForbiddenCharacter { character });
    }
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    if !(PHONE_MIN_DIGITS..=PHONE_MAX_DIGITS).contains(&digits) {
        return Err(ContactProblem::DigitCount { digits });
    }
    Ok(())
}

/// Trimmed; an empty or blank field counts as not given.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A valid contact: at least one of an email address and a phone number, each
/// plausible, both trimmed.
///
/// ```
/// use porchlight_domain::{wire::ContactInput, Contact};
/// let c = Contact::parse(&ContactInput { email: None, phone: Some(" +1 503 555 0100 ".into()) }).unwrap();
/// assert_eq!(c.phone(), Some("+1 503 555 0100"));
/// let json: Contact = serde_json::from_str(r#"{"email":"detective@city.example"}"#).unwrap();
/// assert_eq!(json.email(), Some("detective@city.example"));
/// assert!(serde_json::from_str::<Contact>("{}").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "ContactInput")]
pub struct Contact {
    email: Option<String>,
    phone: Option<String>,
}

impl Contact {
    /// Checks the contact rules, collecting all violations.
    ///
    /// ```
    /// use porchlight_domain::{wire::ContactInput, Contact};
    /// let bad = ContactInput { email: Some("detective@city".into()), phone: Some("555-01".into()) };
    /// let codes: Vec<_> = Contact::parse(&bad).unwrap_err().iter().map(|e| e.code()).collect();
    /// assert_eq!(codes, ["contact_email_invalid", "contact_phone_invalid"]);
    /// assert_eq!(Contact::parse(&ContactInput::default()).unwrap_err()[0].code(), "contact_missing");
    /// ```
    pub fn parse(input: &ContactInput) -> Result<Contact, Vec<DraftError>> {
        let email = given(&input.email);
        let phone = given(&input.phone);
        let mut errors = Vec::new();
        if email.is_none() && phone.is_none() {
            errors.push(DraftError::ContactMissing);
        }
        if let Some(Err(problem)) = email.map(check_email_syntax) {
            errors.push(DraftError::ContactEmailInvalid { problem });
        }
        if let Some(Err(problem)) = phone.map(check_phone) {
            errors.push(DraftError::ContactPhoneInvalid { problem });
        }
        if errors.is_empty() {
            Ok(Contact { email: email.map(str::to_owned), phone: phone.map(str::to_owned) })
        } else {
            Err(errors)
        }
    }

    /// Checks one email address on its own, for the form's live feedback.
    ///
    /// ```
    /// use porchlight_domain::Contact;
    /// assert!(Contact::check_email("records@police.example").is_ok());
    /// assert_eq!(Contact::check_email("records@@police.example").unwrap_err().field(), "contact.email");
    /// ```
    pub fn check_email(email: &str) -> Result<(), DraftError> {
        check_email_syntax(email.trim())
            .map_err(|problem| DraftError::ContactEmailInvalid { problem })
    }

    /// Checks one phone number on its own, for the form's live feedback.
    ///
    /// ```
    /// use porchlight_domain::Contact;
    /// assert!(Contact::check_phone("(503) 555-0100").is_ok());
    /// assert_eq!(Contact::check_phone("555 01").unwrap_err().code(), "contact_phone_invalid");
    /// ```
    pub fn check_phone(phone: &str) -> Result<(), DraftError> {
        check_phone(phone.trim()).map_err(|problem| DraftError::ContactPhoneInvalid { problem })
    }

    /// The email address, if given.
    ///
    /// ```
    /// use porchlight_domain::{wire::ContactInput, Contact};
    /// let c = Contact::parse(&ContactInput { email: Some("tips@police.example".into()), phone: None }).unwrap();
    /// assert_eq!(c.email(), Some("tips@police.example"));
    /// ```
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The phone number, if given.
    ///
    /// ```
    /// use porchlight_domain::{wire::ContactInput, Contact};
    /// let c = Contact::parse(&ContactInput { email: Some("tips@police.example".into()), phone: None }).unwrap();
    /// assert_eq!(c.phone(), None);
    /// ```
    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }

    /// The wire form.
    ///
    /// ```
    /// use porchlight_domain::{wire::ContactInput, Contact};
    /// let input = ContactInput { email: Some("tips@police.example".into()), phone: None };
    /// assert_eq!(Contact::parse(&input).unwrap().to_input(), input);
    /// ```
    pub fn to_input(&self) -> ContactInput {
        ContactInput { email: self.email.clone(), phone: self.phone.clone() }
    }
}

impl TryFrom<ContactInput> for Contact {
    type Error = DraftErrors;

    /// [`Contact::parse`], for `#[serde(try_from)]`.
    fn try_from(input: ContactInput) -> Result<Self, DraftErrors> {
        Contact::parse(&input).map_err(DraftErrors::from)
    }
}

impl Serialize for Contact {
    /// As a [`ContactInput`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_input().serialize(serializer)
    }
}

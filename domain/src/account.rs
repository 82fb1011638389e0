//! Account rules: the password policy, the email syntax and the display name. The
//! server's registration and the app's form read them from here, so that the form can
//! never promise what the server refuses (a form once said 10 characters while the
//! server wanted 12).

use std::fmt;

use crate::contact::check_email_syntax;
use crate::limits::{DISPLAY_NAME_MAX_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};

/// Why an account's input is refused, each with a stable code and the field it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountError {
    /// Not an email address (the same syntax as a request's contact email).
    EmailInvalid,
    /// Fewer than [`PASSWORD_MIN_CHARS`] characters.
    PasswordTooShort,
    /// More than [`PASSWORD_MAX_CHARS`] characters.
    PasswordTooLong,
    /// Empty, longer than [`DISPLAY_NAME_MAX_CHARS`], or with control characters.
    DisplayNameInvalid,
}

impl AccountError {
    /// The stable code, e.g. `password_too_short`.
    pub fn code(self) -> &'static str {
        match self {
            AccountError::EmailInvalid => "email_invalid",
            AccountError::PasswordTooShort => "password_too_short",
            AccountError::PasswordTooLong => "password_too_long",
            AccountError::DisplayNameInvalid => "display_name_invalid",
        }
    }

    /// The input field it is about.
    pub fn field(self) -> &'static str {
        match self {
            AccountError::EmailInvalid => "email",
            AccountError::PasswordTooShort | AccountError::PasswordTooLong => "password",
            AccountError::DisplayNameInvalid => "display_name",
        }
    }
}

impl fmt::Display for AccountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountError::EmailInvalid => f.write_str("Enter a valid email address."),
            AccountError::PasswordTooShort => {
                write!(f, "Use a password of at least {PASSWORD_MIN_CHARS} characters.")
            }
            AccountError::PasswordTooLong => {
                write!(f, "Use a password of at most {PASSWORD_MAX_CHARS} characters.")
            }
            AccountError::DisplayNameInvalid => {
                write!(f, "Enter a display name of 1 to {DISPLAY_NAME_MAX_CHARS} characters.")
            }
        }
    }
}

/// An account's email address (trimmed), with the syntax of a contact email.
///
/// ```
/// use porchlight_domain::account::{check_account_email, AccountError};
/// assert!(check_account_email(" riley@example.org ").is_ok());
/// assert_eq!(check_account_email("a@b..c"), Err(AccountError::EmailInvalid));
/// ```
pub fn check_account_email(email: &str) -> Result<(), AccountError> {
    check_email_syntax(email.trim()).map_err(|_| AccountError::EmailInvalid)
}

/// A new password: [`PASSWORD_MIN_CHARS`] to [`PASSWORD_MAX_CHARS`] characters (not
/// bytes), as typed: spaces count and nothing is trimmed.
///
/// ```
/// use porchlight_domain::account::{check_password, AccountError};
/// assert!(check_password("twelve chars").is_ok());
/// assert_eq!(check_password("eleven char"), Err(AccountError::PasswordTooShort));
/// ```
pub fn check_password(password: &str) -> Result<(), AccountError> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        Err(AccountError::PasswordTooShort)
    } else if chars > PASSWORD_MAX_CHARS {
        Err(AccountError::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// A display name (trimmed): 1 to [`DISPLAY_NAME_MAX_CHARS`] characters, no control
/// characters.
pub fn check_display_name(name: &str) -> Result<(), AccountError> {
    let name = name.trim();
    let chars = name.chars().count();
    if (1..=DISPLAY_NAME_MAX_CHARS).contains(&chars) && !name.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(AccountError::DisplayNameInvalid)
    }
}

/// A registration: the trimmed email and display name, or every problem in field order.
///
/// ```
/// use porchlight_domain::account::{check_registration, AccountError};
/// assert_eq!(
///     check_registration(" Riley@Example.org ", "twelve chars", " Riley "),
///     Ok(("Riley@Example.org".to_owned(), "Riley".to_owned()))
/// );
/// assert_eq!(
///     check_registration("nope", "short", " "),
///     Err(vec![
///         AccountError::EmailInvalid,
///         AccountError::PasswordTooShort,
///         AccountError::DisplayNameInvalid
///     ])
/// );
/// ```
pub fn check_registration(
    email: &str,
    password: &str,
    display_name: &str,
) -> Result<(String, String), Vec<AccountError>> {
    let errors: Vec<AccountError> =
        [check_account_email(email), check_password(password), check_display_name(display_name)]
            .into_iter()
            .filter_map(Result::err)
            .collect();
    if errors.is_empty() {
        Ok((email.trim().to_owned(), display_name.trim().to_owned()))
    } else {
        Err(errors)
    }
}

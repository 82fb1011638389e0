//! The rules of a moderator's decision and of a resident's report: which reasons and
//! notes each needs, checked identically by the server and the app's forms.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ProhibitedUse;

/// Longest public note a moderator may write.
pub const MODERATION_NOTE_MAX_CHARS: usize = 1_000;

/// Longest comment a resident may add to a report.
pub const REPORT_COMMENT_MAX_CHARS: usize = 1_000;

/// A moderator's decision on a submission awaiting review.
///
/// ```
/// use porchlight_domain::moderation::ReviewDecision;
/// assert_eq!(serde_json::to_string(&ReviewDecision::Reject).unwrap(), "\"reject\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approve,
    Reject,
}

/// A moderator's decision on a published request's open reports.
///
/// ```
/// use porchlight_domain::moderation::ReportDecision;
/// assert_eq!(serde_json::to_string(&ReportDecision::Uphold).unwrap(), "\"uphold\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportDecision {
    Dismiss,
    Uphold,
}

/// A decision that needs reasons and a public note (reject, uphold) or refuses
/// reasons (approve, dismiss).
pub trait NeedsReasons: Copy {
    /// Whether this decision is a finding against the request.
    fn is_adverse(self) -> bool;
}

impl NeedsReasons for ReviewDecision {
    fn is_adverse(self) -> bool {
        self == ReviewDecision::Reject
    }
}

impl NeedsReasons for ReportDecision {
    fn is_adverse(self) -> bool {
        self == ReportDecision::Uphold
    }
}

/// A moderator's decision as checked: reasons parsed, sorted and without repeats, the
/// note trimmed (`None` when empty).
///
/// ```
/// use porchlight_domain::moderation::{DecisionInput, ProhibitedUse, ReviewDecision};
/// let d = DecisionInput::check(ReviewDecision::Reject,
///     &["victim_details".into(), "lawful_activity".into(), "victim_details".into()],
///     Some("  Names the victim.  ")).unwrap();
/// assert_eq!(d.reasons, [ProhibitedUse::LawfulActivity, ProhibitedUse::VictimDetails]);
/// assert_eq!(d.note.as_deref(), Some("Names the victim."));
///
/// let errors = DecisionInput::check(ReviewDecision::Reject, &[], None).unwrap_err();
/// let codes: Vec<_> = errors.iter().map(|e| e.code()).collect();
/// assert_eq!(codes, ["reasons_required", "note_required"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput<D> {
    pub decision: D,
    pub reasons: Vec<ProhibitedUse>,
    pub note: Option<String>,
}

impl<D: NeedsReasons> DecisionInput<D> {
    /// Checks a decision: a rejection or an upheld report needs at least one reason
    /// and a note; an approval or a dismissal takes no reasons; every reason is one of
    /// [`ProhibitedUse::ALL`]; a note is at most [`MODERATION_NOTE_MAX_CHARS`].
    pub fn check(
        decision: D,
        reasons: &[String],
        note: Option<&str>,
    ) -> Result<DecisionInput<D>, Vec<ModerationError>> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for code in reasons {
            match ProhibitedUse::parse(code) {
                Some(reason) => parsed.push(reason),
                None => errors.push(ModerationError::ReasonInvalid { value: code.clone() }),
            }
        }
        parsed.sort();
        parsed.dedup();
        if decision.is_adverse() && reasons.is_empty() {
            errors.push(ModerationError::ReasonsRequired);
        }
        if !decision.is_adverse() && !reasons.is_empty() {
            errors.push(ModerationError::ReasonsNotAllowed);
        }
        let note = note.map(str::trim).filter(|note| !note.is_empty());
        match note {
            None if decision.is_adverse() => errors.push(ModerationError::NoteRequired),
            Some(note) => check_free_text(note, MODERATION_NOTE_MAX_CHARS, &mut errors, |chars| {
                ModerationError::NoteTooLong { chars }
            }),
            None => {}
        }
        if errors.is_empty() {
            Ok(DecisionInput { decision, reasons: parsed, note: note.map(str::to_owned) })
        } else {
            Err(errors)
        }
    }
}

/// A resident's report as checked.
///
/// ```
/// use porchlight_domain::moderation::{check_report, ProhibitedUse};
/// let (reason, comment) = check_report("pressure_language", Some(" Says we must share. ")).unwrap();
/// assert_eq!(reason, ProhibitedUse::PressureLanguage);
/// assert_eq!(comment.as_deref(), Some("Says we must share."));
/// assert_eq!(check_report("spam", None).unwrap_err()[0].code(), "reason_invalid");
/// ```
pub fn check_report(
    reason: &str,
    comment: Option<&str>,
) -> Result<(ProhibitedUse, Option<String>), Vec<ModerationError>> {
    let mut errors = Vec::new();
    let parsed = ProhibitedUse::parse(reason);
    if parsed.is_none() {
        errors.push(ModerationError::ReasonInvalid { value: reason.to_owned() });
    }
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if let Some(comment) = comment {
        check_free_text(comment, REPORT_COMMENT_MAX_CHARS, &mut errors, |chars| {
            ModerationError::CommentTooLong { chars }
        });
    }
    match parsed {
        Some(reason) if errors.is_empty() => Ok((reason, comment.map(str::to_owned))),
        _ => Err(errors),
    }
}

fn check_free_text(
    text: &str,
    max: usize,
    errors: &mut Vec<ModerationError>,
    too_long: impl Fn(usize) -> ModerationError,
) {
    let chars = text.chars().count();
    if chars > max {
        errors.push(too_long(chars));
    }
    if let Some(character) = text.chars().find(|&c| c.is_control() && c != '\n') {
        errors.push(ModerationError::ControlCharacter { character });
    }
}

/// Why a decision or a report was refused; each has a stable [`code`](Self::code)
/// and the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModerationError {
    /// A code that is not one of [`ProhibitedUse::ALL`].
    ReasonInvalid {
        value: String,
    },
    /// A rejection or an upheld report without a reason.
    ReasonsRequired,
    /// An approval or a dismissal with reasons.
    ReasonsNotAllowed,
    /// A rejection or an upheld report without a public note.
    NoteRequired,
    NoteTooLong {
        chars: usize,
    },
    CommentTooLong {
        chars: usize,
    },
    /// A control character other than a line break in a note or comment.
    ControlCharacter {
        character: char,
    },
}

impl ModerationError {
    /// The stable code the API returns.
    ///
    /// ```
    /// use porchlight_domain::moderation::ModerationError;
    /// assert_eq!(ModerationError::NoteRequired.code(), "note_required");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            ModerationError::ReasonInvalid { .. } => "reason_invalid",
            ModerationError::ReasonsRequired => "reasons_required",
            ModerationError::ReasonsNotAllowed => "reasons_not_allowed",
            ModerationError::NoteRequired => "note_required",
            ModerationError::NoteTooLong { .. } => "note_too_long",
            ModerationError::CommentTooLong { .. } => "comment_too_long",
            ModerationError::ControlCharacter { .. } => "text_control_character",
        }
    }

    /// The input field the error is about.
    ///
    /// ```
    /// use porchlight_domain::moderation::ModerationError;
    /// assert_eq!(ModerationError::ReasonsRequired.field(), "reasons");
    /// ```
    pub fn field(&self) -> &'static str {
        match self {
            ModerationError::ReasonInvalid { .. }
            | ModerationError::ReasonsRequired
            | ModerationError::ReasonsNotAllowed => "reasons",
            ModerationError::NoteRequired | ModerationError::NoteTooLong { .. } => "note",
            ModerationError::CommentTooLong { .. } => "comment",
            ModerationError::ControlCharacter { .. } => "note",
        }
    }
}

impl fmt::Display for ModerationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModerationError::ReasonInvalid { value } => {
                write!(f, "“{value}” is not one of the prohibited uses.")
            }
            ModerationError::ReasonsRequired => {
                f.write_str("Choose at least one reason: the public log shows why.")
            }
            ModerationError::ReasonsNotAllowed => {
                f.write_str("Reasons are given only when refusing or upholding.")
            }
            ModerationError::NoteRequired => {
                f.write_str("Write a public note explaining the decision.")
            }
            ModerationError::NoteTooLong { chars } => write!(
                f,
                "The note has {chars} characters; it may have at most \
                 {MODERATION_NOTE_MAX_CHARS}."
            ),
            ModerationError::CommentTooLong { chars } => write!(
                f,
                "The comment has {chars} characters; it may have at most \
                 {REPORT_COMMENT_MAX_CHARS}."
            ),
            ModerationError::ControlCharacter { character } => write!(
                f,
                "The text contains an invisible control character (U+{:04X}).",
                *character as u32
            ),
        }
    }
}

impl std::error::Error for ModerationError {}

impl From<&ModerationError> for crate::wire::ErrorDetail {
    /// The error as the API sends it (422).
    ///
    /// ```
    /// use porchlight_domain::{moderation::ModerationError, wire::ErrorDetail};
    /// let detail = ErrorDetail::from(&ModerationError::NoteRequired);
    /// assert_eq!(detail.code, "note_required");
    /// assert_eq!(detail.field.as_deref(), Some("note"));
    /// ```
    fn from(error: &ModerationError) -> Self {
        crate::wire::ErrorDetail::new(error.code(), error.to_string()).with_field(error.field())
    }
}

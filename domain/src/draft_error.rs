//! One violated rule: a stable code, the input field and a message for a resident.

use std::fmt;

use crate::display::{area_against_limit, format_duration, limit_sq_mi_text};
use crate::limits::{
    CASE_NUMBER_MAX_CHARS, DESCRIPTION_MAX_CHARS, DESCRIPTION_MIN_CHARS, MAX_AGE, MAX_AREA_M2,
    MAX_REQUESTS_PER_CASE, MAX_TIME_FRAME, MAX_VERTICES, MIN_AREA_M2, MIN_TIME_FRAME, MIN_VERTICES,
    TITLE_MAX_CHARS, TITLE_MIN_CHARS,
};
use crate::moderation::Attestation;
use crate::wire::ErrorDetail;

/// Which end of the time frame an error is about.
///
/// ```
/// use porchlight_domain::TimeFrameEnd;
/// assert_eq!(TimeFrameEnd::Start.field(), "time_frame.start");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFrameEnd {
    Start,
    End,
}

impl TimeFrameEnd {
    /// The input field name.
    ///
    /// ```
    /// use porchlight_domain::TimeFrameEnd;
    /// assert_eq!(TimeFrameEnd::End.field(), "time_frame.end");
    /// ```
    pub fn field(self) -> &'static str {
        match self {
            TimeFrameEnd::Start => "time_frame.start",
            TimeFrameEnd::End => "time_frame.end",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            TimeFrameEnd::Start => "start",
            TimeFrameEnd::End => "end",
        }
    }
}

/// Why a text field was refused.
///
/// ```
/// use porchlight_domain::TextProblem;
/// assert_ne!(TextProblem::Empty, TextProblem::TooLong { chars: 121 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextProblem {
    /// Nothing but white space.
    Empty,
    /// Fewer characters than the minimum (after trimming).
    TooShort { chars: usize },
    /// More characters than the maximum (after trimming).
    TooLong { chars: usize },
    /// A character the field does not allow (control characters, or for a case number
    /// anything but letters, digits, space and `- / . #`).
    ForbiddenCharacter { character: char },
}

/// Why an email address or phone number was refused.
///
/// ```
/// use porchlight_domain::ContactProblem;
/// assert_eq!(ContactProblem::NoAt, ContactProblem::NoAt);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactProblem {
    /// The email has no `@`.
    NoAt,
    /// The email has more than one `@`.
    SeveralAt,
    /// Nothing before the `@`.
    EmptyLocalPart,
    /// The part after `@` is not a domain like `city.example`.
    BadDomain,
    /// Spaces or control characters.
    Whitespace,
    /// Longer than 254 characters.
    TooLong { chars: usize },
    /// A phone number character other than digits, spaces, `-`, `(`, `)`, `.` and a
    /// leading `+`.
    ForbiddenCharacter { character: char },
    /// Not 7 to 15 digits.
    DigitCount { digits: usize },
}

/// A rule a [`RequestDraftInput`](crate::wire::RequestDraftInput) breaks. Each variant
/// has a stable [`code`](DraftError::code), the [`field`](DraftError::field) it belongs
/// to and a [`Display`](fmt::Display) message a resident understands.
///
/// ```
/// use porchlight_domain::DraftError;
/// let e = DraftError::AreaTooLarge { area_m2: 1_605_792.6 };
/// assert_eq!(e.code(), "area_too_large");
/// assert_eq!(e.field(), "area");
/// assert_eq!(e.to_string(), "The area is 0.62 sq mi; requests may cover at most 0.5 sq mi.");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum DraftError {
    /// The polygon has no ring, or its ring has no position.
    AreaInvalid,
    /// The polygon has interior rings (holes).
    AreaHasHoles { holes: usize },
    /// A position is not finite or outside [-180, 180] × [-90, 90].
    AreaCoordinateOutOfRange { position: [f64; 2] },
    /// Fewer than 3 distinct vertices.
    AreaTooFewVertices { vertices: usize },
    /// More than 200 distinct vertices.
    AreaTooManyVertices { vertices: usize },
    /// The ring crosses or touches itself.
    AreaSelfIntersects,
    /// An edge jumps across the ±180° meridian.
    AreaCrossesAntimeridian,
    /// Geodesic area below 0.025 sq mi.
    AreaTooSmall { area_m2: f64 },
    /// Geodesic area above 0.5 sq mi.
    AreaTooLarge { area_m2: f64 },
    /// Not an RFC 3339 timestamp.
    TimeFrameInvalid { which: TimeFrameEnd },
    /// The end is not after the start.
    TimeFrameReversed,
    /// Shorter than 15 minutes.
    TimeFrameTooShort { seconds: i64 },
    /// Longer than 12 hours.
    TimeFrameTooLong { seconds: i64 },
    /// Ends more than 2 minutes after "now".
    TimeFrameInFuture,
    /// Starts more than 180 days before "now".
    TimeFrameTooOld,
    /// Not one of [`IncidentType::ALL`](crate::IncidentType::ALL).
    IncidentTypeInvalid { value: String },
    /// The case number breaks its rule.
    CaseNumberInvalid { problem: TextProblem },
    /// The title breaks its rule.
    TitleInvalid { problem: TextProblem },
    /// The description breaks its rule.
    DescriptionInvalid { problem: TextProblem },
    /// Neither email nor phone given.
    ContactMissing,
    /// The email address is not plausible.
    ContactEmailInvalid { problem: ContactProblem },
    /// The phone number is not plausible.
    ContactPhoneInvalid { problem: ContactProblem },
    /// The agency already published the maximum number of requests for this case.
    CaseLimitReached { existing: u32 },
    /// The poster did not confirm one of the two statements.
    AttestationMissing { which: Attestation },
    /// The language of the text is not one of
    /// [`RequestLanguage::ALL`](crate::RequestLanguage::ALL).
    LanguageInvalid { value: String },
}

impl DraftError {
    /// The stable machine code, as listed in the API contract.
    ///
    /// ```
    /// use porchlight_domain::DraftError;
    /// assert_eq!(DraftError::TimeFrameTooShort { seconds: 899 }.code(), "time_frame_too_short");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            DraftError::AreaInvalid => "area_invalid",
            DraftError::AreaHasHoles { .. } => "area_has_holes",
            DraftError::AreaCoordinateOutOfRange { .. } => "area_coordinate_out_of_range",
            DraftError::AreaTooFewVertices { .. } => "area_too_few_vertices",
            DraftError::AreaTooManyVertices { .. } => "area_too_many_vertices",
            DraftError::AreaSelfIntersects => "area_self_intersects",
            DraftError::AreaCrossesAntimeridian => "area_crosses_antimeridian",
            DraftError::AreaTooSmall { .. } => "area_too_small",
            DraftError::AreaTooLarge { .. } => "area_too_large",
            DraftError::TimeFrameInvalid { .. } => "time_frame_invalid",
            DraftError::TimeFrameReversed => "time_frame_reversed",
            DraftError::TimeFrameTooShort { .. } => "time_frame_too_short",
            DraftError::TimeFrameTooLong { .. } => "time_frame_too_long",
            DraftError::TimeFrameInFuture => "time_frame_in_future",
            DraftError::TimeFrameTooOld => "time_frame_too_old",
            DraftError::IncidentTypeInvalid { .. } => "incident_type_invalid",
            DraftError::CaseNumberInvalid { .. } => "case_number_invalid",
            DraftError::TitleInvalid { .. } => "title_invalid",
            DraftError::DescriptionInvalid { .. } => "description_invalid",
            DraftError::ContactMissing => "contact_missing",
            DraftError::ContactEmailInvalid { .. } => "contact_email_invalid",
            DraftError::ContactPhoneInvalid { .. } => "contact_phone_invalid",
            DraftError::CaseLimitReached { .. } => "case_limit_reached",
            DraftError::AttestationMissing { which: Attestation::ActiveInvestigation } => {
                "attestation_active_investigation_missing"
            }
            DraftError::AttestationMissing { which: Attestation::NoLawfulActivity } => {
                "attestation_no_lawful_activity_missing"
            }
            DraftError::LanguageInvalid { .. } => "language_invalid",
        }
    }

    /// The input field the error belongs to: `area`, `time_frame` (the duration
    /// rules, which involve both ends), `time_frame.start`, `time_frame.end`,
    /// `incident_type`, `case_number`, `title`, `description`, `contact`,
    /// `contact.email`, `contact.phone` or `language`.
    ///
    /// ```
    /// use porchlight_domain::DraftError;
    /// assert_eq!(DraftError::TimeFrameInFuture.field(), "time_frame.end");
    /// assert_eq!(DraftError::CaseLimitReached { existing: 2 }.field(), "case_number");
    /// ```
    pub fn field(&self) -> &'static str {
        match self {
            DraftError::AreaInvalid
            | DraftError::AreaHasHoles { .. }
            | DraftError::AreaCoordinateOutOfRange { .. }
            | DraftError::AreaTooFewVertices { .. }
            | DraftError::AreaTooManyVertices { .. }
            | DraftError::AreaSelfIntersects
            | DraftError::AreaCrossesAntimeridian
            | DraftError::AreaTooSmall { .. }
            | DraftError::AreaTooLarge { .. } => "area",
            DraftError::TimeFrameInvalid { which } => which.field(),
            DraftError::TimeFrameReversed
            | DraftError::TimeFrameTooShort { .. }
            | DraftError::TimeFrameTooLong { .. } => "time_frame",
            DraftError::TimeFrameInFuture => "time_frame.end",
            DraftError::TimeFrameTooOld => "time_frame.start",
            DraftError::IncidentTypeInvalid { .. } => "incident_type",
            DraftError::CaseNumberInvalid { .. } | DraftError::CaseLimitReached { .. } => {
                "case_number"
            }
            DraftError::TitleInvalid { .. } => "title",
            DraftError::DescriptionInvalid { .. } => "description",
            DraftError::ContactMissing => "contact",
            DraftError::ContactEmailInvalid { .. } => "contact.email",
            DraftError::ContactPhoneInvalid { .. } => "contact.phone",
            DraftError::AttestationMissing { which } => which.field(),
            DraftError::LanguageInvalid { .. } => "language",
        }
    }
}

fn text_message(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    problem: &TextProblem,
    (min, max): (usize, usize),
    allowed: &str,
) -> fmt::Result {
    match problem {
        TextProblem::Empty => write!(f, "Enter a {name}."),
        TextProblem::TooShort { chars } => {
            write!(f, "The {name} has {chars} characters; it needs at least {min}.")
        }
        TextProblem::TooLong { chars } => {
            write!(f, "The {name} has {chars} characters; it may have at most {max}.")
        }
        TextProblem::ForbiddenCharacter { character } => {
            write!(f, "The {name} contains {}; {allowed}", char_name(*character))
        }
    }
}

/// A character as a person can read it in a message, even an invisible one.
fn char_name(c: char) -> String {
    match c {
        '\n' => "a line break".to_owned(),
        '\t' => "a tab".to_owned(),
        c if c.is_control() => format!("an invisible control character (U+{:04X})", c as u32),
        c => format!("“{c}”"),
    }
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::AreaInvalid => f.write_str("Draw the area on the map as one polygon."),
            DraftError::AreaHasHoles { .. } => {
                f.write_str("The area must be one polygon without holes.")
            }
            DraftError::AreaCoordinateOutOfRange { position: [lng, lat] } => write!(
                f,
                "The area has a point that is not on the map (longitude {lng}, latitude {lat}); \
                 longitudes go from -180 to 180 and latitudes from -90 to 90."
            ),
            DraftError::AreaTooFewVertices { vertices } => write!(
                f,
                "The area has {vertices} distinct corner{}; it needs at least {MIN_VERTICES}.",
                if *vertices == 1 { "" } else { "s" }
            ),
            DraftError::AreaTooManyVertices { vertices } => {
                write!(f, "The area has {vertices} corners; it may have at most {MAX_VERTICES}.")
            }
            DraftError::AreaSelfIntersects => {
                f.write_str("The area's outline crosses itself; draw it without crossing lines.")
            }
            DraftError::AreaCrossesAntimeridian => {
                f.write_str("The area crosses the 180° meridian; draw it on one side of that line.")
            }
            DraftError::AreaTooSmall { area_m2 } => write!(
                f,
                "The area is {}; requests must cover at least {} sq mi.",
                area_against_limit(*area_m2, MIN_AREA_M2),
                limit_sq_mi_text(MIN_AREA_M2)
            ),
            DraftError::AreaTooLarge { area_m2 } => write!(
                f,
                "The area is {}; requests may cover at most {} sq mi.",
                area_against_limit(*area_m2, MAX_AREA_M2),
                limit_sq_mi_text(MAX_AREA_M2)
            ),
            DraftError::TimeFrameInvalid { which } => {
                write!(f, "The {} of the time frame is not a valid date and time.", which.noun())
            }
            DraftError::TimeFrameReversed => {
                f.write_str("The time frame must end after it starts.")
            }
            DraftError::TimeFrameTooShort { seconds } => write!(
                f,
                "The time frame is {}; it must be at least {}.",
                format_duration(*seconds),
                format_duration(MIN_TIME_FRAME.whole_seconds())
            ),
            DraftError::TimeFrameTooLong { seconds } => write!(
                f,
                "The time frame is {}; it may be at most {}.",
                format_duration(*seconds),
                format_duration(MAX_TIME_FRAME.whole_seconds())
            ),
            DraftError::TimeFrameInFuture => f.write_str(
                "The time frame ends in the future; requests can only ask for footage that \
                 already exists.",
            ),
            DraftError::TimeFrameTooOld => write!(
                f,
                "The time frame starts more than {} days ago; requests may reach back at most \
                 {} days.",
                MAX_AGE.whole_days(),
                MAX_AGE.whole_days()
            ),
            DraftError::IncidentTypeInvalid { value } if value.trim().is_empty() => {
                f.write_str("Choose an incident type.")
            }
            DraftError::IncidentTypeInvalid { .. } => {
                f.write_str("Choose an incident type from the list.")
            }
            DraftError::CaseNumberInvalid { problem } => text_message(
                f,
                "case number",
                problem,
                (1, CASE_NUMBER_MAX_CHARS),
                "use only letters, digits, spaces and - / . #.",
            ),
            DraftError::TitleInvalid { problem } => text_message(
                f,
                "title",
                problem,
                (TITLE_MIN_CHARS, TITLE_MAX_CHARS),
                "a title is one line of plain text.",
            ),
            DraftError::DescriptionInvalid { problem } => text_message(
                f,
                "description",
                problem,
                (DESCRIPTION_MIN_CHARS, DESCRIPTION_MAX_CHARS),
                "use plain text and line breaks only.",
            ),
            DraftError::ContactMissing => {
                f.write_str("Give an email address or a phone number so residents can respond.")
            }
            DraftError::ContactEmailInvalid { problem } => match problem {
                ContactProblem::TooLong { chars } => {
                    write!(f, "The email address has {chars} characters; it may have at most 254.")
                }
                ContactProblem::Whitespace => {
                    f.write_str("The email address must not contain spaces.")
                }
                _ => f.write_str(
                    "The email address does not look right; it should be like name@city.example.",
                ),
            },
            DraftError::ContactPhoneInvalid { problem } => match problem {
                ContactProblem::DigitCount { digits } => {
                    write!(f, "The phone number has {digits} digits; it needs 7 to 15.")
                }
                ContactProblem::ForbiddenCharacter { character } => write!(
                    f,
                    "The phone number contains {}; use digits, spaces, - ( ) . and a leading +.",
                    char_name(*character)
                ),
                _ => f.write_str("The phone number does not look right."),
            },
            DraftError::CaseLimitReached { existing } => write!(
                f,
                "This case already has {existing} published request{}; at most \
                 {MAX_REQUESTS_PER_CASE} are allowed per case.",
                if *existing == 1 { "" } else { "s" }
            ),
            DraftError::AttestationMissing { which: Attestation::ActiveInvestigation } => f
                .write_str(
                    "Confirm that this request concerns an active investigation with this case \
                     number.",
                ),
            DraftError::AttestationMissing { which: Attestation::NoLawfulActivity } => f.write_str(
                "Confirm that this request is not meant to gather information about lawful \
                     activity such as protests.",
            ),
            DraftError::LanguageInvalid { .. } => {
                f.write_str("Choose the language of the request's text from the list.")
            }
        }
    }
}

impl std::error::Error for DraftError {}

impl From<&DraftError> for ErrorDetail {
    /// The error as the API sends it.
    ///
    /// ```
    /// use porchlight_domain::{wire::ErrorDetail, DraftError};
    /// let detail = ErrorDetail::from(&DraftError::ContactMissing);
    /// assert_eq!(detail.code, "contact_missing");
    /// assert_eq!(detail.field.as_deref(), Some("contact"));
    /// ```
    fn from(error: &DraftError) -> Self {
        ErrorDetail::new(error.code(), error.to_string()).with_field(error.field())
    }
}

/// Several violated rules at once: what a `try_from` constructor returns, so that serde
/// can report them all in one message.
///
/// ```
/// use porchlight_domain::{DraftError, DraftErrors};
/// let errors = DraftErrors::from(vec![DraftError::ContactMissing, DraftError::TimeFrameReversed]);
/// assert_eq!(errors.len(), 2);
/// assert!(errors.to_string().contains("contact_missing"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DraftErrors(Vec<DraftError>);

impl DraftErrors {
    /// The errors, in rule order.
    ///
    /// ```
    /// use porchlight_domain::{DraftError, DraftErrors};
    /// let errors = DraftErrors::from(vec![DraftError::AreaSelfIntersects]);
    /// assert_eq!(errors.into_vec(), vec![DraftError::AreaSelfIntersects]);
    /// ```
    pub fn into_vec(self) -> Vec<DraftError> {
        self.0
    }
}

impl From<Vec<DraftError>> for DraftErrors {
    fn from(errors: Vec<DraftError>) -> Self {
        DraftErrors(errors)
    }
}

impl std::ops::Deref for DraftErrors {
    type Target = [DraftError];
    fn deref(&self) -> &[DraftError] {
        &self.0
    }
}

impl fmt::Display for DraftErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{} ({}: {})", e, e.code(), e.field())?;
        }
        Ok(())
    }
}

impl std::error::Error for DraftErrors {}

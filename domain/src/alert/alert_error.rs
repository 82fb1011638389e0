use std::fmt;

use super::MAX_ALERT_AREA_M2;
use crate::display::format_area;
use crate::draft_error::DraftError;
use crate::incident_type::IncidentType;
use crate::wire::ErrorDetail;

/// Why a subscription is refused. Each has a stable [`code`](AlertError::code), the
/// input [`field`](AlertError::field) it belongs to and a message a resident reads.
///
/// ```
/// use porchlight_domain::alert::AlertError;
/// let e = AlertError::AreaTooLarge { area_m2: 200_000_000.0 };
/// assert_eq!(e.code(), "alert_area_too_large");
/// assert_eq!(e.field(), "area");
/// assert!(e.to_string().starts_with("The area is 77.22 sq mi"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum AlertError {
    /// A ring rule the request areas share (no ring, holes, out of range, too few or
    /// too many vertices, self-intersection).
    Area(DraftError),
    /// Geodesic area above [`MAX_ALERT_AREA_M2`].
    AreaTooLarge { area_m2: f64 },
    /// The email address is not one mail can be sent to.
    Email(DraftError),
    /// An incident type that does not exist.
    IncidentType(DraftError),
    /// A language the emails cannot be written in.
    Language(DraftError),
    /// More incident types than there are (`count` given).
    TooManyIncidentTypes { count: usize },
    /// Neither an area nor an agency.
    TargetMissing,
    /// Both an area and an agency.
    TargetAmbiguous,
}

impl AlertError {
    /// The stable machine code.
    ///
    /// ```
    /// use porchlight_domain::alert::AlertError;
    /// assert_eq!(AlertError::TargetMissing.code(), "alert_target_missing");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            AlertError::Area(e)
            | AlertError::Email(e)
            | AlertError::IncidentType(e)
            | AlertError::Language(e) => e.code(),
            AlertError::AreaTooLarge { .. } => "alert_area_too_large",
            AlertError::TooManyIncidentTypes { .. } => "alert_too_many_incident_types",
            AlertError::TargetMissing => "alert_target_missing",
            AlertError::TargetAmbiguous => "alert_target_ambiguous",
        }
    }

    /// The input field (`area`, `agency`, `email`, `incident_types`, `language`).
    ///
    /// ```
    /// use porchlight_domain::alert::AlertError;
    /// assert_eq!(AlertError::TargetAmbiguous.field(), "agency");
    /// ```
    pub fn field(&self) -> &'static str {
        match self {
            AlertError::Area(_) | AlertError::AreaTooLarge { .. } | AlertError::TargetMissing => {
                "area"
            }
            AlertError::TargetAmbiguous => "agency",
            AlertError::Email(_) => "email",
            AlertError::Language(_) => "language",
            AlertError::IncidentType(_) | AlertError::TooManyIncidentTypes { .. } => {
                "incident_types"
            }
        }
    }
}

impl fmt::Display for AlertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlertError::Area(e)
            | AlertError::Email(e)
            | AlertError::IncidentType(e)
            | AlertError::Language(e) => e.fmt(f),
            AlertError::AreaTooLarge { area_m2 } => write!(
                f,
                "The area is {}; alerts may watch at most {}.",
                format_area(*area_m2),
                format_area(MAX_ALERT_AREA_M2)
            ),
            AlertError::TooManyIncidentTypes { count } => write!(
                f,
                "{count} incident types were given; there are only {}.",
                IncidentType::ALL.len()
            ),
            AlertError::TargetMissing => {
                f.write_str("Draw an area on the map or choose an agency to be alerted about.")
            }
            AlertError::TargetAmbiguous => {
                f.write_str("Choose either an area or an agency for one alert, not both.")
            }
        }
    }
}

impl From<&AlertError> for ErrorDetail {
    fn from(e: &AlertError) -> ErrorDetail {
        ErrorDetail::new(e.code(), e.to_string()).with_field(e.field())
    }
}

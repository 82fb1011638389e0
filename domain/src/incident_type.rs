//! The fixed list of incident types a request can name.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::draft_error::DraftError;

/// What happened, from a fixed list. On the wire it is the snake_case
/// [`as_str`](IncidentType::as_str) code; people see the [`label`](IncidentType::label).
///
/// ```
/// use porchlight_domain::IncidentType;
/// let t: IncidentType = serde_json::from_str("\"hit_and_run\"").unwrap();
/// assert_eq!(t.label(), "Hit and run");
/// assert!(serde_json::from_str::<IncidentType>("\"jaywalking\"").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentType {
    Burglary,
    Theft,
    VehicleCrime,
    Vandalism,
    Assault,
    Robbery,
    HitAndRun,
    MissingPerson,
    Shooting,
    Other,
}

impl IncidentType {
    /// Every incident type, in the order the form lists them.
    ///
    /// ```
    /// use porchlight_domain::IncidentType;
    /// assert_eq!(IncidentType::ALL.len(), 10);
    /// assert_eq!(IncidentType::ALL[0], IncidentType::Burglary);
    /// ```
    pub const ALL: [IncidentType; 10] = [
        IncidentType::Burglary,
        IncidentType::Theft,
        IncidentType::VehicleCrime,
        IncidentType::Vandalism,
        IncidentType::Assault,
        IncidentType::Robbery,
        IncidentType::HitAndRun,
        IncidentType::MissingPerson,
        IncidentType::Shooting,
        IncidentType::Other,
    ];

    /// The stable code used on the wire and in databases.
    ///
    /// ```
    /// use porchlight_domain::IncidentType;
    /// assert_eq!(IncidentType::VehicleCrime.as_str(), "vehicle_crime");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentType::Burglary => "burglary",
            IncidentType::Theft => "theft",
            IncidentType::VehicleCrime => "vehicle_crime",
            IncidentType::Vandalism => "vandalism",
            IncidentType::Assault => "assault",
            IncidentType::Robbery => "robbery",
            IncidentType::HitAndRun => "hit_and_run",
            IncidentType::MissingPerson => "missing_person",
            IncidentType::Shooting => "shooting",
            IncidentType::Other => "other",
        }
    }

    /// The name people read.
    ///
    /// ```
    /// use porchlight_domain::IncidentType;
    /// assert_eq!(IncidentType::MissingPerson.label(), "Missing person");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            IncidentType::Burglary => "Burglary",
            IncidentType::Theft => "Theft",
            IncidentType::VehicleCrime => "Vehicle crime",
            IncidentType::Vandalism => "Vandalism",
            IncidentType::Assault => "Assault",
            IncidentType::Robbery => "Robbery",
            IncidentType::HitAndRun => "Hit and run",
            IncidentType::MissingPerson => "Missing person",
            IncidentType::Shooting => "Shooting",
            IncidentType::Other => "Other",
        }
    }

    /// Parses [`as_str`](IncidentType::as_str) back; anything else (including other
    /// capitalisation) is `incident_type_invalid`.
    ///
    /// ```
    /// use porchlight_domain::IncidentType;
    /// assert_eq!(IncidentType::parse("burglary"), Ok(IncidentType::Burglary));
    /// assert_eq!(IncidentType::parse("Burglary").unwrap_err().code(), "incident_type_invalid");
    /// ```
    pub fn parse(code: &str) -> Result<IncidentType, DraftError> {
        IncidentType::ALL
            .into_iter()
            .find(|t| t.as_str() == code)
            .ok_or_else(|| DraftError::IncidentTypeInvalid { value: code.to_owned() })
    }
}

impl fmt::Display for IncidentType {
    /// The [`label`](IncidentType::label).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

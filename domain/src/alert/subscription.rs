use super::{AlertArea, AlertError};
use crate::contact::Contact;
use crate::incident_type::IncidentType;
use crate::language::RequestLanguage;
use crate::wire::AlertSubscriptionInput;

/// What an alert watches.
#[derive(Debug, Clone, PartialEq)]
pub enum AlertTarget {
    /// Requests whose area meets this one.
    Area(AlertArea),
    /// Every request of the agency with this slug.
    Agency(String),
}

/// A subscription that passed every rule: an address mail can be sent to, exactly one
/// target, known incident types (none: every type) and the language of its emails
/// (English unless asked otherwise).
///
/// ```
/// use porchlight_domain::alert::{AlertTarget, ValidSubscription};
/// use porchlight_domain::wire::AlertSubscriptionInput;
/// let input = AlertSubscriptionInput {
///     email: " neighbour@example.org ".into(),
///     area: None,
///     agency: Some("portland-police".into()),
///     incident_types: vec!["burglary".into(), "theft".into(), "burglary".into()],
///     language: Some("es".into()),
/// };
/// let valid = ValidSubscription::validate(&input).unwrap();
/// assert_eq!(valid.email, "neighbour@example.org");
/// assert_eq!(valid.target, AlertTarget::Agency("portland-police".into()));
/// assert_eq!(valid.incident_types.len(), 2);
/// assert_eq!(valid.language, porchlight_domain::RequestLanguage::Es);
/// let french = AlertSubscriptionInput { language: Some("fr".into()), ..input.clone() };
/// assert_eq!(ValidSubscription::validate(&french).unwrap_err()[0].code(), "language_invalid");
/// let none = AlertSubscriptionInput { agency: None, ..input };
/// assert_eq!(ValidSubscription::validate(&none).unwrap_err()[0].code(), "alert_target_missing");
/// let eleven = AlertSubscriptionInput {
///     agency: Some("portland-police".into()),
///     incident_types: vec!["other".into(); 11],
///     ..none
/// };
/// assert_eq!(
///     ValidSubscription::validate(&eleven).unwrap_err()[0].code(),
///     "alert_too_many_incident_types"
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSubscription {
    /// Trimmed.
    pub email: String,
    pub target: AlertTarget,
    /// Sorted, without repeats; empty for every type.
    pub incident_types: Vec<IncidentType>,
    /// The language its emails are written in.
    pub language: RequestLanguage,
}

impl ValidSubscription {
    /// Checks every rule, collecting all violations.
    pub fn validate(input: &AlertSubscriptionInput) -> Result<ValidSubscription, Vec<AlertError>> {
        let mut errors = Vec::new();
        let email = input.email.trim().to_owned();
        if let Err(e) = Contact::check_email(&email) {
            errors.push(AlertError::Email(e));
        }
        let target = match (&input.area, &input.agency) {
            (Some(_), Some(_)) => {
                errors.push(AlertError::TargetAmbiguous);
                None
            }
            (None, None) => {
                errors.push(AlertError::TargetMissing);
                None
            }
            (Some(polygon), None) => match AlertArea::from_geojson(polygon) {
                Ok(area) => Some(AlertTarget::Area(area)),
                Err(area_errors) => {
                    errors.extend(area_errors);
                    None
                }
            },
            (None, Some(slug)) => Some(AlertTarget::Agency(slug.trim().to_owned())),
        };
        let mut incident_types = Vec::new();
        if input.incident_types.len() > IncidentType::ALL.len() {
            errors.push(AlertError::TooManyIncidentTypes { count: input.incident_types.len() });
        }
        for code in &input.incident_types {
            match IncidentType::parse(code) {
                Ok(t) => incident_types.push(t),
                Err(e) => errors.push(AlertError::IncidentType(e)),
            }
        }
        incident_types.sort();
        incident_types.dedup();
        let language = match RequestLanguage::parse_optional(input.language.as_deref()) {
            Ok(language) => language.unwrap_or(RequestLanguage::En),
            Err(e) => {
                errors.push(AlertError::Language(e));
                RequestLanguage::En
            }
        };
        match target {
            Some(target) if errors.is_empty() => {
                Ok(ValidSubscription { email, target, incident_types, language })
            }
            _ => Err(errors),
        }
    }

    /// Whether a request of this incident type is alerted about.
    ///
    /// ```
    /// use porchlight_domain::alert::{AlertTarget, ValidSubscription};
    /// use porchlight_domain::IncidentType;
    /// let s = ValidSubscription {
    ///     email: "a@example.org".into(),
    ///     target: AlertTarget::Agency("x".into()),
    ///     incident_types: vec![IncidentType::Theft],
    ///     language: porchlight_domain::RequestLanguage::En,
    /// };
    /// assert!(s.wants(IncidentType::Theft));
    /// assert!(!s.wants(IncidentType::Burglary));
    /// ```
    pub fn wants(&self, incident_type: IncidentType) -> bool {
        self.incident_types.is_empty() || self.incident_types.contains(&incident_type)
    }
}

use leptos::prelude::*;
use porchlight_domain::wire::RequestStatus;
use porchlight_domain::IncidentType;

use crate::i18n::t;

/// "Open" or "Resolved" as text (colour is only a second signal).
#[component]
pub fn StatusBadge(status: RequestStatus) -> impl IntoView {
    let (key, class) = match status {
        RequestStatus::Open => ("status.open", "badge badge-open"),
        RequestStatus::Resolved => ("status.resolved", "badge badge-resolved"),
    };
    view! { <span class=class>{t(key)}</span> }
}

/// The name of an incident type code in the reader's language ("vehicle_crime" →
/// "Vehicle crime"); an unknown code from a newer server is shown as sent.
pub fn incident_label(code: &str) -> String {
    match IncidentType::parse(code) {
        Ok(incident) => t(incident_key(incident)),
        Err(_) => code.to_owned(),
    }
}

/// The key of an incident type's name.
pub fn incident_key(incident: IncidentType) -> &'static str {
    match incident {
        IncidentType::Burglary => "incident.burglary",
        IncidentType::Theft => "incident.theft",
        IncidentType::VehicleCrime => "incident.vehicle_crime",
        IncidentType::Vandalism => "incident.vandalism",
        IncidentType::Assault => "incident.assault",
        IncidentType::Robbery => "incident.robbery",
        IncidentType::HitAndRun => "incident.hit_and_run",
        IncidentType::MissingPerson => "incident.missing_person",
        IncidentType::Shooting => "incident.shooting",
        IncidentType::Other => "incident.other",
    }
}

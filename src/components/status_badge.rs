use leptos::prelude::*;
use porchlight_domain::wire::RequestStatus;
use porchlight_domain::IncidentType;

/// "Open" or "Resolved" as text (colour is only a second signal).
#[component]
pub fn StatusBadge(status: RequestStatus) -> impl IntoView {
    let (text, class) = match status {
        RequestStatus::Open => ("Open", "badge badge-open"),
        RequestStatus::Resolved => ("Resolved", "badge badge-resolved"),
    };
    view! { <span class=class>{text}</span> }
}

/// The label of an incident type code ("vehicle_crime" → "Vehicle crime"); an unknown
/// code from a newer server is shown as sent.
pub fn incident_label(code: &str) -> String {
    IncidentType::parse(code).map(|t| t.label().to_owned()).unwrap_or_else(|_| code.to_owned())
}

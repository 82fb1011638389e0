use leptos::prelude::*;
use porchlight_domain::moderation::Concern;
use porchlight_domain::IncidentType;

use crate::components::{incident_label, PostSummary};
use crate::format::{area_text, format_time_frame, Zone};
use crate::request_form::{local_input_to_utc, FormCheck, FormState};

/// What the confirmation dialog shows while `confirming`: the draft as it will be
/// posted. A memo: the clock tick must not rebuild the open dialog (and its map).
pub(super) fn post_summary(
    agency_name: String,
    confirming: RwSignal<bool>,
    snapshot: Memo<FormState>,
    check: Memo<FormCheck>,
    concerns: Memo<Vec<Concern>>,
    reviewed: Signal<bool>,
) -> Memo<Option<PostSummary>> {
    Memo::new(move |_| {
        if !confirming.get() {
            return None;
        }
        let state = snapshot.get();
        let input = state.to_input();
        let check = check.get();
        let time_frame = match (local_input_to_utc(&state.start), local_input_to_utc(&state.end)) {
            (Some(s), Some(e)) => format_time_frame(s, e, &Zone::reader()),
            _ => String::new(),
        };
        Some(PostSummary {
            agency: agency_name.clone(),
            title: input.title.trim().to_owned(),
            incident: IncidentType::parse(&input.incident_type).map(|t| incident_label(t.as_str())).unwrap_or_default(),
            case_number: input.case_number.trim().to_owned(),
            size: check.area_m2.map(area_text).unwrap_or_default(),
            time_frame,
            area: input.area,
            concerns: concerns.get(),
            reviewed: reviewed.get(),
        })
    })
}

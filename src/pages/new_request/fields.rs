//! The form's inputs, one signal each.

use leptos::prelude::*;
use porchlight_domain::wire::AttestationsInput;

use crate::request_form::FormState;

/// One signal per input, so that each field re-renders alone.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) incident_type: RwSignal<String>,
    pub(super) case_number: RwSignal<String>,
    pub(super) title: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) email: RwSignal<String>,
    pub(super) phone: RwSignal<String>,
    pub(super) start: RwSignal<String>,
    pub(super) end: RwSignal<String>,
    pub(super) area: RwSignal<Option<Vec<[f64; 2]>>>,
    pub(super) attestations: RwSignal<AttestationsInput>,
    pub(super) language: RwSignal<String>,
}

impl Fields {
    pub(super) fn new(state: FormState) -> Fields {
        Fields {
            incident_type: RwSignal::new(state.incident_type),
            case_number: RwSignal::new(state.case_number),
            title: RwSignal::new(state.title),
            description: RwSignal::new(state.description),
            email: RwSignal::new(state.email),
            phone: RwSignal::new(state.phone),
            start: RwSignal::new(state.start),
            end: RwSignal::new(state.end),
            area: RwSignal::new(state.area),
            attestations: RwSignal::new(state.attestations),
            language: RwSignal::new(state.language),
        }
    }

    pub(super) fn snapshot(&self) -> FormState {
        FormState {
            incident_type: self.incident_type.get(),
            case_number: self.case_number.get(),
            title: self.title.get(),
            description: self.description.get(),
            email: self.email.get(),
            phone: self.phone.get(),
            start: self.start.get(),
            end: self.end.get(),
            area: self.area.get(),
            attestations: self.attestations.get(),
            language: self.language.get(),
        }
    }

    pub(super) fn reset(&self) {
        for s in [
            self.incident_type,
            self.case_number,
            self.title,
            self.description,
            self.email,
            self.phone,
            self.start,
            self.end,
            self.language,
        ] {
            s.set(String::new());
        }
        self.area.set(None);
        self.attestations.set(AttestationsInput::default());
    }

    /// Whether `field` (an API field name) holds anything yet.
    pub(super) fn has_value(&self, field: &str) -> bool {
        let filled = |s: RwSignal<String>| s.with(|v| !v.trim().is_empty());
        match field {
            "area" => self.area.with(Option::is_some),
            "time_frame" | "time_frame.start" | "time_frame.end" => filled(self.start) || filled(self.end),
            "incident_type" => filled(self.incident_type),
            "case_number" => filled(self.case_number),
            "title" => filled(self.title),
            "description" => filled(self.description),
            "contact" | "contact.email" | "contact.phone" => filled(self.email) || filled(self.phone),
            // An unticked box is "empty": its message waits until it was used.
            "attestations.active_investigation" => self.attestations.with(|a| a.active_investigation),
            "attestations.no_lawful_activity" => self.attestations.with(|a| a.no_lawful_activity),
            _ => true,
        }
    }
}

use porchlight_domain::wire::{AttestationsInput, ContactInput, GeoJsonPolygon, RequestDraftInput, TimeFrameInput};
use serde::{Deserialize, Serialize};

use super::local_time::local_input_to_utc;

/// Everything typed or drawn in the form, exactly as entered: what local storage keeps
/// and what [`FormState::to_input`] turns into the API's draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormState {
    pub incident_type: String,
    pub case_number: String,
    pub title: String,
    pub description: String,
    pub email: String,
    pub phone: String,
    /// `datetime-local` value in the user's time zone, e.g. `2026-11-27T13:00:00`.
    pub start: String,
    /// `datetime-local` value in the user's time zone.
    pub end: String,
    /// The drawn ring as `[lng, lat]` positions, not closed; `None` before drawing.
    pub area: Option<Vec<[f64; 2]>>,
    /// The two statements, as ticked (both unticked at first).
    pub attestations: AttestationsInput,
    /// The language of the title and description as chosen (`en`, `es`); empty until
    /// chosen, which means the reader's language.
    pub language: String,
}

impl FormState {
    /// True when nothing was typed or drawn.
    pub fn is_empty(&self) -> bool {
        *self == FormState::default()
    }

    /// The draft the API takes. Local times become UTC RFC 3339; a time that cannot be
    /// read is passed on as typed so that the domain names it (`time_frame_invalid`).
    /// Blank contact fields count as not given.
    pub fn to_input(&self) -> RequestDraftInput {
        let time = |local: &str| {
            local_input_to_utc(local)
                .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
                .unwrap_or_else(|| local.to_owned())
        };
        let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let coordinates = match &self.area {
            Some(ring) if !ring.is_empty() => {
                let mut closed = ring.clone();
                closed.push(ring[0]);
                vec![closed]
            }
            _ => Vec::new(),
        };
        RequestDraftInput {
            incident_type: self.incident_type.clone(),
            case_number: self.case_number.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            contact: ContactInput { email: given(&self.email), phone: given(&self.phone) },
            time_frame: TimeFrameInput { start: time(&self.start), end: time(&self.end) },
            area: GeoJsonPolygon { coordinates },
            attestations: self.attestations,
            language: Some(FormState::language_or_reader(&self.language).to_owned()),
        }
    }

    /// The chosen language of the text, or the reader's when none was chosen.
    pub fn language_or_reader(chosen: &str) -> &str {
        if chosen.is_empty() {
            crate::i18n::current_lang().code()
        } else {
            chosen
        }
    }
}

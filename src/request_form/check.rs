use porchlight_domain::wire::{GeoJsonPolygon, RequestDraftInput};
use porchlight_domain::{DraftError, RequestArea, RequestDraft};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::text::draft_error_text;

/// The form's verdict: exactly what [`RequestDraft::validate`] says about the draft the
/// form would send, at the browser's "now", plus the numbers the form shows.
#[derive(Debug, Clone, PartialEq)]
pub struct FormCheck {
    /// Every violated rule, in the domain's order.
    pub errors: Vec<DraftError>,
    /// Geodesic area of the drawn ring in m², when it is a ring the domain measures.
    pub area_m2: Option<f64>,
    /// Seconds from start to end, when both times can be read.
    pub duration_s: Option<i64>,
}

impl FormCheck {
    /// Judges `input` as the server would for a case with no published request yet (the
    /// per-case limit needs the server's records; it answers `case_limit_reached`).
    pub fn run(input: &RequestDraftInput, now: OffsetDateTime) -> FormCheck {
        let errors = RequestDraft::validate(input, now, 0).err().unwrap_or_default();
        FormCheck { area_m2: measured_area(&input.area, &errors), duration_s: duration(input), errors }
    }

    /// True when the draft passes every rule the form can check.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors of one field (`area`, `time_frame.start`, …), exact match.
    pub fn for_field(&self, field: &str) -> Vec<&DraftError> {
        self.errors.iter().filter(|e| e.field() == field).collect()
    }

    /// The messages of one field, in the reader's language.
    pub fn messages(&self, field: &str) -> Vec<String> {
        self.for_field(field).into_iter().map(draft_error_text).collect()
    }

    /// True when the area was measured and is outside 0.025–0.5 sq mi (the domain's
    /// `area_too_small` / `area_too_large`).
    pub fn area_out_of_limits(&self) -> bool {
        self.errors.iter().any(|e| matches!(e, DraftError::AreaTooSmall { .. } | DraftError::AreaTooLarge { .. }))
    }
}

/// The area the domain measured: the valid area's, or the one carried by a too-small /
/// too-large error. `None` when the ring is not measurable (crossing itself, too few
/// corners…): a number would mean nothing then.
fn measured_area(area: &GeoJsonPolygon, errors: &[DraftError]) -> Option<f64> {
    for e in errors {
        if let DraftError::AreaTooSmall { area_m2 } | DraftError::AreaTooLarge { area_m2 } = e {
            return Some(*area_m2);
        }
    }
    if errors.iter().any(|e| e.field() == "area") {
        return None;
    }
    RequestArea::from_geojson(area).ok().map(|a| a.area_m2())
}

fn duration(input: &RequestDraftInput) -> Option<i64> {
    let start = OffsetDateTime::parse(&input.time_frame.start, &Rfc3339).ok()?;
    let end = OffsetDateTime::parse(&input.time_frame.end, &Rfc3339).ok()?;
    Some((end - start).whole_seconds())
}

//! A whole Request for Assistance that passed every rule.

use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use crate::area::RequestArea;
use crate::contact::Contact;
use crate::draft_error::DraftError;
use crate::incident_type::IncidentType;
use crate::language::RequestLanguage;
use crate::limits::MAX_REQUESTS_PER_CASE;
use crate::moderation::Attestation;
use crate::text_fields::{CaseNumber, Description, Title};
use crate::time_frame::TimeFrame;
use crate::wire::{AttestationsInput, RequestDraftInput};

/// A request draft that passed every rule at a given moment for a given case count;
/// only [`RequestDraft::validate`] makes one.
///
/// It serialises to the [`RequestDraftInput`] JSON shape (normalised: trimmed text, UTC
/// times, a closed counter-clockwise ring) but deliberately does not deserialise: two of
/// its rules depend on the current time and on how many requests the case already has,
/// which JSON cannot carry. Its parts ([`RequestArea`], [`TimeFrame`], [`Contact`],
/// [`IncidentType`], [`CaseNumber`], [`Title`], [`Description`]) each deserialise
/// through their validating constructor.
///
/// ```
/// use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
/// use time::macros::datetime;
/// let input: RequestDraftInput = serde_json::from_str(r#"{
///   "incident_type": "burglary", "case_number": "26-118233",
///   "title": "Footage near 5th and Pine",
///   "description": "Looking for footage of a person carrying a red bicycle.",
///   "contact": { "email": "detective@city.example", "phone": "+1 503 555 0100" },
///   "time_frame": { "start": "2026-11-27T21:00:00Z", "end": "2026-11-27T23:00:00Z" },
///   "area": { "type": "Polygon", "coordinates": [[[-122.680, 45.515], [-122.670, 45.515],
///     [-122.670, 45.520], [-122.680, 45.520], [-122.680, 45.515]]] },
///   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
/// let draft = RequestDraft::validate(&input, datetime!(2026-11-28 08:00 UTC), 0).unwrap();
/// assert_eq!(draft.case_number(), "26-118233");
/// assert_eq!(draft.time_frame().duration().whole_hours(), 2);
/// assert_eq!(serde_json::to_value(&draft).unwrap()["area"]["type"], "Polygon");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDraft {
    area: RequestArea,
    time_frame: TimeFrame,
    incident_type: IncidentType,
    case_number: CaseNumber,
    title: Title,
    description: Description,
    contact: Contact,
    /// The language of the title and description, when the agency set it.
    language: Option<RequestLanguage>,
}

impl RequestDraft {
    /// Checks every rule, collecting all violations in the order of the rule table
    /// (area, time frame, incident type, case number, title, description, contact,
    /// language, attestations, case limit). `now` is the server's clock (or the browser's, for live feedback);
    /// `existing_requests_for_case` is how many requests the agency already published
    /// under this case number.
    ///
    /// ```
    /// use porchlight_domain::{wire::*, RequestDraft};
    /// use time::macros::datetime;
    /// let input = RequestDraftInput {
    ///     incident_type: "jaywalking".into(), case_number: "26-118233".into(),
    ///     title: "Footage near 5th and Pine".into(), description: "Too short.".into(),
    ///     contact: ContactInput::default(),
    ///     time_frame: TimeFrameInput { start: "2026-11-27T21:00:00Z".into(), end: "2026-11-27T21:10:00Z".into() },
    ///     area: GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52]]] },
    ///     attestations: AttestationsInput::CONFIRMED,
    ///     language: None,
    /// };
    /// let errors = RequestDraft::validate(&input, datetime!(2026-11-28 08:00 UTC), 2).unwrap_err();
    /// let codes: Vec<_> = errors.iter().map(|e| e.code()).collect();
    /// assert_eq!(codes, ["time_frame_too_short", "incident_type_invalid", "description_invalid",
    ///                    "contact_missing", "case_limit_reached"]);
    /// ```
    pub fn validate(
        input: &RequestDraftInput,
        now: OffsetDateTime,
        existing_requests_for_case: u32,
    ) -> Result<RequestDraft, Vec<DraftError>> {
        let mut errors = Vec::new();
        let area = RequestArea::from_geojson(&input.area).map_err(|e| errors.extend(e)).ok();
        let time_frame =
            TimeFrame::from_input(&input.time_frame, now).map_err(|e| errors.extend(e)).ok();
        let incident_type =
            IncidentType::parse(&input.incident_type).map_err(|e| errors.push(e)).ok();
        let case_number = CaseNumber::parse(&input.case_number).map_err(|e| errors.push(e)).ok();
        let title = Title::parse(&input.title).map_err(|e| errors.push(e)).ok();
        let description = Description::parse(&input.description).map_err(|e| errors.push(e)).ok();
        let contact = Contact::parse(&input.contact).map_err(|e| errors.extend(e)).ok();
        let language = RequestLanguage::parse_optional(input.language.as_deref())
            .map_err(|e| errors.push(e))
            .ok();
        errors.extend(
            Attestation::missing(&input.attestations)
                .into_iter()
                .map(|which| DraftError::AttestationMissing { which }),
        );
        if existing_requests_for_case >= MAX_REQUESTS_PER_CASE {
            errors.push(DraftError::CaseLimitReached { existing: existing_requests_for_case });
        }
        match (area, time_frame, incident_type, case_number, title, description, contact, language)
        {
            (
                Some(area),
                Some(time_frame),
                Some(incident_type),
                Some(case_number),
                Some(title),
                Some(description),
                Some(contact),
                Some(language),
            ) if errors.is_empty() => Ok(RequestDraft {
                area,
                time_frame,
                incident_type,
                case_number,
                title,
                description,
                contact,
                language,
            }),
            _ => Err(errors),
        }
    }

    /// The first violated rule, if any (geo's `Validation::check_validation` style).
    ///
    /// ```
    /// use porchlight_domain::{wire::*, RequestDraft};
    /// use time::macros::datetime;
    /// let input = RequestDraftInput {
    ///     incident_type: "theft".into(), case_number: "".into(),
    ///     title: "Stolen parcel on Alder St".into(), description: "Parcel taken from a porch around 3 pm.".into(),
    ///     contact: ContactInput { email: Some("tips@police.example".into()), phone: None },
    ///     time_frame: TimeFrameInput { start: "2026-11-27T14:00:00Z".into(), end: "2026-11-27T16:00:00Z".into() },
    ///     area: GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.68, 45.52]]] },
    ///     attestations: AttestationsInput::CONFIRMED,
    ///     language: None,
    /// };
    /// assert_eq!(RequestDraft::check(&input, datetime!(2026-11-28 08:00 UTC), 0).unwrap_err().code(), "case_number_invalid");
    /// ```
    pub fn check(
        input: &RequestDraftInput,
        now: OffsetDateTime,
        existing_requests_for_case: u32,
    ) -> Result<(), DraftError> {
        match Self::validate(input, now, existing_requests_for_case) {
            Ok(_) => Ok(()),
            Err(mut errors) => Err(errors.swap_remove(0)),
        }
    }

    /// Every violated rule; empty when the draft is valid.
    ///
    /// ```
    /// use porchlight_domain::{wire::*, RequestDraft};
    /// use time::macros::datetime;
    /// let input = RequestDraftInput {
    ///     incident_type: "theft".into(), case_number: "26-1".into(),
    ///     title: "Stolen parcel on Alder St".into(), description: "Parcel taken from a porch around 3 pm.".into(),
    ///     contact: ContactInput { email: Some("tips@police.example".into()), phone: None },
    ///     time_frame: TimeFrameInput { start: "2026-11-27T14:00:00Z".into(), end: "2026-11-27T16:00:00Z".into() },
    ///     area: GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.68, 45.52]]] },
    ///     attestations: AttestationsInput::CONFIRMED,
    ///     language: None,
    /// };
    /// assert!(RequestDraft::errors(&input, datetime!(2026-11-28 08:00 UTC), 1).is_empty());
    /// ```
    pub fn errors(
        input: &RequestDraftInput,
        now: OffsetDateTime,
        existing_requests_for_case: u32,
    ) -> Vec<DraftError> {
        Self::validate(input, now, existing_requests_for_case).err().unwrap_or_default()
    }

    /// The area, counter-clockwise, with its geodesic area.
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
    /// # let input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "hit_and_run", "case_number": " PPB 26-4410 ",
    /// #   "title": "White van hit a cyclist on SW Morrison",
    /// #   "description": "  Looking for footage of a white van heading east on SW Morrison St.  ",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
    /// # let draft = RequestDraft::validate(&input, time::macros::datetime!(2026-11-28 08:00 UTC), 1).unwrap();
    /// assert!((draft.area().area_m2() - 0.13 * porchlight_domain::SQUARE_MILE_M2).abs() < 0.01 * porchlight_domain::SQUARE_MILE_M2);
    /// assert_eq!(draft.area().ring()[1], [-122.676, 45.518]); // counter-clockwise
    /// ```
    pub fn area(&self) -> &RequestArea {
        &self.area
    }

    /// The footage window, in UTC.
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
    /// # let input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "hit_and_run", "case_number": " PPB 26-4410 ",
    /// #   "title": "White van hit a cyclist on SW Morrison",
    /// #   "description": "  Looking for footage of a white van heading east on SW Morrison St.  ",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
    /// # let draft = RequestDraft::validate(&input, time::macros::datetime!(2026-11-28 08:00 UTC), 1).unwrap();
    /// assert_eq!(draft.time_frame().start(), time::macros::datetime!(2026-11-27 16:30 UTC));
    /// assert_eq!(draft.time_frame().duration().whole_minutes(), 45);
    /// ```
    pub fn time_frame(&self) -> &TimeFrame {
        &self.time_frame
    }

    /// What happened.
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
    /// # let input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "hit_and_run", "case_number": " PPB 26-4410 ",
    /// #   "title": "White van hit a cyclist on SW Morrison",
    /// #   "description": "  Looking for footage of a white van heading east on SW Morrison St.  ",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
    /// # let draft = RequestDraft::validate(&input, time::macros::datetime!(2026-11-28 08:00 UTC), 1).unwrap();
    /// assert_eq!(draft.incident_type().label(), "Hit and run");
    /// ```
    pub fn incident_type(&self) -> IncidentType {
        self.incident_type
    }

    /// The agency's case reference, trimmed.
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
    /// # let input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "hit_and_run", "case_number": " PPB 26-4410 ",
    /// #   "title": "White van hit a cyclist on SW Morrison",
    /// #   "description": "  Looking for footage of a white van heading east on SW Morrison St.  ",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
    /// # let draft = RequestDraft::validate(&input, time::macros::datetime!(2026-11-28 08:00 UTC), 1).unwrap();
    /// assert_eq!(draft.case_number(), "PPB 26-4410");
    /// ```
    pub fn case_number(&self) -> &str {
        self.case_number.as_str()
    }

    /// The headline, trimmed.
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
    /// # let input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "hit_and_run", "case_number": " PPB 26-4410 ",
    /// #   "title": "White van hit a cyclist on SW Morrison",
    /// #   "description": "  Looking for footage of a white van heading east on SW Morrison St.  ",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
    /// # let draft = RequestDraft::validate(&input, time::macros::datetime!(2026-11-28 08:00 UTC), 1).unwrap();
    /// assert_eq!(draft.title(), "White van hit a cyclist on SW Morrison");
    /// ```
    pub fn title(&self) -> &str {
        self.title.as_str()
    }

    /// The description, trimmed.
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
    /// # let input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "hit_and_run", "case_number": " PPB 26-4410 ",
    /// #   "title": "White van hit a cyclist on SW Morrison",
    /// #   "description": "  Looking for footage of a white van heading east on SW Morrison St.  ",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
    /// # let draft = RequestDraft::validate(&input, time::macros::datetime!(2026-11-28 08:00 UTC), 1).unwrap();
    /// assert!(draft.description().starts_with("Looking for footage"));
    /// assert!(draft.description().ends_with("St."));
    /// ```
    pub fn description(&self) -> &str {
        self.description.as_str()
    }

    /// How residents respond.
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft};
    /// # let input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "hit_and_run", "case_number": " PPB 26-4410 ",
    /// #   "title": "White van hit a cyclist on SW Morrison",
    /// #   "description": "  Looking for footage of a white van heading east on SW Morrison St.  ",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true } }"#).unwrap();
    /// # let draft = RequestDraft::validate(&input, time::macros::datetime!(2026-11-28 08:00 UTC), 1).unwrap();
    /// assert_eq!(draft.contact().phone(), Some("(503) 555-0100"));
    /// assert_eq!(draft.contact().email(), None);
    /// ```
    pub fn contact(&self) -> &Contact {
        &self.contact
    }

    /// The language of the title and description, if the agency set it.
    ///
    /// ```
    /// # use porchlight_domain::{wire::RequestDraftInput, RequestDraft, RequestLanguage};
    /// # let mut input: RequestDraftInput = serde_json::from_str(r#"{
    /// #   "incident_type": "theft", "case_number": "26-1",
    /// #   "title": "Paquete robado en Alder St",
    /// #   "description": "Se llevaron un paquete de un porche alrededor de las 3 pm.",
    /// #   "contact": { "phone": "(503) 555-0100" },
    /// #   "time_frame": { "start": "2026-11-27T08:30:00-08:00", "end": "2026-11-27T09:15:00-08:00" },
    /// #   "area": { "type": "Polygon", "coordinates": [[[-122.684, 45.518], [-122.684, 45.523],
    /// #     [-122.676, 45.523], [-122.676, 45.518], [-122.684, 45.518]]] },
    /// #   "attestations": { "active_investigation": true, "no_lawful_activity": true },
    /// #   "language": "es" }"#).unwrap();
    /// # let now = time::macros::datetime!(2026-11-28 08:00 UTC);
    /// let draft = RequestDraft::validate(&input, now, 0).unwrap();
    /// assert_eq!(draft.language(), Some(RequestLanguage::Es));
    /// assert_eq!(draft.to_input().language.as_deref(), Some("es"));
    /// input.language = Some("fr".into());
    /// let errors = RequestDraft::validate(&input, now, 0).unwrap_err();
    /// assert_eq!((errors[0].code(), errors[0].field()), ("language_invalid", "language"));
    /// ```
    pub fn language(&self) -> Option<RequestLanguage> {
        self.language
    }

    /// The normalised wire form, e.g. to store or to publish.
    ///
    /// ```
    /// use porchlight_domain::{wire::*, RequestDraft};
    /// use time::macros::datetime;
    /// let input = RequestDraftInput {
    ///     incident_type: "theft".into(), case_number: " 26-1 ".into(),
    ///     title: "Stolen parcel on Alder St".into(), description: "Parcel taken from a porch around 3 pm.".into(),
    ///     contact: ContactInput { email: Some("tips@police.example".into()), phone: None },
    ///     time_frame: TimeFrameInput { start: "2026-11-27T06:00:00-08:00".into(), end: "2026-11-27T16:00:00Z".into() },
    ///     area: GeoJsonPolygon { coordinates: vec![vec![[-122.68, 45.515], [-122.67, 45.515], [-122.67, 45.52], [-122.68, 45.52]]] },
    ///     attestations: AttestationsInput::CONFIRMED,
    ///     language: None,
    /// };
    /// let out = RequestDraft::validate(&input, datetime!(2026-11-28 08:00 UTC), 0).unwrap().to_input();
    /// assert_eq!(out.case_number, "26-1");
    /// assert_eq!(out.time_frame.start, "2026-11-27T14:00:00Z");
    /// assert_eq!(out.area.coordinates[0].len(), 5);
    /// ```
    pub fn to_input(&self) -> RequestDraftInput {
        RequestDraftInput {
            incident_type: self.incident_type.as_str().to_owned(),
            case_number: self.case_number().to_owned(),
            title: self.title().to_owned(),
            description: self.description().to_owned(),
            contact: self.contact.to_input(),
            time_frame: self.time_frame.to_input(),
            area: self.area.to_geojson(),
            // A validated draft was confirmed: both statements hold.
            attestations: AttestationsInput::CONFIRMED,
            language: self.language.map(|l| l.as_str().to_owned()),
        }
    }
}

impl Serialize for RequestDraft {
    /// As a [`RequestDraftInput`], [`RequestDraft::to_input`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_input().serialize(serializer)
    }
}

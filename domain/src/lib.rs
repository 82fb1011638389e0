//! Porchlight's domain: the rules a Request for Assistance must follow and the JSON
//! types that travel between the app and any compatible backend.
//!
//! Pure Rust, no I/O and no clock reads: the current time is always a parameter.
//! [`RequestDraft::validate`] checks every rule and returns all violations as
//! [`DraftError`]s, each with a stable code, a field and a message for residents.

mod area;
mod contact;
mod display;
mod draft;
mod draft_error;
mod incident_type;
mod limits;
mod text_fields;
mod time_frame;
pub mod wire;

pub use area::{RequestArea, geodesic_area_m2};
pub use contact::Contact;
pub use display::{format_area, format_area_with_limit, format_duration};
pub use draft::RequestDraft;
pub use draft_error::{ContactProblem, DraftError, DraftErrors, TextProblem, TimeFrameEnd};
pub use incident_type::IncidentType;
pub use limits::*;
pub use text_fields::{CaseNumber, Description, Title};
pub use time_frame::TimeFrame;

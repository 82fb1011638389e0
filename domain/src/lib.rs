//! Porchlight's domain: the rules a Request for Assistance must follow and the JSON
//! types that travel between the app and any compatible backend.
//!
//! Pure Rust, no I/O and no clock reads: the current time is always a parameter.
//!
//! - [`RequestDraft::validate`] checks every rule of a [`wire::RequestDraftInput`] and
//!   returns either a [`RequestDraft`] or all violations as [`DraftError`]s, each with a
//!   stable [`code`](DraftError::code), a [`field`](DraftError::field) and a message for
//!   residents ([`Display`](std::fmt::Display)); `ErrorDetail::from(&error)` is the API form.
//! - Parse, don't validate: [`RequestArea`], [`TimeFrame`], [`Contact`], [`IncidentType`],
//!   [`CaseNumber`], [`Title`] and [`Description`] have private fields, are built only by
//!   their checking constructors, deserialise through them (`#[serde(try_from = …)]`) and
//!   serialise back to the wire shape. [`RequestDraft`] serialises but does not
//!   deserialise: its "not in the future", "not older than 180 days" and "at most 2 per
//!   case" rules need the current time and the case count, which JSON cannot carry.
//! - Each rule can also be checked alone for the form's live feedback:
//!   [`RequestArea::from_geojson`], [`geodesic_area_m2`], [`TimeFrame::new`],
//!   [`TimeFrame::from_input`], [`IncidentType::parse`], [`CaseNumber::parse`],
//!   [`Title::parse`], [`Description::parse`], [`Contact::parse`],
//!   [`Contact::check_email`], [`Contact::check_phone`]; [`format_area`],
//!   [`format_area_with_limit`] and [`format_duration`] write the numbers for people.
//! - Areas are Karney's geodesic areas on the WGS84 ellipsoid (geo's `GeodesicArea`),
//!   computed on a canonical ring (counter-clockwise from its lowest vertex) so that the
//!   start vertex and winding never change a single bit of the result; they agree with
//!   GeographicLib within 0.01 m² (`tests/geodesic_fixture.rs`). Every limit is a named
//!   constant with its unit ([`MAX_AREA_M2`], [`MIN_TIME_FRAME`], …).
//! - [`alert`]: email alerts' areas (up to 50 sq mi, across the ±180° meridian too),
//!   which requests they meet, and the subscriptions' rules.
//! - [`footage`]: residents' responses with footage: which files, their kinds by
//!   content, capture times against the time frame, retention periods, key fingerprints.
//! - [`account`]: the password policy, an account's email syntax and display name,
//!   for the server's registration and the app's form alike.
//! - [`public_log`]: the public log's entries (RFC 8785), RFC 6962 Merkle hashing and proofs,
//!   and Ed25519-signed checkpoints, verified the same way by the app and by auditors.
//! - `time_zone` (feature `time-zones`, on in the server): agencies' IANA time zones,
//!   a year's bounds and the UTC offsets in force, from a bundled tz database.

pub mod account;
pub mod alert;
mod area;
mod contact;
mod display;
mod draft;
mod draft_error;
pub mod footage;
mod incident_type;
mod language;
mod limits;
pub mod moderation;
pub mod public_log;
mod text_fields;
mod time_frame;
#[cfg(feature = "time-zones")]
pub mod time_zone;
pub mod wire;

pub use area::{RequestArea, geodesic_area_m2};
pub use contact::Contact;
pub use display::{area_decimals, format_area, format_area_with_limit, format_duration};
pub use draft::RequestDraft;
pub use draft_error::{ContactProblem, DraftError, DraftErrors, TextProblem, TimeFrameEnd};
pub use incident_type::IncidentType;
pub use language::RequestLanguage;
pub use limits::*;
pub use text_fields::{CaseNumber, Description, Title};
pub use time_frame::TimeFrame;

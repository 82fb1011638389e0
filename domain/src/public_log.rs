//! The public, tamper-evident log of every published request and resolution, in the
//! manner of Certificate Transparency (RFC 6962 / RFC 9162).
//!
//! # Entries
//! Each published request and each resolution is one entry: a JSON object serialised
//! with the JSON Canonicalization Scheme (RFC 8785: keys sorted by UTF-16 code units, no
//! whitespace, ECMAScript number formatting, minimal string escapes), UTF-8 encoded.
//! Both kinds can be rebuilt from what `GET /api/v1/requests/{id}` returns, which is
//! what lets a browser check the request it displays. A request entry:
//!
//! ```text
//! {"agency":"demo-city-police","area":{"coordinates":[[[-122.68,45.515],…]],"type":"Polygon"},
//!  "area_m2":712000.5,"case_number":"26-118233","contact":{"email":"tips@city.example","phone":null},
//!  "created_at":"2026-11-28T08:00:00Z","description":"…","id":7,"incident_type":"burglary",
//!  "kind":"request","time_frame":{"end":"2026-11-27T23:00:00Z","start":"2026-11-27T21:00:00Z"},
//!  "title":"…","v":1}
//! ```
//!
//! and a resolution entry:
//! `{"kind":"resolution","note":"Suspect identified."|null,"request_id":7,"resolved_at":"2026-11-28T10:00:00Z","v":1}`.
//! A moderator's decision (on a submission, or on a request's reports) is a
//! `"kind":"moderation"` entry rebuilt from its item in `GET /api/v1/moderation/log`
//! ([`moderation_entry`]): never a rejected submission's title, description or contact.
//! An agency's key for residents' responses, added or retired, is a
//! `"kind":"agency_key"` entry rebuilt from `GET /api/v1/agencies/{slug}/keys`
//! ([`agency_key_entry`]).
//! Times are RFC 3339 in UTC with whole seconds; the agency is its slug (its display
//! name is not part of the record).
//!
//! # Tree and checkpoints
//! Leaf hash `SHA-256(0x00 ‖ entry)`, interior node `SHA-256(0x01 ‖ left ‖ right)`, the
//! tree shape of RFC 6962 §2.1; [`verify_inclusion`] and [`verify_consistency`] are the
//! algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2. After every append the server signs a
//! [`Checkpoint`] (tree size, root hash, timestamp) with Ed25519; the signed bytes are
//! [`Checkpoint::signed_bytes`]. This crate only verifies: keys are made and used on the
//! server, so the app needs neither a clock nor a random source.

mod canonical_json;
mod checkpoint;
mod client;
mod entry;
mod hash;
mod proof;
mod verify;

pub use canonical_json::{CanonicalJsonError, canonical_json};
pub use checkpoint::{Checkpoint, LogPublicKey, LogSignature, SignatureError};
pub use client::{LogVerifyError, verify_agency_key, verify_extension, verify_request};
pub use entry::{
    AgencyKeyAction, EntryError, agency_key_entry, moderation_entry, request_entry,
    resolution_entry,
};
pub use hash::{LogHash, ParseHashError, empty_root, leaf_hash, node_hash};
pub use proof::{
    NodeId, consistency_proof, consistency_proof_ranges, frontier, frontier_append, frontier_root,
    inclusion_proof, inclusion_proof_ranges, perfect_parts, root_hash,
};
pub use verify::{ProofError, verify_consistency, verify_inclusion};

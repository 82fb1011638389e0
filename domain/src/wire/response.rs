//! Residents' responses with footage (issue 16): agencies' public keys, a response's
//! files as declared before upload, and what the resident and the agency see. The
//! files and the resident's identity and message travel only as age ciphertext,
//! encrypted in the browser to the agency's key; what is here is what the server
//! does see (documented in the README as such).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::AgencyRef;
use crate::footage::{CaptureSource, FootageKind};

/// An agency's public key for residents' responses (public: on its profile and in
/// the public log).
///
/// ```
/// use porchlight_domain::wire::AgencyKey;
/// let json = r#"{"fingerprint":"0123456789abcdef0123456789abcdef",
///   "public_key":"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
///   "created_at":"2026-12-06T10:00:00Z","retired_at":null,"log_index":12}"#;
/// let key: AgencyKey = serde_json::from_str(json).unwrap();
/// assert!(key.retired_at.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyKey {
    /// [`crate::footage::key_fingerprint`] of `public_key`.
    pub fingerprint: String,
    /// An age X25519 recipient (`age1…`).
    pub public_key: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When a newer key replaced it (`null` for the current key). A retired key still
    /// opens the responses encrypted to it.
    #[serde(with = "time::serde::rfc3339::option")]
    pub retired_at: Option<OffsetDateTime>,
    /// The public log entry that added it.
    pub log_index: Option<u64>,
}

/// `POST /agencies/{slug}/keys`: the agency's new current key, made in a staff
/// member's browser (the private half never leaves it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyKeyInput {
    pub public_key: String,
}

/// `PUT /agencies/{slug}/retention`: days after a request is resolved that responses
/// not kept as evidence are kept (1 to 365). A whole number, written `90` or `90.0`
/// (JSON Schema's `integer` allows both).
///
/// ```
/// use porchlight_domain::wire::RetentionInput;
/// let a: RetentionInput = serde_json::from_str(r#"{"days":90.0}"#).unwrap();
/// assert_eq!(a.days, 90);
/// assert!(serde_json::from_str::<RetentionInput>(r#"{"days":90.5}"#).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionInput {
    #[serde(deserialize_with = "whole_number")]
    pub days: i64,
}

/// An `i64` from a JSON integer, or from a number with no fractional part.
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(deserializer)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        _ => Err(serde::de::Error::custom(format!("{n} is not a whole number of days"))),
    }
}

/// What a resident may choose to tell the agency about themselves (the values travel
/// encrypted; the server learns only which were chosen, for the receipt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityField {
    Name,
    Email,
    Phone,
    Message,
}

/// One file of a response, as the resident's browser declares it before uploading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseFileInput {
    /// The file's name as on the resident's device.
    pub name: String,
    pub kind: FootageKind,
    /// Plaintext bytes.
    pub size: u64,
    /// SHA-256 of the plaintext, lowercase hex: the receipt's proof of what was sent.
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    pub captured_at: OffsetDateTime,
    pub capture_source: CaptureSource,
    /// Bytes of the age ciphertext that will be uploaded in chunks of
    /// [`crate::footage::RESPONSE_CHUNK_BYTES`].
    pub ciphertext_size: u64,
}

/// `POST /requests/{id}/responses`: a new response, before any byte is uploaded.
///
/// ```
/// use porchlight_domain::wire::ResponseInput;
/// let json = r#"{"key_fingerprint":"0123456789abcdef0123456789abcdef","shared":["email"],
///   "files":[{"name":"porch.mp4","kind":"mp4","size":1048576,"sha256":"ab","captured_at":"2026-11-27T21:30:00Z",
///   "capture_source":"container","ciphertext_size":1049000}]}"#;
/// let input: ResponseInput = serde_json::from_str(json).unwrap();
/// assert_eq!(input.files.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    /// The agency key the browser encrypted to; 409 `agency_key_changed` when it is no
    /// longer the current one.
    pub key_fingerprint: String,
    /// Which identity fields the encrypted envelope holds (empty: nothing about the
    /// resident).
    #[serde(default)]
    pub shared: Vec<IdentityField>,
    pub files: Vec<ResponseFileInput>,
}

/// Where a response is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    /// Files still arriving; the agency cannot see it.
    Uploading,
    /// Complete, not yet opened by the agency: the resident may still withdraw it.
    Submitted,
    /// The agency downloaded something of it.
    Opened,
    /// The agency keeps it as evidence (retention no longer applies).
    KeptAsEvidence,
    /// Its ciphertext is gone: marked not needed, or expired.
    Deleted,
    /// The resident withdrew it before it was opened; its ciphertext is gone.
    Withdrawn,
}

/// One file of a response as stored: the declaration plus how much has arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseFile {
    pub id: i64,
    pub name: String,
    pub kind: FootageKind,
    pub size: u64,
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    pub captured_at: OffsetDateTime,
    pub capture_source: CaptureSource,
    pub ciphertext_size: u64,
    /// Ciphertext bytes received so far (resume at chunk `received / RESPONSE_CHUNK_BYTES`).
    pub received: u64,
}

/// The request a response answers, as a receipt names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseRequestRef {
    pub id: i64,
    pub title: String,
    pub case_number: String,
    pub agency: AgencyRef,
}

/// A response as its resident sees it (`GET /responses/{id}`, `GET /me/responses`):
/// the receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidentResponse {
    pub id: i64,
    pub request: ResponseRequestRef,
    pub key_fingerprint: String,
    pub shared: Vec<IdentityField>,
    pub files: Vec<ResponseFile>,
    /// Whether the encrypted envelope (identity and message) has arrived.
    pub envelope_received: bool,
    pub status: ResponseStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
}

/// A response as the agency's staff see it (`GET /agencies/{slug}/responses`): never
/// who sent it, unless the encrypted envelope says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyResponse {
    pub id: i64,
    pub request: ResponseRequestRef,
    pub key_fingerprint: String,
    pub shared: Vec<IdentityField>,
    pub files: Vec<ResponseFile>,
    pub status: ResponseStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub opened_at: Option<OffsetDateTime>,
    /// When its ciphertext will be deleted, if the request is resolved and it is not
    /// kept as evidence.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

/// `POST /responses/{id}/decision`: the agency's choice after opening a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseDecisionInput {
    pub decision: ResponseDecision,
}

/// Keep a response as evidence, or delete it at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseDecision {
    KeptAsEvidence,
    NotNeeded,
}

/// Public counts of residents' responses (an agency's profile, statistics, exports and
/// reports; a request's page shows `received` alone). Never who.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseCounts {
    /// Responses submitted (withdrawn ones not counted).
    pub received: u64,
    pub kept_as_evidence: u64,
    pub deleted_at_expiry: u64,
}

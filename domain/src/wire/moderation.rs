//! Wire types of review before publishing, resident reports and the public moderation
//! log (`/submissions`, `/moderation/*`, `/requests/{id}/review`, `/requests/{id}/reports`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AgencyRef, ContactInput, GeoJsonPolygon, PublishedRequest, TimeFrameInput};
use crate::moderation::{Concern, ProhibitedUse, ReportDecision, ReviewDecision};

/// Whether this deployment reviews submissions before publishing them
/// (`--review required|off`); in [`ClientConfig`](super::ClientConfig).
///
/// ```
/// use porchlight_domain::wire::ReviewPolicy;
/// assert_eq!(serde_json::from_str::<ReviewPolicy>("\"required\"").unwrap(), ReviewPolicy::Required);
/// assert_eq!(ReviewPolicy::default(), ReviewPolicy::Required);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewPolicy {
    #[default]
    Required,
    Off,
}

impl ReviewPolicy {
    /// The setting's value as written on the command line.
    ///
    /// ```
    /// use porchlight_domain::wire::ReviewPolicy;
    /// assert_eq!(ReviewPolicy::Off.as_str(), "off");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewPolicy::Required => "required",
            ReviewPolicy::Off => "off",
        }
    }
}

/// Where a submission is in review.
///
/// ```
/// use porchlight_domain::wire::SubmissionStatus;
/// assert_eq!(serde_json::to_string(&SubmissionStatus::PendingReview).unwrap(), "\"pending_review\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    PendingReview,
    /// Approved and published; the request has the submission's id.
    Approved,
    /// Refused; never published, never editable.
    Rejected,
}

impl SubmissionStatus {
    /// The stable string stored in databases and sent on the wire.
    ///
    /// ```
    /// use porchlight_domain::wire::SubmissionStatus;
    /// assert_eq!(SubmissionStatus::parse(SubmissionStatus::Rejected.as_str()), Some(SubmissionStatus::Rejected));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::PendingReview => "pending_review",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Rejected => "rejected",
        }
    }

    /// Parses [`SubmissionStatus::as_str`] back.
    pub fn parse(s: &str) -> Option<SubmissionStatus> {
        [SubmissionStatus::PendingReview, SubmissionStatus::Approved, SubmissionStatus::Rejected]
            .into_iter()
            .find(|status| status.as_str() == s)
    }
}

/// A draft that passed every rule and awaits (or had) a moderator's review: what
/// `POST /requests` answers with 202, `GET /submissions/{id}` and the moderation queue
/// return. Visible only to its agency's staff and to moderators.
///
/// ```
/// use porchlight_domain::wire::{Submission, SubmissionStatus};
/// let s: Submission = serde_json::from_str(r#"{"id":12,
///   "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
///   "status":"pending_review","submitted_at":"2026-11-28T08:00:00Z",
///   "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
///   "description":"Looking for footage of a person carrying a bicycle.","contact":{"email":"detective@city.example"},
///   "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
///   "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
///   "area_m2":712000.5,"concerns":[],"review":null}"#).unwrap();
/// assert_eq!(s.status, SubmissionStatus::PendingReview);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub id: i64,
    pub agency: AgencyRef,
    pub status: SubmissionStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    pub incident_type: String,
    pub case_number: String,
    pub title: String,
    pub description: String,
    pub contact: ContactInput,
    pub time_frame: TimeFrameInput,
    pub area: GeoJsonPolygon,
    pub area_m2: f64,
    /// What the pre-screen found in the title and description.
    pub concerns: Vec<Concern>,
    /// The moderator's decision, once made.
    pub review: Option<ReviewRecord>,
    /// The language of the title and description (BCP 47), when the agency set it.
    #[serde(default)]
    pub language: Option<String>,
}

impl Submission {
    /// The draft as it was sent, its attestations confirmed (a submission exists only
    /// once they were): what approval checks again, and what a corrected submission
    /// starts from.
    ///
    /// ```
    /// use porchlight_domain::wire::{AttestationsInput, Submission};
    /// let s: Submission = serde_json::from_str(r#"{"id":12,
    ///   "agency":{"slug":"demo-city-police","name":"Demo City Police Department"},
    ///   "status":"rejected","submitted_at":"2026-11-28T08:00:00Z",
    ///   "incident_type":"burglary","case_number":"26-118233","title":"Footage near 5th and Pine",
    ///   "description":"Looking for footage.","contact":{"email":"detective@city.example"},
    ///   "time_frame":{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"},
    ///   "area":{"type":"Polygon","coordinates":[[[-122.68,45.52],[-122.67,45.52],[-122.67,45.53],[-122.68,45.52]]]},
    ///   "area_m2":712000.5,"concerns":[],"review":null}"#).unwrap();
    /// let input = s.draft_input();
    /// assert_eq!(input.case_number, "26-118233");
    /// assert_eq!(input.attestations, AttestationsInput::CONFIRMED);
    /// ```
    pub fn draft_input(&self) -> super::RequestDraftInput {
        super::RequestDraftInput {
            incident_type: self.incident_type.clone(),
            case_number: self.case_number.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            contact: self.contact.clone(),
            time_frame: self.time_frame.clone(),
            area: self.area.clone(),
            attestations: super::AttestationsInput::CONFIRMED,
            language: self.language.clone(),
        }
    }
}

/// A moderator's decision on a submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub decision: ReviewDecision,
    pub reasons: Vec<ProhibitedUse>,
    pub note: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub decided_at: OffsetDateTime,
    /// The decision's entry in the public log.
    pub log_index: Option<u64>,
}

/// A list of submissions (`GET /moderation/queue`: oldest first; `GET
/// /agencies/{slug}/submissions`: newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionList {
    pub items: Vec<Submission>,
}

/// `POST /requests/{id}/review`.
///
/// ```
/// use porchlight_domain::{moderation::ReviewDecision, wire::ReviewInput};
/// let r: ReviewInput = serde_json::from_str(r#"{"decision":"approve"}"#).unwrap();
/// assert_eq!(r.decision, ReviewDecision::Approve);
/// assert!(r.reasons.is_empty() && r.note.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub decision: ReviewDecision,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /requests/{id}/reports`: a signed-in resident reports a published request.
///
/// ```
/// use porchlight_domain::wire::ReportInput;
/// let r: ReportInput = serde_json::from_str(r#"{"reason":"pressure_language"}"#).unwrap();
/// assert_eq!(r.comment, None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub reason: String,
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /requests/{id}/reports/decision`: a moderator decides on every open report of
/// a request at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportDecisionInput {
    pub decision: ReportDecision,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A permanent policy finding on a published request (an upheld report). The request
/// leaves the map and the feed and keeps a banner on its page and its agency's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyFinding {
    /// The decision's id in the moderation log.
    pub decision_id: i64,
    pub request_id: i64,
    pub reasons: Vec<ProhibitedUse>,
    pub note: String,
    #[serde(with = "time::serde::rfc3339")]
    pub decided_at: OffsetDateTime,
    pub log_index: Option<u64>,
}

/// `GET /requests/{id}/moderation` (public): a published request's review and reports.
///
/// ```
/// use porchlight_domain::wire::RequestModeration;
/// let m: RequestModeration = serde_json::from_str(r#"{"request_id":7,
///   "reviewed_at":"2026-11-28T09:00:00Z","report_count":2,"reported_by_me":false,"findings":[]}"#).unwrap();
/// assert_eq!(m.report_count, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestModeration {
    pub request_id: i64,
    /// When moderators approved it; `null` when it was published without review.
    #[serde(with = "time::serde::rfc3339::option")]
    pub reviewed_at: Option<OffsetDateTime>,
    /// How many residents reported it (never who).
    pub report_count: u64,
    /// Whether the signed-in resident reported it (false when signed out).
    pub reported_by_me: bool,
    pub findings: Vec<PolicyFinding>,
}

/// One resident report as moderators see it: never who made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportItem {
    pub reason: ProhibitedUse,
    pub comment: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub reported_at: OffsetDateTime,
}

/// A published request with open reports (`GET /moderation/reports`, oldest report
/// first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedRequest {
    pub request: PublishedRequest,
    pub reports: Vec<ReportItem>,
}

/// `GET /moderation/reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedRequestList {
    pub items: Vec<ReportedRequest>,
}

/// What a moderator decided, in the public moderation log.
///
/// ```
/// use porchlight_domain::wire::ModerationAction;
/// assert_eq!(ModerationAction::parse("uphold"), Some(ModerationAction::Uphold));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationAction {
    Approve,
    Reject,
    Dismiss,
    Uphold,
}

impl ModerationAction {
    /// The stable string stored in databases, sent on the wire and used as a filter.
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationAction::Approve => "approve",
            ModerationAction::Reject => "reject",
            ModerationAction::Dismiss => "dismiss",
            ModerationAction::Uphold => "uphold",
        }
    }

    /// Parses [`ModerationAction::as_str`] back.
    pub fn parse(s: &str) -> Option<ModerationAction> {
        [
            ModerationAction::Approve,
            ModerationAction::Reject,
            ModerationAction::Dismiss,
            ModerationAction::Uphold,
        ]
        .into_iter()
        .find(|action| action.as_str() == s)
    }
}

/// What the public learns of a rejected submission: never its title, description or
/// contact (a refusal for a victim's details must not publish them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedSubmission {
    pub incident_type: String,
    pub time_frame: TimeFrameInput,
    pub area: GeoJsonPolygon,
    pub area_m2: f64,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
}

/// One decision in the public moderation log (`GET /moderation/log`). The moderator's
/// identity is never shown; `decided_by` is always the role, `moderator`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModerationLogItem {
    /// The decision's id (also its entry's `id` in the public log).
    pub id: i64,
    pub action: ModerationAction,
    pub decided_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub decided_at: OffsetDateTime,
    pub agency: AgencyRef,
    /// The submission (approve, reject) or request (dismiss, uphold) decided on. An
    /// approved submission's request has the same id.
    pub subject_id: i64,
    pub reasons: Vec<ProhibitedUse>,
    pub note: Option<String>,
    /// How many reports the decision settled (dismiss, uphold); `null` for reviews.
    pub report_count: Option<u64>,
    /// What is public of a rejected submission; `null` otherwise.
    pub rejected: Option<RejectedSubmission>,
    pub log_index: Option<u64>,
}

/// A page of the moderation log, newest first; `next` is the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModerationLogPage {
    pub items: Vec<ModerationLogItem>,
    pub next: Option<String>,
}

/// `POST /moderators`: an admin makes an existing account a moderator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewModerator {
    pub email: String,
}

/// An agency's moderation figures, in its statistics and exports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModerationStats {
    /// Every submission sent for review.
    pub submitted: u64,
    pub pending: u64,
    pub approved: u64,
    pub rejected: u64,
    /// Requests published without review (`--review off`, or before review existed).
    pub published_without_review: u64,
    /// Policy findings (upheld reports) on its requests.
    pub findings: u64,
    /// Median seconds from submission to decision over decided submissions.
    pub median_decision_secs: Option<i64>,
}

//! What the moderation parts of the store answer, in domain words.

use porchlight_domain::wire::{ModerationLogItem, Submission};
use porchlight_domain::DraftError;

/// Outcome of [`ModerationStore::review_submission`](super::ModerationStore::review_submission).
#[derive(Debug)]
pub enum ReviewOutcome {
    /// No submission has this id.
    NotFound,
    /// Another moderator decided first (or this one twice): the decision that stands.
    AlreadyDecided(Box<Submission>),
    /// An approval whose draft no longer passes the rules at the approval time (e.g. its
    /// time frame has drifted older than the limit, or the case limit was reached): the
    /// submission stays pending and nothing is written.
    Refused(Vec<DraftError>),
    /// The decision, stored and logged (an approval also published the request).
    Decided {
        submission: Box<Submission>,
        item: Box<ModerationLogItem>,
    },
}

/// Outcome of [`ModerationStore::report_request`](super::ModerationStore::report_request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    /// No published request has this id.
    NotFound,
    /// This account already reported this request.
    AlreadyReported,
    Reported,
}

/// Outcome of [`ModerationStore::decide_reports`](super::ModerationStore::decide_reports).
#[derive(Debug)]
pub enum ReportDecisionOutcome {
    /// No published request has this id.
    NotFound,
    /// The request has no open reports (never reported, or already decided).
    NoOpenReports,
    /// The decision on every open report, stored and logged.
    Decided(Box<ModerationLogItem>),
}

/// Outcome of [`ModerationStore::make_moderator`](super::ModerationStore::make_moderator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MakeModeratorOutcome {
    Made,
    AlreadyModerator,
    /// Agency staff cannot also moderate (no one is both).
    IsAgencyStaff,
    /// Admins keep their role; a moderator is a separate account.
    IsAdmin,
}

/// A page query of the public moderation log, newest first.
#[derive(Debug, Clone, Default)]
pub struct ModerationLogQuery {
    pub agency_id: Option<i64>,
    pub action: Option<porchlight_domain::wire::ModerationAction>,
    /// Only decisions with a smaller id (the cursor).
    pub before_id: Option<i64>,
    pub limit: u32,
}

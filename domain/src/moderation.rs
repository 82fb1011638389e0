//! Review before publishing, resident reports and the public moderation log: the
//! closed list of prohibited uses, the attestations a poster confirms, the transparent
//! pre-screen that warns (never blocks), and the rules of a moderator's decision.

mod attestation;
mod concern;
mod decision;
mod prescreen;
mod prohibited_use;

pub use attestation::Attestation;
pub use concern::{Concern, ConcernField, ConcernKind};
pub use decision::{
    DecisionInput, MODERATION_NOTE_MAX_CHARS, ModerationError, NeedsReasons,
    REPORT_COMMENT_MAX_CHARS, ReportDecision, ReviewDecision, check_report,
};
pub use prescreen::prescreen;
pub use prohibited_use::ProhibitedUse;

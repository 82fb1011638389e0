//! Review before publishing, reports, findings and the moderation log on postgres.
//! (Being written: every method refuses until the storage work lands.)

use async_trait::async_trait;
use porchlight_domain::moderation::{
    Concern, DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision,
};
use porchlight_domain::wire::{
    ModerationLogItem, PolicyFinding, ReportedRequest, RequestModeration, Submission,
};
use porchlight_domain::DraftError;
use time::OffsetDateTime;

use super::PgStore;
use crate::db::{
    DbError, MakeModeratorOutcome, ModerationLogQuery, ModerationStore, ReportDecisionOutcome,
    ReportOutcome, ReviewOutcome, ValidateDraft,
};

#[async_trait]
impl ModerationStore for PgStore {
    async fn make_moderator(
        &self,
        _account_id: i64,
        _now: OffsetDateTime,
    ) -> Result<MakeModeratorOutcome, DbError> {
        todo!("moderation storage")
    }

    async fn submit_request(
        &self,
        _agency_id: i64,
        _author_id: Option<i64>,
        _raw_case_number: &str,
        _now: OffsetDateTime,
        _validate: ValidateDraft,
        _concerns: Vec<Concern>,
    ) -> Result<Result<Submission, Vec<DraftError>>, DbError> {
        todo!("moderation storage")
    }

    async fn submission(&self, _id: i64) -> Result<Option<(i64, Submission)>, DbError> {
        todo!("moderation storage")
    }

    async fn moderation_queue(&self) -> Result<Vec<Submission>, DbError> {
        todo!("moderation storage")
    }

    async fn agency_submissions(&self, _agency_id: i64) -> Result<Vec<Submission>, DbError> {
        todo!("moderation storage")
    }

    async fn review_submission(
        &self,
        _id: i64,
        _moderator_id: i64,
        _decision: DecisionInput<ReviewDecision>,
        _now: OffsetDateTime,
        _revalidate: ValidateDraft,
    ) -> Result<ReviewOutcome, DbError> {
        todo!("moderation storage")
    }

    async fn report_request(
        &self,
        _request_id: i64,
        _account_id: i64,
        _reason: ProhibitedUse,
        _comment: Option<&str>,
        _now: OffsetDateTime,
    ) -> Result<ReportOutcome, DbError> {
        todo!("moderation storage")
    }

    async fn request_moderation(
        &self,
        _request_id: i64,
        _viewer: Option<i64>,
    ) -> Result<Option<RequestModeration>, DbError> {
        todo!("moderation storage")
    }

    async fn reported_requests(&self) -> Result<Vec<ReportedRequest>, DbError> {
        todo!("moderation storage")
    }

    async fn decide_reports(
        &self,
        _request_id: i64,
        _moderator_id: i64,
        _decision: DecisionInput<ReportDecision>,
        _now: OffsetDateTime,
    ) -> Result<ReportDecisionOutcome, DbError> {
        todo!("moderation storage")
    }

    async fn moderation_log(
        &self,
        _query: &ModerationLogQuery,
    ) -> Result<(Vec<ModerationLogItem>, Option<i64>), DbError> {
        todo!("moderation storage")
    }

    async fn agency_findings(&self, _agency_id: i64) -> Result<Vec<PolicyFinding>, DbError> {
        todo!("moderation storage")
    }
}

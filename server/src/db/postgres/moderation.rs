//! Review before publishing, reports, findings and the moderation log on PostgreSQL,
//! as on SQLite (`sqlite/moderation.rs`). Every write that counts a case or decides
//! takes the log's sequencer first, as publishing does: a decision, its log entries
//! and (for an approval) the published request are one transaction, and two
//! moderators deciding at once, on any instances, are taken one after the other.

use async_trait::async_trait;
use porchlight_domain::moderation::{
    Concern, DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision,
};
use porchlight_domain::wire::{
    ModerationAction, ModerationLogItem, PolicyFinding, ReportedRequest, RequestModeration, Role,
    Submission, SubmissionStatus,
};
use porchlight_domain::{CaseNumber, DraftError};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use time::OffsetDateTime;

use super::public_log::log_moderation;
use super::request_reads::{request_on, requests_by_ids};
use super::requests::insert_request_as;
use super::store::sequence;
use super::PgStore;
use crate::db::moderation_rows::{
    cut_log_page, decision_from_row, encode_reasons, finding_of, group_reports, reported,
    submission_from_row, NewDecision, NewSubmission, SubmissionRow, DECISION_COLUMNS,
    SUBMISSION_COLUMNS,
};
use crate::db::unix_time::{from_unix, to_unix};
use crate::db::{
    DbError, MakeModeratorOutcome, ModerationLogQuery, ModerationStore, NewRequest,
    ReportDecisionOutcome, ReportOutcome, ReviewOutcome, ValidateDraft,
};

async fn submission_on(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<SubmissionRow>, sqlx::Error> {
    let sql = format!("{SUBMISSION_COLUMNS} WHERE s.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(submission_from_row).transpose()
}

async fn decision_on(conn: &mut PgConnection, id: i64) -> Result<ModerationLogItem, sqlx::Error> {
    let sql = format!("{DECISION_COLUMNS} WHERE d.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_one(&mut *conn).await?;
    decision_from_row(&row)
}

/// The next id of the requests' identity sequence, taken for a submission: no
/// request is ever numbered with it but its own.
async fn reserve_request_id(conn: &mut PgConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('requests', 'id'))")
        .fetch_one(&mut *conn)
        .await
}

/// How many requests the agency has under `case` (published), and, with `pending`,
/// its submissions awaiting review under it too.
async fn case_count(
    conn: &mut PgConnection,
    agency_id: i64,
    raw_case_number: &str,
    pending: bool,
) -> Result<u32, sqlx::Error> {
    let Ok(case) = CaseNumber::parse(raw_case_number) else {
        return Ok(0);
    };
    let sql = if pending {
        "SELECT (SELECT count(*) FROM requests WHERE agency_id = $1 AND case_number = $2) \
              + (SELECT count(*) FROM submissions WHERE agency_id = $1 AND case_number = $2 \
                   AND status = 'pending_review')"
    } else {
        "SELECT count(*) FROM requests WHERE agency_id = $1 AND case_number = $2"
    };
    let n: i64 = sqlx::query_scalar(sql)
        .bind(agency_id)
        .bind(case.as_str())
        .fetch_one(&mut *conn)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

async fn insert_decision(conn: &mut PgConnection, new: &NewDecision) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO moderation_decisions (action, agency_id, subject_id, moderator_id, reasons, \
           note, report_count, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.action.as_str())
    .bind(new.agency_id)
    .bind(new.subject_id)
    .bind(new.moderator_id)
    .bind(&new.reasons)
    .bind(&new.note)
    .bind(new.report_count)
    .bind(new.decided_at)
    .fetch_one(&mut *conn)
    .await
}

async fn decisions_where(
    conn: &mut PgConnection,
    condition: &str,
    id: i64,
) -> Result<Vec<ModerationLogItem>, sqlx::Error> {
    let sql = format!("{DECISION_COLUMNS} WHERE {condition} ORDER BY d.id DESC");
    let rows = sqlx::query(&sql).bind(id).fetch_all(&mut *conn).await?;
    rows.iter().map(decision_from_row).collect()
}

async fn submissions_where(
    conn: &mut PgConnection,
    condition: &str,
    agency_id: Option<i64>,
) -> Result<Vec<Submission>, sqlx::Error> {
    let sql = format!("{SUBMISSION_COLUMNS} WHERE {condition}");
    let mut query = sqlx::query(&sql);
    if let Some(agency_id) = agency_id {
        query = query.bind(agency_id);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| submission_from_row(row).map(|s| s.submission))
        .collect()
}

#[async_trait]
impl ModerationStore for PgStore {
    async fn make_moderator(
        &self,
        account_id: i64,
        now: OffsetDateTime,
    ) -> Result<MakeModeratorOutcome, DbError> {
        let mut tx = self.pool.begin().await?;
        // The account's row stays as read until the moderator's row is in: a
        // concurrent change of its role waits (the triggers refuse it then).
        let role: String = sqlx::query_scalar("SELECT role FROM accounts WHERE id = $1 FOR SHARE")
            .bind(account_id)
            .fetch_one(&mut *tx)
            .await?;
        let outcome = match Role::parse(&role) {
            Some(Role::AgencyStaff) => MakeModeratorOutcome::IsAgencyStaff,
            Some(Role::Admin) => MakeModeratorOutcome::IsAdmin,
            _ => {
                let inserted = sqlx::query(
                    "INSERT INTO moderators (account_id, created_at) VALUES ($1, $2) \
                     ON CONFLICT (account_id) DO NOTHING",
                )
                .bind(account_id)
                .bind(to_unix(now))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 1 {
                    MakeModeratorOutcome::Made
                } else {
                    MakeModeratorOutcome::AlreadyModerator
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn submit_request(
        &self,
        agency_id: i64,
        author_id: Option<i64>,
        raw_case_number: &str,
        now: OffsetDateTime,
        validate: ValidateDraft,
        concerns: Vec<Concern>,
    ) -> Result<Result<Submission, Vec<DraftError>>, DbError> {
        // As publishing: the sequencer first, so two drafts for one case cannot both
        // count 1 and both be accepted, on any instance.
        let mut tx = self.pool.begin().await?;
        sequence(&mut tx).await?;
        let existing = case_count(&mut tx, agency_id, raw_case_number, true).await?;
        let draft = match validate(existing) {
            Ok(draft) => draft,
            Err(refusal) => {
                tx.rollback().await?;
                return Ok(Err(refusal));
            }
        };
        let new = NewSubmission::new(&draft, &concerns)?;
        let id = reserve_request_id(&mut tx).await?;
        let [west, south, east, north] = new.bbox;
        let wire = &new.input;
        sqlx::query(
            "INSERT INTO submissions (id, agency_id, author_id, incident_type, case_number, title, \
               description, contact_email, contact_phone, time_start, time_end, area_geojson, area_m2, \
               west, south, east, north, concerns, submitted_at, status, language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
               $18, $19, 'pending_review', $20)",
        )
        .bind(id)
        .bind(agency_id)
        .bind(author_id)
        .bind(&wire.incident_type)
        .bind(&wire.case_number)
        .bind(&wire.title)
        .bind(&wire.description)
        .bind(&wire.contact.email)
        .bind(&wire.contact.phone)
        .bind(&wire.time_frame.start)
        .bind(&wire.time_frame.end)
        .bind(&new.area_json)
        .bind(new.area_m2)
        .bind(west)
        .bind(south)
        .bind(east)
        .bind(north)
        .bind(&new.concerns_json)
        .bind(to_unix(now))
        .bind(&wire.language)
        .execute(&mut *tx)
        .await?;
        let stored = submission_on(&mut tx, id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        tx.commit().await?;
        Ok(Ok(stored.submission))
    }

    async fn submission(&self, id: i64) -> Result<Option<(i64, Submission)>, DbError> {
        let mut conn = self.pool.acquire().await?;
        Ok(submission_on(&mut conn, id)
            .await?
            .map(|row| (row.agency_id, row.submission)))
    }

    async fn moderation_queue(&self) -> Result<Vec<Submission>, DbError> {
        let mut conn = self.pool.acquire().await?;
        Ok(submissions_where(
            &mut conn,
            "s.status = 'pending_review' ORDER BY s.submitted_at, s.id",
            None,
        )
        .await?)
    }

    async fn agency_submissions(&self, agency_id: i64) -> Result<Vec<Submission>, DbError> {
        let mut conn = self.pool.acquire().await?;
        Ok(submissions_where(
            &mut conn,
            "s.agency_id = $1 ORDER BY s.submitted_at DESC, s.id DESC",
            Some(agency_id),
        )
        .await?)
    }

    async fn review_submission(
        &self,
        id: i64,
        moderator_id: i64,
        decision: DecisionInput<ReviewDecision>,
        now: OffsetDateTime,
        revalidate: ValidateDraft,
    ) -> Result<ReviewOutcome, DbError> {
        let mut tx = self.pool.begin().await?;
        sequence(&mut tx).await?;
        let Some(stored) = submission_on(&mut tx, id).await? else {
            tx.rollback().await?;
            return Ok(ReviewOutcome::NotFound);
        };
        if stored.submission.status != SubmissionStatus::PendingReview {
            tx.rollback().await?;
            return Ok(ReviewOutcome::AlreadyDecided(Box::new(stored.submission)));
        }
        // An approval re-checks the draft now, against the published requests only.
        let draft = match decision.decision {
            ReviewDecision::Approve => {
                let published = case_count(
                    &mut tx,
                    stored.agency_id,
                    &stored.submission.case_number,
                    false,
                )
                .await?;
                match revalidate(published) {
                    Ok(draft) => Some(draft),
                    Err(refusal) => {
                        tx.rollback().await?;
                        return Ok(ReviewOutcome::Refused(refusal));
                    }
                }
            }
            ReviewDecision::Reject => None,
        };
        let (action, status) = match decision.decision {
            ReviewDecision::Approve => (ModerationAction::Approve, SubmissionStatus::Approved),
            ReviewDecision::Reject => (ModerationAction::Reject, SubmissionStatus::Rejected),
        };
        let decision_id = insert_decision(
            &mut tx,
            &NewDecision {
                action,
                agency_id: stored.agency_id,
                subject_id: id,
                moderator_id,
                reasons: encode_reasons(&decision.reasons),
                note: decision.note.clone(),
                report_count: None,
                decided_at: to_unix(now),
            },
        )
        .await?;
        sqlx::query(
            "UPDATE submissions SET status = $1, decided_at = $2, decision_id = $3 \
             WHERE id = $4 AND status = 'pending_review'",
        )
        .bind(status.as_str())
        .bind(to_unix(now))
        .bind(decision_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let mut published = match &draft {
            Some(draft) => {
                let new = NewRequest {
                    agency_id: stored.agency_id,
                    author_id: stored.author_id,
                    draft,
                    created_at: now,
                };
                insert_request_as(&mut tx, &new, Some(id)).await?;
                Some(
                    request_on(&mut tx, id)
                        .await?
                        .ok_or(sqlx::Error::RowNotFound)?,
                )
            }
            None => None,
        };
        let mut item = decision_on(&mut tx, decision_id).await?;
        // Logged in the same transaction: no decision (and no request) without its entry.
        log_moderation(&mut tx, &self.log, &mut item, published.as_mut()).await?;
        if let Some(request) = &published {
            super::alerts::enqueue_alerts(&mut tx, request, stored.agency_id, now).await?;
        }
        let decided = submission_on(&mut tx, id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        tx.commit().await?;
        Ok(ReviewOutcome::Decided {
            submission: Box::new(decided.submission),
            item: Box::new(item),
        })
    }

    async fn report_request(
        &self,
        request_id: i64,
        account_id: i64,
        reason: ProhibitedUse,
        comment: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<ReportOutcome, DbError> {
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO reports (request_id, account_id, reason, comment, created_at) \
             SELECT id, $1, $2, $3, $4 FROM requests WHERE id = $5 \
             ON CONFLICT (request_id, account_id) DO NOTHING",
        )
        .bind(account_id)
        .bind(reason.code())
        .bind(comment)
        .bind(to_unix(now))
        .bind(request_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let outcome = if inserted == 1 {
            ReportOutcome::Reported
        } else {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM requests WHERE id = $1")
                .bind(request_id)
                .fetch_optional(&mut *tx)
                .await?;
            match exists {
                Some(_) => ReportOutcome::AlreadyReported,
                None => ReportOutcome::NotFound,
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn request_moderation(
        &self,
        request_id: i64,
        viewer: Option<i64>,
    ) -> Result<Option<RequestModeration>, DbError> {
        // One snapshot: the count and the findings describe the same moment.
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        let found: Option<(Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT (SELECT decided_at FROM moderation_decisions \
                       WHERE subject_id = r.id AND action = 'approve'), \
                    (SELECT count(*) FROM reports WHERE request_id = r.id), \
                    (SELECT count(*) FROM reports WHERE request_id = r.id AND account_id = $1) \
             FROM requests r WHERE r.id = $2",
        )
        .bind(viewer)
        .bind(request_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((reviewed_at, report_count, mine)) = found else {
            return Ok(None);
        };
        let findings = decisions_where(
            &mut tx,
            "d.subject_id = $1 AND d.action = 'uphold'",
            request_id,
        )
        .await?;
        tx.commit().await?;
        Ok(Some(RequestModeration {
            request_id,
            reviewed_at: reviewed_at.map(from_unix),
            report_count: report_count as u64,
            reported_by_me: mine > 0,
            findings: findings.into_iter().map(finding_of).collect(),
        }))
    }

    async fn reported_requests(&self) -> Result<Vec<ReportedRequest>, DbError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        // Every open report, oldest first: each request comes in the order of its
        // oldest open report.
        let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT request_id, reason, comment, created_at FROM reports \
             WHERE decision_id IS NULL ORDER BY created_at, id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let grouped = group_reports(rows)?;
        let ids: Vec<i64> = grouped.iter().map(|(id, _)| *id).collect();
        let requests = requests_by_ids(&mut tx, &ids).await?;
        tx.commit().await?;
        Ok(reported(grouped, requests))
    }

    async fn decide_reports(
        &self,
        request_id: i64,
        moderator_id: i64,
        decision: DecisionInput<ReportDecision>,
        now: OffsetDateTime,
    ) -> Result<ReportDecisionOutcome, DbError> {
        let mut tx = self.pool.begin().await?;
        sequence(&mut tx).await?;
        let found: Option<(i64, i64)> = sqlx::query_as(
            "SELECT r.agency_id, (SELECT count(*) FROM reports \
                                  WHERE request_id = r.id AND decision_id IS NULL) \
             FROM requests r WHERE r.id = $1",
        )
        .bind(request_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (agency_id, open) = match found {
            None => {
                tx.rollback().await?;
                return Ok(ReportDecisionOutcome::NotFound);
            }
            Some((_, 0)) => {
                tx.rollback().await?;
                return Ok(ReportDecisionOutcome::NoOpenReports);
            }
            Some(found) => found,
        };
        let decision_id = insert_decision(
            &mut tx,
            &NewDecision {
                action: match decision.decision {
                    ReportDecision::Dismiss => ModerationAction::Dismiss,
                    ReportDecision::Uphold => ModerationAction::Uphold,
                },
                agency_id,
                subject_id: request_id,
                moderator_id,
                reasons: encode_reasons(&decision.reasons),
                note: decision.note.clone(),
                report_count: Some(open),
                decided_at: to_unix(now),
            },
        )
        .await?;
        let settled = sqlx::query(
            "UPDATE reports SET decision_id = $1 WHERE request_id = $2 AND decision_id IS NULL",
        )
        .bind(decision_id)
        .bind(request_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        debug_assert_eq!(settled, open as u64);
        let mut item = decision_on(&mut tx, decision_id).await?;
        log_moderation(&mut tx, &self.log, &mut item, None).await?;
        tx.commit().await?;
        Ok(ReportDecisionOutcome::Decided(Box::new(item)))
    }

    async fn moderation_log(
        &self,
        query: &ModerationLogQuery,
    ) -> Result<(Vec<ModerationLogItem>, Option<i64>), DbError> {
        let mut sql = QueryBuilder::<Postgres>::new(DECISION_COLUMNS);
        sql.push(" WHERE true");
        if let Some(agency_id) = query.agency_id {
            sql.push(" AND d.agency_id = ").push_bind(agency_id);
        }
        if let Some(action) = query.action {
            sql.push(" AND d.action = ").push_bind(action.as_str());
        }
        if let Some(before) = query.before_id {
            sql.push(" AND d.id < ").push_bind(before);
        }
        sql.push(" ORDER BY d.id DESC LIMIT ")
            .push_bind(i64::from(query.limit) + 1);
        let rows = sql.build().fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(decision_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(cut_log_page(items, query.limit))
    }

    async fn agency_findings(&self, agency_id: i64) -> Result<Vec<PolicyFinding>, DbError> {
        let mut conn = self.pool.acquire().await?;
        let items = decisions_where(
            &mut conn,
            "d.agency_id = $1 AND d.action = 'uphold'",
            agency_id,
        )
        .await?;
        Ok(items.into_iter().map(finding_of).collect())
    }
}

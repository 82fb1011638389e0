//! Review, reports and the moderation log as both backends store them: the columns
//! their queries read (the same SQL in both dialects), rows back into wire values, and
//! what a new submission or decision writes. Each backend's SQL gives these columns
//! the same types (TEXT, BIGINT, DOUBLE), so one decoder serves both.

use porchlight_domain::moderation::{Concern, ProhibitedUse, ReviewDecision};
use std::collections::HashMap;

use porchlight_domain::wire::{
    AgencyRef, ContactInput, GeoJsonPolygon, ModerationAction, ModerationLogItem, ModerationStats,
    PolicyFinding, PublishedRequest, RejectedSubmission, ReportItem, ReportedRequest,
    RequestDraftInput, ReviewRecord, Submission, SubmissionStatus, TimeFrameInput,
};
use porchlight_domain::RequestDraft;
use sqlx::{ColumnIndex, Decode, Row, Type};

use super::unix_time::from_unix;

/// A submission with its agency and author, for a `WHERE` to follow.
pub(super) const SUBMISSION_COLUMNS: &str =
    "SELECT s.id, s.agency_id, s.author_id, g.slug, g.name, s.status, s.submitted_at, \
       s.incident_type, s.case_number, s.title, s.description, s.contact_email, s.contact_phone, \
       s.time_start, s.time_end, s.area_geojson, s.area_m2, s.concerns, s.language, \
       d.action AS decision_action, d.reasons AS decision_reasons, d.note AS decision_note, \
       d.decided_at AS decision_at, l.idx AS decision_log_index \
     FROM submissions s JOIN agencies g ON g.id = s.agency_id \
     LEFT JOIN moderation_decisions d ON d.id = s.decision_id \
     LEFT JOIN log_entries l ON l.kind = 'moderation' AND l.request_id = s.decision_id";

/// A decision as the public moderation log shows it, for a `WHERE` to follow. Of a
/// rejected submission only what the public may see is read: never its title,
/// description or contact.
pub(super) const DECISION_COLUMNS: &str = "SELECT d.id, d.action, d.decided_at, g.slug, g.name, d.subject_id, d.reasons, d.note, \
       d.report_count, l.idx AS log_index, s.incident_type AS rejected_incident_type, \
       s.time_start AS rejected_time_start, s.time_end AS rejected_time_end, \
       s.area_geojson AS rejected_area, s.area_m2 AS rejected_area_m2, s.submitted_at AS rejected_submitted_at \
     FROM moderation_decisions d JOIN agencies g ON g.id = d.agency_id \
     LEFT JOIN submissions s ON d.action = 'reject' AND s.id = d.subject_id \
     LEFT JOIN log_entries l ON l.kind = 'moderation' AND l.request_id = d.id";

/// Who moderators are to the public: the role, never the person.
pub const DECIDED_BY: &str = "moderator";

fn decode_error(message: impl Into<String>) -> sqlx::Error {
    sqlx::Error::Decode(message.into().into())
}

fn json_error(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// Reasons as stored: their codes, comma-separated ('' for none).
pub(super) fn encode_reasons(reasons: &[ProhibitedUse]) -> String {
    reasons
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// [`encode_reasons`] back.
pub(super) fn decode_reasons(stored: &str) -> Result<Vec<ProhibitedUse>, sqlx::Error> {
    stored
        .split(',')
        .filter(|code| !code.is_empty())
        .map(|code| {
            ProhibitedUse::parse(code).ok_or_else(|| decode_error(format!("unknown reason {code}")))
        })
        .collect()
}

/// A stored submission with what only the server needs of it.
#[derive(Debug, Clone)]
pub(super) struct SubmissionRow {
    pub agency_id: i64,
    pub author_id: Option<i64>,
    pub submission: Submission,
}

/// A submission ([`SUBMISSION_COLUMNS`]).
pub(super) fn submission_from_row<'r, R>(row: &'r R) -> Result<SubmissionRow, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let area: GeoJsonPolygon =
        serde_json::from_str(&row.try_get::<String, _>("area_geojson")?).map_err(json_error)?;
    let concerns: Vec<Concern> =
        serde_json::from_str(&row.try_get::<String, _>("concerns")?).map_err(json_error)?;
    let status: String = row.try_get("status")?;
    let status = SubmissionStatus::parse(&status)
        .ok_or_else(|| decode_error(format!("unknown submission status {status}")))?;
    let review = match row.try_get::<Option<String>, _>("decision_action")? {
        None => None,
        Some(action) => Some(ReviewRecord {
            decision: match action.as_str() {
                "approve" => ReviewDecision::Approve,
                "reject" => ReviewDecision::Reject,
                other => return Err(decode_error(format!("a review cannot be {other}"))),
            },
            reasons: decode_reasons(&row.try_get::<String, _>("decision_reasons")?)?,
            note: row.try_get("decision_note")?,
            decided_at: from_unix(row.try_get("decision_at")?),
            log_index: row
                .try_get::<Option<i64>, _>("decision_log_index")?
                .map(|i| i as u64),
        }),
    };
    Ok(SubmissionRow {
        agency_id: row.try_get("agency_id")?,
        author_id: row.try_get("author_id")?,
        submission: Submission {
            id: row.try_get("id")?,
            agency: AgencyRef {
                slug: row.try_get("slug")?,
                name: row.try_get("name")?,
            },
            status,
            submitted_at: from_unix(row.try_get("submitted_at")?),
            incident_type: row.try_get("incident_type")?,
            case_number: row.try_get("case_number")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            contact: ContactInput {
                email: row.try_get("contact_email")?,
                phone: row.try_get("contact_phone")?,
            },
            time_frame: TimeFrameInput {
                start: row.try_get("time_start")?,
                end: row.try_get("time_end")?,
            },
            area,
            area_m2: row.try_get("area_m2")?,
            concerns,
            review,
            language: row.try_get("language")?,
        },
    })
}

/// A decision of the public moderation log ([`DECISION_COLUMNS`]).
pub(super) fn decision_from_row<'r, R>(row: &'r R) -> Result<ModerationLogItem, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let action: String = row.try_get("action")?;
    let action = ModerationAction::parse(&action)
        .ok_or_else(|| decode_error(format!("unknown moderation action {action}")))?;
    let rejected = match row.try_get::<Option<String>, _>("rejected_area")? {
        Some(area) if action == ModerationAction::Reject => Some(RejectedSubmission {
            incident_type: row.try_get("rejected_incident_type")?,
            time_frame: TimeFrameInput {
                start: row.try_get("rejected_time_start")?,
                end: row.try_get("rejected_time_end")?,
            },
            area: serde_json::from_str(&area).map_err(json_error)?,
            area_m2: row.try_get("rejected_area_m2")?,
            submitted_at: from_unix(row.try_get("rejected_submitted_at")?),
        }),
        _ => None,
    };
    Ok(ModerationLogItem {
        id: row.try_get("id")?,
        action,
        decided_by: DECIDED_BY.to_owned(),
        decided_at: from_unix(row.try_get("decided_at")?),
        agency: AgencyRef {
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
        },
        subject_id: row.try_get("subject_id")?,
        reasons: decode_reasons(&row.try_get::<String, _>("reasons")?)?,
        note: row.try_get("note")?,
        report_count: row
            .try_get::<Option<i64>, _>("report_count")?
            .map(|n| n as u64),
        rejected,
        log_index: row
            .try_get::<Option<i64>, _>("log_index")?
            .map(|i| i as u64),
    })
}

/// The policy finding of an upheld decision.
pub(super) fn finding_of(item: ModerationLogItem) -> PolicyFinding {
    PolicyFinding {
        decision_id: item.id,
        request_id: item.subject_id,
        reasons: item.reasons,
        // An upheld report always has its public note (DecisionInput::check).
        note: item.note.unwrap_or_default(),
        decided_at: item.decided_at,
        log_index: item.log_index,
    }
}

/// The columns of a new submission, from a validated draft: the same normalised
/// values `requests` stores.
#[derive(Debug, Clone)]
pub(super) struct NewSubmission {
    pub input: RequestDraftInput,
    pub area_json: String,
    pub area_m2: f64,
    pub bbox: [f64; 4],
    pub concerns_json: String,
}

impl NewSubmission {
    pub fn new(draft: &RequestDraft, concerns: &[Concern]) -> Result<NewSubmission, sqlx::Error> {
        let input = draft.to_input();
        Ok(NewSubmission {
            area_json: serde_json::to_string(&input.area).map_err(json_error_encode)?,
            area_m2: draft.area().area_m2(),
            bbox: draft.area().bounding_box(),
            concerns_json: serde_json::to_string(concerns).map_err(json_error_encode)?,
            input,
        })
    }
}

fn json_error_encode(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Encode(Box::new(e))
}

/// A decision about to be stored.
#[derive(Debug, Clone)]
pub(super) struct NewDecision {
    pub action: ModerationAction,
    pub agency_id: i64,
    pub subject_id: i64,
    pub moderator_id: i64,
    pub reasons: String,
    pub note: Option<String>,
    pub report_count: Option<i64>,
    pub decided_at: i64,
}

/// The statement of an agency's moderation figures, the same in both dialects given
/// the agency id's placeholder `p` (`?1`, `$1`). Counted from the tables themselves:
/// submissions and decisions are few next to requests. The median is that of the
/// middle one or two decided submissions, rounded half away from zero (as the other
/// medians). With `recount`, also `unreviewed`: the published requests without an
/// approval, counted one by one (else the caller subtracts the approvals from the
/// counters' total).
pub(super) fn moderation_stats_sql(p: &str, recount: bool) -> String {
    let unreviewed = if recount {
        format!(
            ", (SELECT count(*) FROM requests r WHERE r.agency_id = {p} AND NOT EXISTS                (SELECT 1 FROM moderation_decisions a WHERE a.subject_id = r.id AND a.action = 'approve'))              AS unreviewed"
        )
    } else {
        String::new()
    };
    format!(
        "SELECT (SELECT count(*) FROM submissions WHERE agency_id = {p}) AS submitted,            (SELECT count(*) FROM submissions WHERE agency_id = {p} AND status = 'pending_review') AS pending,            (SELECT count(*) FROM submissions WHERE agency_id = {p} AND status = 'approved') AS approved,            (SELECT count(*) FROM submissions WHERE agency_id = {p} AND status = 'rejected') AS rejected,            (SELECT count(*) FROM moderation_decisions WHERE agency_id = {p} AND action = 'approve') AS approvals,            (SELECT count(*) FROM moderation_decisions WHERE agency_id = {p} AND action = 'uphold') AS findings,            (SELECT CAST(round(avg(v)) AS DOUBLE PRECISION) FROM (               SELECT decided_at - submitted_at AS v,                      row_number() OVER (ORDER BY decided_at - submitted_at) AS k, count(*) OVER () AS n               FROM submissions WHERE agency_id = {p} AND decided_at IS NOT NULL) m             WHERE k IN ((n + 1) / 2, (n + 2) / 2)) AS median_decision{unreviewed}"
    )
}

/// An agency's moderation figures from each backend's query (`submitted`,
/// `pending`, `approved`, `rejected`, `findings`, `median_decision`) and how many
/// of its published requests were published without review.
pub(super) fn moderation_stats_from_row<'r, R>(
    row: &'r R,
    published_without_review: i64,
) -> Result<ModerationStats, sqlx::Error>
where
    R: Row,
    &'r str: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
{
    let count = |name: &'r str| -> Result<u64, sqlx::Error> {
        Ok(u64::try_from(row.try_get::<i64, _>(name)?).unwrap_or(0))
    };
    Ok(ModerationStats {
        submitted: count("submitted")?,
        pending: count("pending")?,
        approved: count("approved")?,
        rejected: count("rejected")?,
        published_without_review: u64::try_from(published_without_review).unwrap_or(0),
        findings: count("findings")?,
        median_decision_secs: row
            .try_get::<Option<f64>, _>("median_decision")?
            .map(|s| s as i64),
    })
}

/// Open reports (request id, reason code, comment, unix time), oldest first, grouped
/// by request in the order of each request's oldest open report.
pub(super) fn group_reports(
    rows: Vec<(i64, String, Option<String>, i64)>,
) -> Result<Vec<(i64, Vec<ReportItem>)>, sqlx::Error> {
    let mut grouped: Vec<(i64, Vec<ReportItem>)> = Vec::new();
    for (request_id, reason, comment, at) in rows {
        let item = ReportItem {
            reason: ProhibitedUse::parse(&reason)
                .ok_or_else(|| decode_error(format!("unknown reason {reason}")))?,
            comment,
            reported_at: from_unix(at),
        };
        match grouped.iter_mut().find(|(id, _)| *id == request_id) {
            Some((_, items)) => items.push(item),
            None => grouped.push((request_id, vec![item])),
        }
    }
    Ok(grouped)
}

/// The reported requests in the order of [`group_reports`], each with its reports.
pub(super) fn reported(
    grouped: Vec<(i64, Vec<ReportItem>)>,
    requests: Vec<PublishedRequest>,
) -> Vec<ReportedRequest> {
    let mut by_id: HashMap<i64, PublishedRequest> =
        requests.into_iter().map(|r| (r.id, r)).collect();
    grouped
        .into_iter()
        .filter_map(|(id, reports)| {
            by_id
                .remove(&id)
                .map(|request| ReportedRequest { request, reports })
        })
        .collect()
}

/// A page of at most `limit` decisions (newest first, read with one more) and the id
/// to continue before when there is more.
pub(super) fn cut_log_page(
    mut items: Vec<ModerationLogItem>,
    limit: u32,
) -> (Vec<ModerationLogItem>, Option<i64>) {
    if items.len() > limit as usize {
        items.truncate(limit as usize);
        let next = items.last().map(|item| item.id);
        (items, next)
    } else {
        (items, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_through_their_stored_form() {
        let reasons = [ProhibitedUse::LawfulActivity, ProhibitedUse::VictimDetails];
        let stored = encode_reasons(&reasons);
        assert_eq!(stored, "lawful_activity,victim_details");
        assert_eq!(decode_reasons(&stored).unwrap(), reasons);
        assert_eq!(encode_reasons(&[]), "");
        assert!(decode_reasons("").unwrap().is_empty());
        assert!(decode_reasons("spam").is_err());
    }
}

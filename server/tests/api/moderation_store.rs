//! The moderation storage (`ModerationStore`) through `Db`, on whichever backend the
//! run tests: submissions and their review, the case limit across pending and
//! published requests, review races, resident reports and policy findings (off the
//! neighbourhood feed and map, on the agency's), the public moderation log and its
//! Merkle entries, moderators, and what the database itself refuses.

use porchlight_domain::moderation::{
    Concern, ConcernField, ConcernKind, DecisionInput, ProhibitedUse, ReportDecision,
    ReviewDecision,
};
use porchlight_domain::public_log::{moderation_entry, request_entry};
use porchlight_domain::wire::{
    ModerationAction, NewAgency, RequestDraftInput, Role, StatusFilter, Submission,
    SubmissionStatus,
};
use porchlight_domain::{DraftError, RequestDraft, MAX_REQUESTS_PER_CASE};
use porchlight_server::db::{
    FeedQuery, GridQuery, MakeModeratorOutcome, ModerationLogQuery, NewAccount,
    ReportDecisionOutcome, ReportOutcome, ReviewOutcome,
};
use porchlight_server::Db;
use time::{Duration, OffsetDateTime};

use crate::support::{draft, draft_at, password_hash, Fixture, Who};

/// The clock of these tests, whole seconds (times are stored as unix seconds).
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().replace_nanosecond(0).unwrap()
}

fn input(case: &str) -> RequestDraftInput {
    serde_json::from_value(draft(case)).unwrap()
}

/// A fixture, its database and a moderator's account id.
struct Mod {
    fx: Fixture,
    db: Db,
    moderator: i64,
    staff_a: i64,
}

impl Mod {
    async fn new() -> Mod {
        let fx = Fixture::new().await;
        let db = fx.app.state.db.clone();
        // The fixture's moderator (made one by the store).
        let moderator = fx.account_id(Who::Moderator).await;
        let staff_a = db
            .account_by_email(Who::StaffA.email().unwrap())
            .await
            .unwrap()
            .unwrap()
            .id;
        Mod {
            fx,
            db,
            moderator,
            staff_a,
        }
    }

    async fn submit_input(
        &self,
        agency: i64,
        input: RequestDraftInput,
        at: OffsetDateTime,
    ) -> Result<Submission, Vec<DraftError>> {
        let case = input.case_number.clone();
        let concerns = vec![Concern {
            kind: ConcernKind::PressureLanguage,
            field: ConcernField::Description,
            matched: "footage".into(),
            start: 12,
            end: 19,
        }];
        self.db
            .submit_request(
                agency,
                Some(self.staff_a),
                &case,
                at,
                Box::new(move |n| RequestDraft::validate(&input, at, n)),
                concerns,
            )
            .await
            .unwrap()
    }

    async fn submit(&self, case: &str, at: OffsetDateTime) -> Submission {
        self.submit_input(self.fx.agency_a, input(case), at)
            .await
            .unwrap_or_else(|e| panic!("submission refused: {e:?}"))
    }

    /// Reviews as the routes do: the stored draft is re-checked at `at`.
    async fn review(
        &self,
        id: i64,
        decision: ReviewDecision,
        reasons: &[&str],
        note: Option<&str>,
        at: OffsetDateTime,
    ) -> ReviewOutcome {
        review_on(&self.db, self.moderator, id, decision, reasons, note, at).await
    }

    async fn approve(&self, id: i64, at: OffsetDateTime) -> ReviewOutcome {
        self.review(id, ReviewDecision::Approve, &[], None, at)
            .await
    }

    async fn publish(&self, case: &str, at: OffsetDateTime) -> i64 {
        let input = input(case);
        self.db
            .publish_request(
                self.fx.agency_a,
                None,
                case,
                at,
                Box::new(move |n| RequestDraft::validate(&input, at, n)),
            )
            .await
            .unwrap()
            .unwrap()
            .id
    }

    async fn report(&self, request_id: i64, who: i64, reason: ProhibitedUse) -> ReportOutcome {
        self.db
            .report_request(
                request_id,
                who,
                reason,
                Some("Says residents must share."),
                now(),
            )
            .await
            .unwrap()
    }

    async fn decide(
        &self,
        request_id: i64,
        decision: ReportDecision,
        reasons: &[&str],
        note: Option<&str>,
    ) -> ReportDecisionOutcome {
        let reasons: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
        let decision = DecisionInput::check(decision, &reasons, note).unwrap();
        self.db
            .decide_reports(request_id, self.moderator, decision, now())
            .await
            .unwrap()
    }

    async fn resident(&self, email: &str) -> i64 {
        let new = NewAccount {
            email,
            display_name: email,
            password_hash: password_hash().await,
            role: Role::Resident,
            agency_id: None,
        };
        self.db.create_account(&new, now()).await.unwrap().unwrap()
    }

    /// The entry texts at `indices`.
    async fn entries(&self, start: u64, end: u64) -> Vec<String> {
        self.db
            .log_entries(start, end)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.entry)
            .collect()
    }
}

/// The stored draft as a poster's input, its attestations confirmed (a submission
/// exists only once they were): what an approval re-checks.
pub fn draft_input(s: &Submission) -> RequestDraftInput {
    RequestDraftInput {
        incident_type: s.incident_type.clone(),
        case_number: s.case_number.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        contact: s.contact.clone(),
        time_frame: s.time_frame.clone(),
        area: s.area.clone(),
        attestations: porchlight_domain::wire::AttestationsInput::CONFIRMED,
        language: s.language.clone(),
    }
}

async fn review_on(
    db: &Db,
    moderator: i64,
    id: i64,
    decision: ReviewDecision,
    reasons: &[&str],
    note: Option<&str>,
    at: OffsetDateTime,
) -> ReviewOutcome {
    let reasons: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
    let decision = DecisionInput::check(decision, &reasons, note).unwrap();
    let revalidate: porchlight_server::db::ValidateDraft = match db.submission(id).await.unwrap() {
        Some((_, submission)) => {
            let input = draft_input(&submission);
            Box::new(move |n| RequestDraft::validate(&input, at, n))
        }
        None => Box::new(|_| Err(vec![])),
    };
    db.review_submission(id, moderator, decision, at, revalidate)
        .await
        .unwrap()
}

fn decided(outcome: ReviewOutcome) -> (Submission, porchlight_domain::wire::ModerationLogItem) {
    match outcome {
        ReviewOutcome::Decided { submission, item } => (*submission, *item),
        other => panic!("not decided: {other:?}"),
    }
}

fn everywhere(agency_id: Option<i64>, bbox: Option<[f64; 4]>) -> FeedQuery {
    FeedQuery {
        bbox,
        agency_id,
        limit: 100,
        ..FeedQuery::default()
    }
}

async fn feed_ids(db: &Db, query: &FeedQuery) -> Vec<i64> {
    let (items, _) = db.feed(query).await.unwrap();
    let (entries, _) = db.feed_entries(query).await.unwrap();
    let ids: Vec<i64> = items.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        "the typed feed and its entries list the same requests"
    );
    ids
}

async fn grid_count(db: &Db, agency_id: Option<i64>) -> u64 {
    let cells = db
        .grid(&GridQuery {
            bbox: [-180.0, -90.0, 180.0, 90.0],
            status: StatusFilter::All,
            since: None,
            agency_id,
            cell_deg: 10.0,
        })
        .await
        .unwrap();
    cells.iter().map(|c| c.count).sum()
}

#[tokio::test]
async fn an_approved_submission_is_published_with_its_id_at_the_approval_time_and_logged_twice() {
    let m = Mod::new().await;
    let submitted_at = now() - Duration::minutes(10);
    let submission = m.submit("26-1001", submitted_at).await;
    assert_eq!(submission.status, SubmissionStatus::PendingReview);
    assert_eq!(submission.submitted_at, submitted_at);
    assert_eq!(submission.concerns.len(), 1);
    assert!(submission.review.is_none());
    assert_eq!(submission.agency.slug, "agency-a");
    let id = submission.id;
    // Pending: nowhere public.
    assert_eq!(m.db.request(id).await.unwrap(), None);
    assert_eq!(m.db.request_count().await.unwrap(), 0);
    assert!(feed_ids(&m.db, &everywhere(None, None)).await.is_empty());
    assert_eq!(m.db.request_moderation(id, None).await.unwrap(), None);
    let queue = m.db.moderation_queue().await.unwrap();
    assert_eq!(queue, vec![submission.clone()]);
    assert_eq!(
        m.db.submission(id).await.unwrap(),
        Some((m.fx.agency_a, submission.clone()))
    );

    let size = m.db.log_size().await.unwrap();
    let approved_at = submitted_at + Duration::seconds(90);
    let (approved, item) = decided(m.approve(id, approved_at).await);
    assert_eq!(approved.status, SubmissionStatus::Approved);
    let review = approved.review.clone().unwrap();
    assert_eq!(review.decision, ReviewDecision::Approve);
    assert_eq!(review.decided_at, approved_at);
    assert_eq!(review.log_index, Some(size));
    assert_eq!(item.action, ModerationAction::Approve);
    assert_eq!(item.subject_id, id);
    assert_eq!(item.decided_by, "moderator");
    assert_eq!(item.log_index, Some(size));
    assert!(item.rejected.is_none() && item.report_count.is_none());

    // Published with the submission's id, at the approval time.
    let request = m.db.request(id).await.unwrap().unwrap();
    assert_eq!(request.created_at, approved_at);
    assert_eq!(request.title, submission.title);
    assert_eq!(request.case_number, submission.case_number);
    assert_eq!(request.log_index, Some(size + 1));
    assert_eq!(feed_ids(&m.db, &everywhere(None, None)).await, vec![id]);
    assert_eq!(m.db.spatial_index_len().await.unwrap(), 1);

    // The log grew by the decision's entry, then the request's, and both verify.
    assert_eq!(m.db.log_size().await.unwrap(), size + 2);
    let entries = m.entries(size, size + 2).await;
    assert_eq!(entries[0], moderation_entry(&item).unwrap());
    assert_eq!(entries[1], request_entry(&request).unwrap());
    let logged =
        m.db.moderation_log(&ModerationLogQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(logged, (vec![item.clone()], None));
    // The start-up completion finds nothing missing and leaves the log as it is.
    m.db.complete_log().await.unwrap();
    assert_eq!(m.db.log_size().await.unwrap(), size + 2);

    let moderation = m.db.request_moderation(id, None).await.unwrap().unwrap();
    assert_eq!(moderation.reviewed_at, Some(approved_at));
    assert_eq!(moderation.report_count, 0);
    assert!(moderation.findings.is_empty());
    assert!(m.db.moderation_queue().await.unwrap().is_empty());
    assert_eq!(
        m.db.agency_submissions(m.fx.agency_a).await.unwrap(),
        vec![approved.clone()]
    );

    // Deciding again: the decision that stands.
    match m.approve(id, approved_at + Duration::seconds(5)).await {
        ReviewOutcome::AlreadyDecided(s) => assert_eq!(*s, approved),
        other => panic!("{other:?}"),
    }
    assert_eq!(m.db.log_size().await.unwrap(), size + 2);

    // A request published without review, and the ids that follow.
    let direct = m.publish("26-1002", now()).await;
    assert!(direct > id);
    assert_eq!(
        m.db.request_moderation(direct, None)
            .await
            .unwrap()
            .unwrap()
            .reviewed_at,
        None
    );
    let next = m.submit("26-1003", now()).await;
    assert!(next.id > direct);

    // One instant for both reads: `as_of` is part of the statistics.
    let stats_at = now();
    let stats = m.db.agency_stats(m.fx.agency_a, stats_at).await.unwrap();
    assert_eq!(stats.moderation.submitted, 2);
    assert_eq!(stats.moderation.pending, 1);
    assert_eq!(stats.moderation.approved, 1);
    assert_eq!(stats.moderation.rejected, 0);
    assert_eq!(stats.moderation.published_without_review, 1);
    assert_eq!(stats.moderation.findings, 0);
    assert_eq!(stats.moderation.median_decision_secs, Some(90));
    assert_eq!(
        stats,
        m.db.agency_stats_recounted(m.fx.agency_a, stats_at)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_rejected_submission_is_never_published_and_the_log_keeps_its_text_private() {
    let m = Mod::new().await;
    let mut draft = input("26-2001");
    draft.title = "Footage of the march on Main St".into();
    draft.description = "Looking for footage of Jane Victimname at the rally.".into();
    draft.contact.email = Some("secret-contact@city.example".into());
    draft.contact.phone = Some("(503) 555-0199".into());
    let submission = m.submit_input(m.fx.agency_a, draft, now()).await.unwrap();
    let size = m.db.log_size().await.unwrap();
    let (rejected, item) = decided(
        m.review(
            submission.id,
            ReviewDecision::Reject,
            &["victim_details", "lawful_activity"],
            Some("Names the victim and asks about a march."),
            now(),
        )
        .await,
    );
    assert_eq!(rejected.status, SubmissionStatus::Rejected);
    assert_eq!(
        rejected.review.as_ref().unwrap().reasons,
        [ProhibitedUse::LawfulActivity, ProhibitedUse::VictimDetails]
    );
    // Never in `requests`.
    assert_eq!(m.db.request(submission.id).await.unwrap(), None);
    assert_eq!(m.db.request_count().await.unwrap(), 0);
    assert_eq!(m.db.log_size().await.unwrap(), size + 1);

    // What the public sees: the incident type, area, size and time frame only.
    let summary = item.rejected.clone().expect("a rejection's summary");
    assert_eq!(summary.incident_type, submission.incident_type);
    assert_eq!(summary.area, submission.area);
    assert_eq!(summary.area_m2, submission.area_m2);
    assert_eq!(summary.time_frame, submission.time_frame);
    assert_eq!(summary.submitted_at, submission.submitted_at);
    let entry = &m.entries(size, size + 1).await[0];
    assert_eq!(entry, &moderation_entry(&item).unwrap());
    let (page, _) =
        m.db.moderation_log(&ModerationLogQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page, vec![item.clone()]);
    let public = format!("{}{}", serde_json::to_string(&page).unwrap(), entry);
    for secret in [
        "march on Main",
        "Victimname",
        "secret-contact",
        "555-0199",
        "Footage of the",
    ] {
        assert!(!public.contains(secret), "{secret} in {public}");
    }

    // Rejected submissions do not count towards the case limit.
    m.submit("26-2001", now()).await;
    m.submit("26-2001", now()).await;
    // One instant for both reads: `as_of` is part of the statistics.
    let stats_at = now();
    let stats = m.db.agency_stats(m.fx.agency_a, stats_at).await.unwrap();
    assert_eq!(
        (
            stats.moderation.submitted,
            stats.moderation.rejected,
            stats.moderation.pending
        ),
        (3, 1, 2)
    );
    assert_eq!(
        stats,
        m.db.agency_stats_recounted(m.fx.agency_a, stats_at)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_case_limit_counts_pending_at_submission_and_published_at_approval() {
    let m = Mod::new().await;
    assert_eq!(MAX_REQUESTS_PER_CASE, 2);
    let first = m.submit("26-3001", now()).await;
    m.submit("26-3001", now()).await;
    let refused = m
        .submit_input(m.fx.agency_a, input("26-3001"), now())
        .await
        .unwrap_err();
    assert!(
        refused
            .iter()
            .any(|e| matches!(e, DraftError::CaseLimitReached { existing: 2 })),
        "{refused:?}"
    );
    // Another agency's case of the same number is its own.
    m.submit_input(m.fx.agency_b, input("26-3001"), now())
        .await
        .unwrap();
    // A rejection frees its place.
    decided(
        m.review(
            first.id,
            ReviewDecision::Reject,
            &["other"],
            Some("Not an investigation."),
            now(),
        )
        .await,
    );
    m.submit("26-3001", now()).await;

    // Publishing counts published requests only; an approval checks again then.
    let pending = m.submit("26-3002", now()).await;
    m.publish("26-3002", now()).await;
    m.publish("26-3002", now()).await;
    let size = m.db.log_size().await.unwrap();
    match m.approve(pending.id, now()).await {
        ReviewOutcome::Refused(errors) => assert!(
            errors
                .iter()
                .any(|e| matches!(e, DraftError::CaseLimitReached { existing: 2 })),
            "{errors:?}"
        ),
        other => panic!("{other:?}"),
    }
    let (_, still) = m.db.submission(pending.id).await.unwrap().unwrap();
    assert_eq!(still.status, SubmissionStatus::PendingReview);
    assert_eq!(m.db.log_size().await.unwrap(), size);
    assert_eq!(m.db.request(pending.id).await.unwrap(), None);
}

#[tokio::test]
async fn an_approval_whose_time_frame_has_become_too_old_is_refused_and_stays_pending() {
    let m = Mod::new().await;
    let submission = m.submit("26-4001", now()).await;
    let size = m.db.log_size().await.unwrap();
    match m.approve(submission.id, now() + Duration::days(181)).await {
        ReviewOutcome::Refused(errors) => {
            assert!(errors.contains(&DraftError::TimeFrameTooOld), "{errors:?}")
        }
        other => panic!("{other:?}"),
    }
    let (_, still) = m.db.submission(submission.id).await.unwrap().unwrap();
    assert_eq!(still, submission);
    assert_eq!(m.db.log_size().await.unwrap(), size);
    assert_eq!(m.db.request_count().await.unwrap(), 0);
    assert_eq!(m.db.moderation_queue().await.unwrap(), vec![submission]);
    assert!(matches!(
        m.approve(987_654, now()).await,
        ReviewOutcome::NotFound
    ));
}

#[tokio::test]
async fn two_moderators_deciding_at_once_make_one_decision() {
    let m = Mod::new().await;
    let second = m.resident("second-moderator@test.example").await;
    assert_eq!(
        m.db.make_moderator(second, now()).await.unwrap(),
        MakeModeratorOutcome::Made
    );
    for round in 0..4 {
        let submission = m.submit(&format!("26-50{round:02}"), now()).await;
        let size = m.db.log_size().await.unwrap();
        let (db_a, db_b) = (m.db.clone(), m.db.clone());
        let (first, other) = (m.moderator, second);
        let id = submission.id;
        let approve = tokio::spawn(async move {
            review_on(&db_a, first, id, ReviewDecision::Approve, &[], None, now()).await
        });
        let reject = tokio::spawn(async move {
            review_on(
                &db_b,
                other,
                id,
                ReviewDecision::Reject,
                &["other"],
                Some("Too broad."),
                now(),
            )
            .await
        });
        let outcomes = [approve.await.unwrap(), reject.await.unwrap()];
        let decided: Vec<&Submission> = outcomes
            .iter()
            .filter_map(|o| match o {
                ReviewOutcome::Decided { submission, .. } => Some(&**submission),
                _ => None,
            })
            .collect();
        let standing: Vec<&Submission> = outcomes
            .iter()
            .filter_map(|o| match o {
                ReviewOutcome::AlreadyDecided(s) => Some(&**s),
                _ => None,
            })
            .collect();
        assert_eq!(
            (decided.len(), standing.len()),
            (1, 1),
            "round {round}: {outcomes:?}"
        );
        assert_eq!(
            decided[0], standing[0],
            "the loser sees the decision that stands"
        );
        let (_, stored) = m.db.submission(id).await.unwrap().unwrap();
        assert_eq!(&stored, decided[0]);
        let grew = if stored.status == SubmissionStatus::Approved {
            2
        } else {
            1
        };
        assert_eq!(m.db.log_size().await.unwrap(), size + grew);
    }
}

#[tokio::test]
async fn reports_are_once_per_account_and_an_upheld_one_is_a_finding_off_the_neighbourhood_map() {
    let m = Mod::new().await;
    let reported = m.publish("26-6001", now() - Duration::minutes(5)).await;
    let kept = m.publish("26-6002", now()).await;
    // Agency B's request elsewhere: the grid's and feed's other content.
    let input_b: RequestDraftInput =
        serde_json::from_value(draft_at("26-6003", -122.60, 45.50)).unwrap();
    let at = now();
    let other =
        m.db.publish_request(
            m.fx.agency_b,
            None,
            "26-6003",
            at,
            Box::new(move |n| RequestDraft::validate(&input_b, at, n)),
        )
        .await
        .unwrap()
        .unwrap()
        .id;
    let resident =
        m.db.account_by_email(Who::Resident.email().unwrap())
            .await
            .unwrap()
            .unwrap()
            .id;
    let neighbour = m.resident("neighbour@test.example").await;

    assert_eq!(
        m.report(reported, resident, ProhibitedUse::PressureLanguage)
            .await,
        ReportOutcome::Reported
    );
    assert_eq!(
        m.report(reported, resident, ProhibitedUse::Other).await,
        ReportOutcome::AlreadyReported
    );
    assert_eq!(
        m.report(987_654, resident, ProhibitedUse::Other).await,
        ReportOutcome::NotFound
    );
    assert_eq!(
        m.report(kept, neighbour, ProhibitedUse::Other).await,
        ReportOutcome::Reported
    );
    assert_eq!(
        m.report(reported, neighbour, ProhibitedUse::VictimDetails)
            .await,
        ReportOutcome::Reported
    );

    let moderation =
        m.db.request_moderation(reported, Some(resident))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(moderation.report_count, 2);
    assert!(moderation.reported_by_me);
    assert!(
        !m.db
            .request_moderation(reported, None)
            .await
            .unwrap()
            .unwrap()
            .reported_by_me
    );
    assert!(
        !m.db
            .request_moderation(kept, Some(resident))
            .await
            .unwrap()
            .unwrap()
            .reported_by_me
    );

    // Oldest open report first; the reports never say who made them.
    let queue = m.db.reported_requests().await.unwrap();
    assert_eq!(
        queue.iter().map(|r| r.request.id).collect::<Vec<_>>(),
        [reported, kept]
    );
    assert_eq!(queue[0].reports.len(), 2);
    assert_eq!(queue[0].reports[0].reason, ProhibitedUse::PressureLanguage);
    assert_eq!(
        queue[0].reports[0].comment.as_deref(),
        Some("Says residents must share.")
    );
    let json = serde_json::to_string(&queue).unwrap();
    assert!(
        !json.contains("account") && !json.contains("neighbour@"),
        "{json}"
    );

    let everyone = everywhere(None, None);
    let boxed = everywhere(None, Some([-123.0, 45.0, -122.0, 46.0]));
    let agency_a = everywhere(Some(m.fx.agency_a), None);
    assert_eq!(feed_ids(&m.db, &everyone).await, [other, kept, reported]);
    assert_eq!(grid_count(&m.db, None).await, 3);

    // Upheld: a permanent finding.
    let size = m.db.log_size().await.unwrap();
    let item = match m
        .decide(
            reported,
            ReportDecision::Uphold,
            &["pressure_language"],
            Some("Tells residents they must share."),
        )
        .await
    {
        ReportDecisionOutcome::Decided(item) => *item,
        other => panic!("{other:?}"),
    };
    assert_eq!(item.action, ModerationAction::Uphold);
    assert_eq!(item.report_count, Some(2));
    assert_eq!(item.subject_id, reported);
    assert_eq!(item.log_index, Some(size));
    assert_eq!(
        m.entries(size, size + 1).await,
        [moderation_entry(&item).unwrap()]
    );
    assert!(matches!(
        m.decide(reported, ReportDecision::Dismiss, &[], None).await,
        ReportDecisionOutcome::NoOpenReports
    ));
    assert!(matches!(
        m.decide(other, ReportDecision::Dismiss, &[], None).await,
        ReportDecisionOutcome::NoOpenReports
    ));
    assert!(matches!(
        m.decide(987_654, ReportDecision::Dismiss, &[], None).await,
        ReportDecisionOutcome::NotFound
    ));

    let moderation =
        m.db.request_moderation(reported, None)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(moderation.report_count, 2, "every report ever, decided too");
    assert_eq!(moderation.findings.len(), 1);
    let finding = &moderation.findings[0];
    assert_eq!(
        (finding.decision_id, finding.request_id, finding.log_index),
        (item.id, reported, Some(size))
    );
    assert_eq!(finding.reasons, [ProhibitedUse::PressureLanguage]);
    assert_eq!(finding.note, "Tells residents they must share.");
    assert_eq!(
        m.db.agency_findings(m.fx.agency_a).await.unwrap(),
        moderation.findings
    );
    assert!(m
        .db
        .agency_findings(m.fx.agency_b)
        .await
        .unwrap()
        .is_empty());

    // Off the neighbourhood feed (with or without a box) and map; on the agency's.
    assert_eq!(feed_ids(&m.db, &everyone).await, [other, kept]);
    assert_eq!(feed_ids(&m.db, &boxed).await, [other, kept]);
    assert_eq!(feed_ids(&m.db, &agency_a).await, [kept, reported]);
    assert_eq!(grid_count(&m.db, None).await, 2);
    assert_eq!(grid_count(&m.db, Some(m.fx.agency_a)).await, 2);
    assert!(m.db.request(reported).await.unwrap().is_some());
    assert_eq!(
        m.db.agency_requests_all(m.fx.agency_a).await.unwrap().len(),
        2
    );

    // Dismissed: no finding, still on the map.
    assert!(matches!(
        m.decide(kept, ReportDecision::Dismiss, &[], None).await,
        ReportDecisionOutcome::Decided(_)
    ));
    assert!(m
        .db
        .request_moderation(kept, None)
        .await
        .unwrap()
        .unwrap()
        .findings
        .is_empty());
    assert_eq!(feed_ids(&m.db, &everyone).await, [other, kept]);
    assert!(m.db.reported_requests().await.unwrap().is_empty());

    // One instant for both reads: `as_of` is part of the statistics.
    let stats_at = now();
    let stats = m.db.agency_stats(m.fx.agency_a, stats_at).await.unwrap();
    assert_eq!(stats.moderation.findings, 1);
    assert_eq!(stats.moderation.published_without_review, 2);
    assert_eq!(
        stats,
        m.db.agency_stats_recounted(m.fx.agency_a, stats_at)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_moderation_log_pages_newest_first_and_filters_by_agency_and_action() {
    let m = Mod::new().await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let s = m.submit(&format!("26-70{n:02}"), now()).await;
        ids.push(decided(m.approve(s.id, now()).await).1.id);
    }
    let s = m
        .submit_input(m.fx.agency_b, input("26-7100"), now())
        .await
        .unwrap();
    let (_, rejected) = decided(
        m.review(
            s.id,
            ReviewDecision::Reject,
            &["general_announcement"],
            Some("A general announcement."),
            now(),
        )
        .await,
    );
    ids.push(rejected.id);

    let page = |agency_id, action, before_id, limit| {
        let db = m.db.clone();
        async move {
            db.moderation_log(&ModerationLogQuery {
                agency_id,
                action,
                before_id,
                limit,
            })
            .await
            .unwrap()
        }
    };
    let (first, next) = page(None, None, None, 3).await;
    assert_eq!(
        first.iter().map(|i| i.id).collect::<Vec<_>>(),
        [ids[3], ids[2], ids[1]]
    );
    assert_eq!(next, Some(ids[1]));
    let (rest, next) = page(None, None, Some(ids[1]), 3).await;
    assert_eq!(rest.iter().map(|i| i.id).collect::<Vec<_>>(), [ids[0]]);
    assert_eq!(next, None);

    let (of_a, _) = page(Some(m.fx.agency_a), None, None, 10).await;
    assert_eq!(of_a.len(), 3);
    assert!(of_a.iter().all(|i| i.agency.slug == "agency-a"));
    let (rejections, _) = page(None, Some(ModerationAction::Reject), None, 10).await;
    assert_eq!(rejections, vec![rejected.clone()]);
    let (none, _) = page(
        Some(m.fx.agency_a),
        Some(ModerationAction::Reject),
        None,
        10,
    )
    .await;
    assert!(none.is_empty());
    // Ids grow with time: the newest decision has the largest id and log index.
    assert!(first[0].log_index > first[1].log_index);
}

#[tokio::test]
async fn moderators_are_never_staff_or_admins_in_code_and_in_the_database() {
    let m = Mod::new().await;
    let account = |who: Who| {
        let db = m.db.clone();
        async move {
            db.account_by_email(who.email().unwrap())
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (staff, admin) = (account(Who::StaffA).await, account(Who::Admin).await);
    assert_eq!(
        m.db.make_moderator(staff.id, now()).await.unwrap(),
        MakeModeratorOutcome::IsAgencyStaff
    );
    assert_eq!(
        m.db.make_moderator(admin.id, now()).await.unwrap(),
        MakeModeratorOutcome::IsAdmin
    );
    assert_eq!(
        m.db.make_moderator(m.moderator, now()).await.unwrap(),
        MakeModeratorOutcome::AlreadyModerator
    );
    let moderator = m.db.account_by_id(m.moderator).await.unwrap().unwrap();
    assert_eq!(moderator.role, Role::Moderator);
    assert_eq!(moderator.agency_id, None);
    assert_eq!(
        m.db.account_by_email("MODERATOR@test.example")
            .await
            .unwrap()
            .unwrap()
            .role,
        Role::Moderator
    );
    // An account created as a moderator.
    let new = NewAccount {
        email: "made-moderator@test.example",
        display_name: "Made",
        password_hash: password_hash().await,
        role: Role::Moderator,
        agency_id: None,
    };
    let made = m.db.create_account(&new, now()).await.unwrap().unwrap();
    assert_eq!(
        m.db.account_by_id(made).await.unwrap().unwrap().role,
        Role::Moderator
    );

    // The database refuses both ways, whoever asks.
    for sql in [
        format!(
            "INSERT INTO moderators (account_id, created_at) VALUES ({}, 0)",
            staff.id
        ),
        format!(
            "INSERT INTO moderators (account_id, created_at) VALUES ({}, 0)",
            admin.id
        ),
        format!(
            "UPDATE accounts SET role = 'agency_staff', agency_id = {} WHERE id = {}",
            m.fx.agency_a, m.moderator
        ),
        format!(
            "UPDATE accounts SET role = 'admin' WHERE id = {}",
            m.moderator
        ),
    ] {
        let err = m.db.execute_raw(&sql).await.expect_err(&sql);
        assert!(
            err.to_string().contains("moderator_conflict"),
            "{sql}: {err}"
        );
    }
    assert!(m.db.make_staff(m.moderator, m.fx.agency_a).await.is_err());
    assert_eq!(
        m.db.account_by_id(m.moderator).await.unwrap().unwrap().role,
        Role::Moderator
    );
}

#[tokio::test]
async fn the_database_refuses_rewriting_decisions_submissions_and_reports() {
    let m = Mod::new().await;
    let pending = m.submit("26-8001", now()).await;
    let rejected = m.submit("26-8002", now()).await;
    let (_, item) = decided(
        m.review(
            rejected.id,
            ReviewDecision::Reject,
            &["other"],
            Some("Refused."),
            now(),
        )
        .await,
    );
    let request = m.publish("26-8003", now()).await;
    let resident = m.resident("reporter@test.example").await;
    m.report(request, resident, ProhibitedUse::Other).await;
    let open = m.resident("second-reporter@test.example").await;
    let decision = match m.decide(request, ReportDecision::Dismiss, &[], None).await {
        ReportDecisionOutcome::Decided(item) => item.id,
        other => panic!("{other:?}"),
    };
    m.report(request, open, ProhibitedUse::Other).await;

    let mut refused = vec![
        format!(
            "UPDATE moderation_decisions SET note = 'quietly' WHERE id = {}",
            item.id
        ),
        format!(
            "UPDATE moderation_decisions SET action = 'approve' WHERE id = {}",
            item.id
        ),
        "DELETE FROM moderation_decisions".to_owned(),
        // The draft's columns never change, pending or not.
        format!(
            "UPDATE submissions SET title = 'Edited' WHERE id = {}",
            pending.id
        ),
        format!(
            "UPDATE submissions SET area_m2 = 1 WHERE id = {}",
            pending.id
        ),
        // Decided once.
        format!(
            "UPDATE submissions SET status = 'approved', decided_at = 1, decision_id = {} \
             WHERE id = {}",
            item.id, rejected.id
        ),
        format!(
            "UPDATE submissions SET status = 'pending_review', decided_at = NULL, \
             decision_id = NULL WHERE id = {}",
            rejected.id
        ),
        format!("DELETE FROM submissions WHERE id = {}", pending.id),
        format!("UPDATE reports SET reason = 'victim_details' WHERE account_id = {open}"),
        format!(
            "UPDATE reports SET decision_id = {} WHERE account_id = {resident}",
            item.id
        ),
        format!("UPDATE reports SET decision_id = NULL WHERE account_id = {resident}"),
        "DELETE FROM reports".to_owned(),
    ];
    if m.db.backend() == porchlight_server::db::Backend::Postgres {
        for table in ["moderation_decisions", "submissions", "reports"] {
            refused.push(format!("TRUNCATE {table} CASCADE"));
        }
    }
    for sql in &refused {
        let err = m.db.execute_raw(sql).await.expect_err(sql);
        assert!(
            err.to_string().contains("moderation_immutable"),
            "{sql}: {err}"
        );
    }
    // What the database allows: the one decision of an open report, of a pending
    // submission (with its decision row).
    assert_eq!(
        m.db.execute_raw(&format!(
            "UPDATE reports SET decision_id = {decision} WHERE account_id = {open}"
        ))
        .await
        .unwrap(),
        1
    );
    // A log entry names an existing request or decision.
    let size = m.db.log_size().await.unwrap();
    let err =
        m.db.execute_raw(&format!(
            "INSERT INTO log_entries (idx, kind, request_id, entry, leaf_hash) \
             VALUES ({size}, 'moderation', 987654, '{{}}', {})",
            match m.db.backend() {
                porchlight_server::db::Backend::Sqlite => "zeroblob(32)",
                porchlight_server::db::Backend::Postgres => "decode(repeat('00', 32), 'hex')",
            }
        ))
        .await
        .expect_err("an entry of a missing decision");
    assert!(
        err.to_string().to_lowercase().contains("foreign key")
            || err.to_string().contains("missing request or decision"),
        "{err}"
    );
    let (_, still) = m.db.submission(pending.id).await.unwrap().unwrap();
    assert_eq!(still, pending);
}

#[tokio::test]
async fn an_agency_with_a_new_slug_starts_with_zero_moderation_figures() {
    let m = Mod::new().await;
    let agency =
        m.db.create_agency(
            &NewAgency {
                slug: "agency-c".into(),
                ..crate::support::new_agency("agency-c")
            },
            now(),
        )
        .await
        .unwrap()
        .unwrap();
    // One instant for both reads: `as_of` is part of the statistics.
    let at = now();
    let stats = m.db.agency_stats(agency, at).await.unwrap();
    assert_eq!(stats.moderation, Default::default());
    assert_eq!(
        stats,
        m.db.agency_stats_recounted(agency, at).await.unwrap()
    );
}

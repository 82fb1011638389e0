//! A deployment worth copying: demo agencies, accounts and requests, a few hundred
//! generated requests (some resolved), a live session and a locked-out email, and
//! moderation: a moderator, submissions approved, rejected and pending (the pending
//! one holding the largest id of the requests' id space), reports upheld (a policy
//! finding), dismissed and open.

use std::path::Path;

use porchlight_domain::moderation::{DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision};
use porchlight_domain::wire::{RequestDraftInput, Role, Submission};
use porchlight_domain::RequestDraft;
use porchlight_server::auth::new_session_token;
use porchlight_server::db::{
    DbLocation, LoginThrottle, NewAccount, ReportDecisionOutcome, ReportOutcome, ReviewOutcome,
};
use porchlight_server::seed::SeedPlan;
use porchlight_server::Db;
use time::{Duration, OffsetDateTime};

/// The demo's administrator, who signs in on the copy.
pub const ADMIN_EMAIL: &str = "admin@porchlight.test";
/// An email locked out of signing in at the time of the copy.
pub const LOCKED_EMAIL: &str = "guesser@porchlight.test";

pub const THROTTLE: LoginThrottle = LoginThrottle {
    max_failures: 3,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// What the seeded deployment holds beyond its rows.
pub struct Seeded {
    /// A session cookie of the administrator's, valid for a day.
    pub cookie: String,
    /// When the locked-out email's lock ends (unix seconds).
    pub locked_until: i64,
}

/// Seeds the database at `location` (its log signed with `key`) as of `now`.
pub async fn seed(location: &DbLocation, key: &Path, now: OffsetDateTime) -> Seeded {
    let db = Db::open_with_log_key(location.clone(), key)
        .await
        .expect("open the source");
    assert!(porchlight_server::demo::seed(&db, now).await.unwrap());
    let plan = SeedPlan {
        requests: 300,
        agencies: 6,
        big_agency_requests: 80,
        years: 2,
        rng_seed: 14,
    };
    let report = porchlight_server::seed::seed(&db, &plan, now)
        .await
        .unwrap();
    assert!(report.resolved > 0 && report.resolved < report.requests);

    let admin = db.account_by_email(ADMIN_EMAIL).await.unwrap().unwrap();
    let (token, token_hash) = new_session_token();
    db.create_session(&token_hash, admin.id, now, now + Duration::days(1))
        .await
        .unwrap();
    let mut locked_until = None;
    for _ in 0..THROTTLE.max_failures {
        locked_until = db
            .record_login_failure(LOCKED_EMAIL, now, THROTTLE)
            .await
            .unwrap();
    }
    seed_moderation(&db, now).await;
    seed_alerts(&db, now).await;
    db.close().await;
    Seeded {
        cookie: format!("porchlight_session={token}"),
        locked_until: locked_until.expect("the last failure locks the email"),
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

/// Review, reports and findings on the demo agency's requests.
async fn seed_moderation(db: &Db, now: OffsetDateTime) {
    let account = |email: &'static str, role: Role| async move {
        let new = NewAccount {
            email,
            display_name: email,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            role,
            agency_id: None,
        };
        db.create_account(&new, now).await.unwrap().unwrap()
    };
    let moderator = account("copy-moderator@porchlight.test", Role::Moderator).await;
    let residents = [
        account("copy-resident-1@porchlight.test", Role::Resident).await,
        account("copy-resident-2@porchlight.test", Role::Resident).await,
    ];
    let officer = db
        .account_by_email("officer@porchlight.test")
        .await
        .unwrap()
        .unwrap();
    let agency = officer.agency_id.unwrap();

    let mut ids = Vec::new();
    for n in 0..3 {
        let input: RequestDraftInput =
            serde_json::from_value(crate::same_deployment::draft()).unwrap();
        // The text's language set on some (and so copied with them), not on others.
        let language = [Some("es"), None, Some("en")][n as usize].map(str::to_owned);
        let input = RequestDraftInput {
            case_number: format!("REVIEW-{n}"),
            language,
            ..input
        };
        let at = now - Duration::minutes(30 - n);
        let submission = db
            .submit_request(
                agency,
                Some(officer.id),
                &input.case_number.clone(),
                at,
                Box::new(move |count| RequestDraft::validate(&input, at, count)),
                Vec::new(),
            )
            .await
            .unwrap()
            .unwrap();
        ids.push(submission.id);
    }
    for (id, decision, reasons, note) in [
        (ids[0], ReviewDecision::Approve, vec![], None),
        (
            ids[1],
            ReviewDecision::Reject,
            vec!["lawful_activity".to_owned()],
            Some("Asks about a march."),
        ),
    ] {
        let (_, submission) = db.submission(id).await.unwrap().unwrap();
        let input = draft_input(&submission);
        let at = now - Duration::minutes(5);
        let outcome = db
            .review_submission(
                id,
                moderator,
                DecisionInput::check(decision, &reasons, note).unwrap(),
                at,
                Box::new(move |count| RequestDraft::validate(&input, at, count)),
            )
            .await
            .unwrap();
        assert!(
            matches!(outcome, ReviewOutcome::Decided { .. }),
            "{outcome:?}"
        );
    }
    // Reports on three of the demo agency's published requests: upheld, dismissed, open.
    let requests = db.agency_requests_all(agency).await.unwrap();
    for (request, decision) in requests.iter().zip([
        Some(ReportDecision::Uphold),
        Some(ReportDecision::Dismiss),
        None,
    ]) {
        for resident in residents {
            let outcome = db
                .report_request(
                    request.id,
                    resident,
                    ProhibitedUse::PressureLanguage,
                    None,
                    now,
                )
                .await
                .unwrap();
            assert_eq!(outcome, ReportOutcome::Reported);
        }
        let Some(decision) = decision else { continue };
        let (reasons, note) = match decision {
            ReportDecision::Uphold => (vec!["pressure_language".to_owned()], Some("Pressures.")),
            ReportDecision::Dismiss => (vec![], None),
        };
        let outcome = db
            .decide_reports(
                request.id,
                moderator,
                DecisionInput::check(decision, &reasons, note).unwrap(),
                now,
            )
            .await
            .unwrap();
        assert!(
            matches!(outcome, ReportDecisionOutcome::Decided(_)),
            "{outcome:?}"
        );
    }
}

/// Two alert subscriptions (manage tokens `copy-manage-0` and `copy-manage-1`): one to
/// the demo's police, confirmed, one to an area downtown, awaiting confirmation; their
/// confirmation emails wait in the outbox.
async fn seed_alerts(db: &Db, now: OffsetDateTime) {
    let (agency_id, _) = db
        .agency_by_slug("demo-city-police")
        .await
        .unwrap()
        .unwrap();
    let area = porchlight_domain::alert::AlertArea::from_geojson(
        &serde_json::from_value(serde_json::json!({"type": "Polygon", "coordinates":
            [[[-122.69, 45.51], [-122.66, 45.51], [-122.66, 45.53], [-122.69, 45.53], [-122.69, 45.51]]]}))
        .unwrap(),
    )
    .unwrap();
    for n in 0..2 {
        let (manage, feed, confirm) = (
            format!("copy-manage-{n}"),
            format!("copy-feed-{n}"),
            format!("copy-confirm-{n}"),
        );
        db.create_alert_subscription(
            &porchlight_server::db::NewSubscription {
                email: &format!("subscriber-{n}@example.org"),
                agency_id: (n == 0).then_some(agency_id),
                area: (n == 1).then_some(&area),
                incident_types: &[porchlight_domain::IncidentType::Burglary],
                manage_token: &manage,
                feed_token: &feed,
                confirm_token: &confirm,
                confirm_expires_at: now + Duration::hours(48),
                // The copy keeps each subscription's language.
                language: if n == 1 {
                    porchlight_domain::RequestLanguage::Es
                } else {
                    porchlight_domain::RequestLanguage::En
                },
            },
            now,
        )
        .await
        .unwrap();
        if n == 0 {
            db.confirm_alert_subscription(&confirm, now).await.unwrap();
        }
    }
}

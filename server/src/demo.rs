//! `--demo`: three fictional agencies around Portland, Oregon, about 60 valid requests
//! over the last 90 days (some resolved), four accounts (admin, officer, resident,
//! moderator) and some moderation: submissions awaiting review (so the queue is never
//! empty), an approved one, a rejected one, an upheld and a dismissed report and an
//! open one. Seeded once.

use porchlight_domain::moderation::{
    prescreen, DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision,
};
use porchlight_domain::wire::{
    AttestationsInput, ContactInput, GeoJsonPolygon, LatLng, NewAgency, RequestDraftInput, Role,
    TimeFrameInput,
};
use porchlight_domain::{IncidentType, RequestDraft};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Duration, OffsetDateTime};

use crate::auth::hash_password;
use crate::db::{
    Db, DbError, MakeModeratorOutcome, NewAccount, NewRequest, ReportDecisionOutcome,
    ReportOutcome, ReviewOutcome,
};
use crate::sample_area::{rfc3339, rough_polygon, Roughness};

/// The demo accounts' password (documented in the README).
pub const DEMO_PASSWORD: &str = "porchlight-demo";

const SEED_NAME: &str = "demo";

struct DemoAgency {
    agency: NewAgency,
    requests: usize,
    case_prefix: &'static str,
}

fn agencies() -> Vec<DemoAgency> {
    let agency =
        |slug: &str, name: &str, jurisdiction: &str, lat, lng, email: &str, phone: Option<&str>| {
            NewAgency {
                slug: slug.into(),
                name: name.into(),
                jurisdiction: jurisdiction.into(),
                region: "Oregon".into(),
                center: LatLng { lat, lng },
                contact_email: Some(email.into()),
                contact_phone: phone.map(Into::into),
                time_zone: "America/Los_Angeles".into(),
            }
        };
    vec![
        DemoAgency {
            agency: agency(
                "demo-city-police",
                "Demo City Police Department",
                "Demo City",
                45.5152,
                -122.6784,
                "records@police.demo-city.example",
                Some("+1 503 555 0100"),
            ),
            requests: 30,
            case_prefix: "26-",
        },
        DemoAgency {
            agency: agency(
                "demo-county-sheriff",
                "Demo County Sheriff's Office",
                "Demo County",
                45.4890,
                -122.5650,
                "tips@sheriff.demo-county.example",
                None,
            ),
            requests: 18,
            case_prefix: "SO26-",
        },
        DemoAgency {
            agency: agency(
                "demo-transit-police",
                "Demo Transit Police",
                "Demo Regional Transit District",
                45.5310,
                -122.6600,
                "transit.police@demo-transit.example",
                Some("+1 503 555 0142"),
            ),
            requests: 12,
            case_prefix: "TP-",
        },
    ]
}

const STREETS: [&str; 14] = [
    "SE Hawthorne Blvd",
    "NE Alberta St",
    "N Mississippi Ave",
    "SW Broadway",
    "NW 23rd Ave",
    "SE Division St",
    "NE Sandy Blvd",
    "N Lombard St",
    "SE Belmont St",
    "NE Broadway",
    "SE Foster Rd",
    "NE Killingsworth St",
    "SW Capitol Hwy",
    "N Williams Ave",
];

fn story(kind: IncidentType) -> (&'static str, &'static str) {
    match kind {
        IncidentType::Burglary => (
            "Home burglary",
            "a person entering a house through a back door and leaving with a backpack",
        ),
        IncidentType::Theft => (
            "Package theft",
            "a person taking parcels from several porches on foot",
        ),
        IncidentType::VehicleCrime => (
            "Car break-ins",
            "someone trying car door handles along the block",
        ),
        IncidentType::Vandalism => (
            "Vandalism",
            "a group breaking car mirrors and spray-painting fences",
        ),
        IncidentType::Assault => (
            "Assault",
            "an argument between two people that became a fight on the sidewalk",
        ),
        IncidentType::Robbery => (
            "Street robbery",
            "a person on a bicycle grabbing a phone from a pedestrian",
        ),
        IncidentType::HitAndRun => (
            "Hit and run",
            "a dark pickup truck striking a parked car and driving away",
        ),
        IncidentType::MissingPerson => (
            "Missing person",
            "a 78-year-old man in a red jacket walking alone",
        ),
        IncidentType::Shooting => (
            "Shots fired",
            "vehicles or people leaving the area right after gunshots",
        ),
        IncidentType::Other => (
            "Suspicious activity",
            "a person looking into windows of several homes",
        ),
    }
}

const NOTES: [Option<&str>; 5] = [
    Some("Thank you: footage from residents helped identify a suspect."),
    Some("The person was found safe. Thank you for your help."),
    Some("Case closed; no more footage is needed."),
    None,
    Some("An arrest was made. Thank you to everyone who shared video."),
];

/// A rough polygon of 5 to 8 vertices around `center` with about `area_m2`.
fn polygon(rng: &mut StdRng, center: LatLng, area_m2: f64) -> GeoJsonPolygon {
    let n = rng.gen_range(5..=8);
    rough_polygon(
        rng,
        center,
        area_m2,
        n,
        Roughness {
            angle: 0.2,
            radius: 0.1,
        },
    )
}

/// One valid draft of `agency`, published at `created_at`.
fn draft(
    rng: &mut StdRng,
    demo: &DemoAgency,
    case_number: &str,
    created_at: OffsetDateTime,
) -> Option<RequestDraft> {
    let input = draft_input(rng, demo, case_number, created_at);
    RequestDraft::validate(&input, created_at, 0).ok()
}

/// A draft of `agency` as its form would send it at `created_at` (random shapes may
/// still break a rule: callers validate).
fn draft_input(
    rng: &mut StdRng,
    demo: &DemoAgency,
    case_number: &str,
    created_at: OffsetDateTime,
) -> RequestDraftInput {
    let kind = IncidentType::ALL[rng.gen_range(0..IncidentType::ALL.len())];
    let street = STREETS[rng.gen_range(0..STREETS.len())];
    let (headline, detail) = story(kind);
    let c = demo.agency.center;
    let center = LatLng {
        lat: c.lat + rng.gen_range(-0.045..0.045),
        lng: c.lng + rng.gen_range(-0.065..0.065),
    };
    let area_m2 = rng.gen_range(0.05..0.4) * porchlight_domain::SQUARE_MILE_M2;
    let minutes = [20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 600][rng.gen_range(0..11)];
    let end = created_at - Duration::minutes(rng.gen_range(30..72 * 60));
    let start = end - Duration::minutes(minutes);
    RequestDraftInput {
        incident_type: kind.as_str().into(),
        case_number: case_number.into(),
        title: format!("{headline} near {street}"),
        description: format!(
            "We are looking for doorbell or driveway camera footage that may show {detail}. \
             Please check recordings from the time frame and area shown and share only what you choose to."
        ),
        contact: ContactInput {
            email: demo.agency.contact_email.clone(),
            phone: if rng.gen_bool(0.5) { demo.agency.contact_phone.clone() } else { None },
        },
        time_frame: TimeFrameInput { start: rfc3339(start), end: rfc3339(end) },
        area: polygon(rng, center, area_m2),
        attestations: AttestationsInput::CONFIRMED,
    }
}

/// Seeds the demo data unless this database already has it; returns whether it seeded.
pub async fn seed(db: &Db, now: OffsetDateTime) -> Result<bool, String> {
    let err = |e: crate::db::DbError| e.to_string();
    if db.is_seeded(SEED_NAME).await.map_err(err)? {
        return Ok(false);
    }
    let mut rng = StdRng::seed_from_u64(0x5EED_2026);
    let demo = agencies();
    let mut agency_ids = Vec::new();
    for d in &demo {
        let created = now - Duration::days(400);
        db.create_agency(&d.agency, created).await.map_err(err)?;
        let (id, _) = db
            .agency_by_slug(&d.agency.slug)
            .await
            .map_err(err)?
            .ok_or("demo agency missing")?;
        agency_ids.push(id);
    }

    let password_hash = hash_password(DEMO_PASSWORD).await?;
    let accounts = [
        ("admin@porchlight.test", "Avery Admin", Role::Admin, None),
        (
            "officer@porchlight.test",
            "Officer Olive Ortiz",
            Role::AgencyStaff,
            Some(agency_ids[0]),
        ),
        (
            "resident@porchlight.test",
            "Riley Resident",
            Role::Resident,
            None,
        ),
        // Made a moderator below (moderators are a table of their own).
        (
            "moderator@porchlight.test",
            "Morgan Moderator",
            Role::Resident,
            None,
        ),
    ];
    for (email, display_name, role, agency_id) in accounts {
        let new = NewAccount {
            email,
            display_name,
            password_hash: &password_hash,
            role,
            agency_id,
        };
        db.create_account(&new, now - Duration::days(120))
            .await
            .map_err(err)?;
    }
    let officer = db
        .account_by_email("officer@porchlight.test")
        .await
        .map_err(err)?
        .map(|a| a.id);

    // (agency index, draft, published at); a few cases get a second request.
    let mut planned: Vec<(usize, RequestDraft, OffsetDateTime)> = Vec::new();
    for (index, d) in demo.iter().enumerate() {
        let mut previous_case: Option<String> = None;
        for n in 0..d.requests {
            let created_at = now - Duration::minutes(rng.gen_range(10..90 * 24 * 60));
            let case_number = match previous_case.take() {
                Some(case) if n % 7 == 0 => case,
                _ => format!("{}{:06}", d.case_prefix, rng.gen_range(100_000..999_999)),
            };
            // Shapes are random: retry until one passes every rule (almost always the first).
            let drafted = (0..20).find_map(|_| draft(&mut rng, d, &case_number, created_at));
            let drafted = drafted.ok_or("could not draw a valid demo request")?;
            previous_case = Some(case_number);
            planned.push((index, drafted, created_at));
        }
    }
    planned.sort_by_key(|(_, _, at)| *at);
    let new: Vec<NewRequest> = planned
        .iter()
        .map(|(index, draft, created_at)| NewRequest {
            agency_id: agency_ids[*index],
            author_id: if *index == 0 { officer } else { None },
            draft,
            created_at: *created_at,
        })
        .collect();
    let ids = db.insert_requests(&new).await.map_err(err)?;

    for (id, (_, _, created_at)) in ids.iter().zip(&planned) {
        let age = now - *created_at;
        if age > Duration::days(5) && rng.gen_bool(0.35) {
            let after = Duration::hours(rng.gen_range(12..(age.whole_hours().min(30 * 24))));
            let note = NOTES[rng.gen_range(0..NOTES.len())];
            db.resolve_request(*id, note, officer, *created_at + after)
                .await
                .map_err(err)?;
        }
    }
    let demo_city: Vec<(i64, OffsetDateTime)> = ids
        .iter()
        .zip(&planned)
        .filter(|(_, (index, _, _))| *index == 0)
        .map(|(id, (_, _, at))| (*id, *at))
        .collect();
    seed_moderation(
        db,
        &mut rng,
        &demo[0],
        agency_ids[0],
        officer,
        &demo_city,
        now,
    )
    .await?;
    db.mark_seeded(SEED_NAME, now).await.map_err(err)?;
    Ok(true)
}

/// The demo's moderation: the moderator, submissions awaiting review (oldest 2 days),
/// an approved and a rejected submission, and reports on Demo City's published
/// requests (`published`: id and publication time): one upheld (a policy finding), one
/// dismissed and one open.
async fn seed_moderation(
    db: &Db,
    rng: &mut StdRng,
    city: &DemoAgency,
    agency_id: i64,
    officer: Option<i64>,
    published: &[(i64, OffsetDateTime)],
    now: OffsetDateTime,
) -> Result<(), String> {
    let demo_error = |what: &str| format!("demo moderation: {what}");
    let account = |email: &'static str| async move {
        db.account_by_email(email)
            .await
            .map_err(db_error)?
            .map(|a| a.id)
            .ok_or_else(|| format!("demo account {email} missing"))
    };
    let moderator = account("moderator@porchlight.test").await?;
    let resident = account("resident@porchlight.test").await?;
    let made = db
        .make_moderator(moderator, now - Duration::days(120))
        .await
        .map_err(db_error)?;
    if made != MakeModeratorOutcome::Made {
        return Err(demo_error("the moderator account"));
    }

    // First, reports on the oldest published requests, decided long before the
    // submissions below were sent: the moderation log lists decisions newest first in
    // the order they were made, so the demo makes them in the order of their times.
    let mut older: Vec<(i64, OffsetDateTime)> = published
        .iter()
        .copied()
        .filter(|(_, at)| now - *at > Duration::days(10))
        .collect();
    older.sort_by_key(|(id, at)| (*at, *id));
    let [upheld, dismissed, open, ..] = older[..] else {
        return Err(demo_error("too few published requests to report"));
    };
    for ((id, at), reason) in [
        (upheld, ProhibitedUse::PressureLanguage),
        (dismissed, ProhibitedUse::RaceOnlyDescription),
        (open, ProhibitedUse::VictimDetails),
    ] {
        let comment = Some("It reads as if we have to hand over our footage.")
            .filter(|_| reason == ProhibitedUse::PressureLanguage);
        let reported = db
            .report_request(id, resident, reason, comment, at + Duration::days(1))
            .await
            .map_err(db_error)?;
        if reported != ReportOutcome::Reported {
            return Err(demo_error("a report"));
        }
    }
    let uphold = DecisionInput::check(
        ReportDecision::Uphold,
        &[ProhibitedUse::PressureLanguage.code().to_owned()],
        Some("The request told residents they had to share footage; sharing is voluntary."),
    )
    .map_err(|_| demo_error("the upheld report"))?;
    let dismiss = DecisionInput::check(ReportDecision::Dismiss, &[], None)
        .map_err(|_| demo_error("the dismissed report"))?;
    for ((id, at), decision) in [(upheld, uphold), (dismissed, dismiss)] {
        match db
            .decide_reports(id, moderator, decision, at + Duration::days(2))
            .await
            .map_err(db_error)?
        {
            ReportDecisionOutcome::Decided(_) => {}
            _ => return Err(demo_error("a decision on reports")),
        }
    }

    // (submitted how long ago, case number, pressure wording in the description?)
    let pending = [
        (Duration::days(2), "26-300101", false),
        (Duration::hours(9), "26-300102", true),
        (Duration::minutes(40), "26-300103", false),
        // Approved a day after it was sent, five days ago.
        (Duration::days(6), "26-300104", false),
    ];
    let mut submitted = Vec::new();
    for (ago, case_number, pressure) in pending {
        let at = now - ago;
        let mut input = (0..20)
            .map(|_| draft_input(rng, city, case_number, at))
            .find(|input| RequestDraft::validate(input, at, 0).is_ok())
            .ok_or_else(|| demo_error("could not draw a valid submission"))?;
        if pressure {
            // So that the queue shows what the pre-screen highlights.
            input
                .description
                .push_str(" Residents on this block are required to share.");
        }
        submitted.push((submit(db, agency_id, officer, input, at).await?, at));
    }
    let (approved, approved_at) = submitted[3];
    let approval = DecisionInput::check(ReviewDecision::Approve, &[], None)
        .map_err(|_| demo_error("the approval"))?;
    review(
        db,
        approved,
        moderator,
        approval,
        approved_at + Duration::days(1),
    )
    .await?;

    // A refusal: asks about a march, which the public log shows without its text.
    let rejected_at = now - Duration::days(3);
    let mut march = (0..20)
        .map(|_| draft_input(rng, city, "26-300105", rejected_at))
        .find(|input| RequestDraft::validate(input, rejected_at, 0).is_ok())
        .ok_or_else(|| demo_error("could not draw the rejected submission"))?;
    march.incident_type = IncidentType::Vandalism.as_str().into();
    march.title = "People at the march on SE Hawthorne Blvd".into();
    march.description = "We are looking for footage of the people who took part in the \
                         march on Saturday afternoon, to identify who organised it."
        .into();
    let rejected = submit(db, agency_id, officer, march, rejected_at).await?;
    let rejection = DecisionInput::check(
        ReviewDecision::Reject,
        &[ProhibitedUse::LawfulActivity.code().to_owned()],
        Some(
            "Asks who took part in a march: a request may not gather information about \
             lawful activity such as a protest. The agency may submit a request about a \
             specific crime instead.",
        ),
    )
    .map_err(|_| demo_error("the rejection"))?;
    review(
        db,
        rejected,
        moderator,
        rejection,
        rejected_at + Duration::hours(5),
    )
    .await?;

    Ok(())
}

/// Sends a demo draft for review at `at`; its id.
async fn submit(
    db: &Db,
    agency_id: i64,
    officer: Option<i64>,
    input: RequestDraftInput,
    at: OffsetDateTime,
) -> Result<i64, String> {
    let concerns = prescreen(&input.title, &input.description);
    let case_number = input.case_number.clone();
    let submission = db
        .submit_request(
            agency_id,
            officer,
            &case_number,
            at,
            Box::new(move |existing| RequestDraft::validate(&input, at, existing)),
            concerns,
        )
        .await
        .map_err(db_error)?
        .map_err(|errors| {
            format!(
                "demo submission refused: {:?}",
                errors.iter().map(|e| e.code()).collect::<Vec<_>>()
            )
        })?;
    Ok(submission.id)
}

/// A moderator's decision on a demo submission at `at`.
async fn review(
    db: &Db,
    id: i64,
    moderator: i64,
    decision: DecisionInput<ReviewDecision>,
    at: OffsetDateTime,
) -> Result<(), String> {
    let Some((_, submission)) = db.submission(id).await.map_err(db_error)? else {
        return Err(format!("demo submission {id} missing"));
    };
    let input = submission.draft_input();
    match db
        .review_submission(
            id,
            moderator,
            decision,
            at,
            Box::new(move |existing| RequestDraft::validate(&input, at, existing)),
        )
        .await
        .map_err(db_error)?
    {
        ReviewOutcome::Decided { .. } => Ok(()),
        other => Err(format!("demo review of {id}: {other:?}")),
    }
}

fn db_error(e: DbError) -> String {
    e.to_string()
}

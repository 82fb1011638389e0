//! `GET /agencies/{slug}`'s `stats`: computed in SQL, checked here against figures the
//! test computes itself, for 0, 1, 2 and 10 000 requests, at month boundaries (UTC)
//! and with time frames given in other time zones.

use std::collections::BTreeMap;
use std::time::Instant;

use porchlight_domain::wire::{
    AgencyStats, AttestationsInput, ContactInput, GeoJsonPolygon, RequestDraftInput, TimeFrameInput,
};
use porchlight_domain::{IncidentType, RequestDraft};
use porchlight_server::db::NewRequest;
use porchlight_server::Db;
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::support::{new_agency, Fixture, TestApp};

/// A valid draft published at `created_at`: a `side_deg`-wide square near Portland
/// (south-west corner moved by `shift`), a time frame of `frame` ending an hour before
/// `created_at`, written in `offset` (e.g. `-08:00`) like a form in that zone would.
pub fn stored_draft(
    created_at: OffsetDateTime,
    incident: IncidentType,
    side_deg: f64,
    frame: Duration,
    shift: f64,
) -> RequestDraft {
    let (w, s) = (-122.70 + shift, 45.50 + shift / 2.0);
    let (e, n) = (w + side_deg, s + side_deg);
    let end = created_at - Duration::hours(1);
    let input = RequestDraftInput {
        incident_type: incident.as_str().into(),
        case_number: format!("C-{}", created_at.unix_timestamp()),
        title: "Footage near 5th and Pine".into(),
        description: "Looking for footage of a person carrying a red bicycle.".into(),
        contact: ContactInput {
            email: Some("detective@city.example".into()),
            phone: None,
        },
        time_frame: TimeFrameInput {
            start: (end - frame)
                .to_offset(time::macros::offset!(-8))
                .format(&Rfc3339)
                .unwrap(),
            end: end
                .to_offset(time::macros::offset!(+5:30))
                .format(&Rfc3339)
                .unwrap(),
        },
        area: GeoJsonPolygon {
            coordinates: vec![vec![[w, s], [e, s], [e, n], [w, n], [w, s]]],
        },
        attestations: AttestationsInput::CONFIRMED,
        language: None,
    };
    RequestDraft::validate(&input, created_at, 0)
        .unwrap_or_else(|e| panic!("invalid fixture draft: {e:?}"))
}

/// Stores the drafts for `agency_id` through the storage layer, in one transaction.
pub async fn store(db: &Db, agency_id: i64, drafts: &[(OffsetDateTime, RequestDraft)]) -> Vec<i64> {
    let new: Vec<NewRequest<'_>> = drafts
        .iter()
        .map(|(at, draft)| NewRequest {
            agency_id,
            author_id: None,
            draft,
            created_at: *at,
        })
        .collect();
    db.insert_requests(&new).await.unwrap()
}

fn months_of(stats: &AgencyStats) -> Vec<(&str, u64)> {
    stats
        .requests_per_month
        .iter()
        .map(|m| (m.month.as_str(), m.requests))
        .collect()
}

/// `YYYY-MM` of the 24 months ending with `now`'s month (UTC), oldest first.
fn window(now: OffsetDateTime) -> Vec<String> {
    let now = now.to_offset(time::UtcOffset::UTC);
    let index = now.year() * 12 + now.month() as i32 - 1;
    (index - 23..=index)
        .map(|i| format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1))
        .collect()
}

#[tokio::test]
async fn an_agency_without_requests_has_24_empty_months_and_no_medians() {
    let fx = Fixture::new().await;
    let now = datetime!(2026-11-28 09:00 UTC);
    let stats = fx
        .app
        .state
        .db
        .agency_stats(fx.agency_a, now)
        .await
        .unwrap();
    assert_eq!(
        (
            stats.total_requests,
            stats.open_requests,
            stats.resolved_requests
        ),
        (0, 0, 0)
    );
    assert_eq!(stats.first_request_at, None);
    assert_eq!(stats.last_request_at, None);
    assert_eq!(stats.median_area_m2, None);
    assert_eq!(stats.median_time_frame_secs, None);
    assert!(stats.incident_types.is_empty());
    let months: Vec<String> = stats
        .requests_per_month
        .iter()
        .map(|m| m.month.clone())
        .collect();
    assert_eq!(months, window(now));
    assert_eq!(months.first().map(String::as_str), Some("2024-12"));
    assert_eq!(months.last().map(String::as_str), Some("2026-11"));
    assert!(stats.requests_per_month.iter().all(|m| m.requests == 0));
    assert_eq!(stats.as_of, now);

    // Over HTTP too, with the profile's own counts.
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    assert_eq!(profile["stats"]["total_requests"], 0);
    assert_eq!(
        profile["stats"]["requests_per_month"]
            .as_array()
            .unwrap()
            .len(),
        24
    );
    assert_eq!(profile["stats"]["median_area_m2"], serde_json::Value::Null);
}

#[tokio::test]
async fn one_request_is_its_own_median_and_two_average() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let now = datetime!(2026-11-28 09:00 UTC);
    let first = stored_draft(
        now - Duration::days(3),
        IncidentType::Theft,
        0.006,
        Duration::minutes(90),
        0.0,
    );
    let first_area = first.area().area_m2();
    store(db, fx.agency_a, &[(now - Duration::days(3), first)]).await;

    let stats = db.agency_stats(fx.agency_a, now).await.unwrap();
    assert_eq!(stats.total_requests, 1);
    assert_eq!(stats.median_area_m2, Some(first_area));
    assert_eq!(stats.median_time_frame_secs, Some(90 * 60));
    assert_eq!(stats.first_request_at, Some(now - Duration::days(3)));
    assert_eq!(stats.last_request_at, Some(now - Duration::days(3)));
    assert_eq!(stats.incident_types.len(), 1);
    assert_eq!(
        (
            stats.incident_types[0].incident_type.as_str(),
            stats.incident_types[0].requests
        ),
        ("theft", 1)
    );
    assert_eq!(months_of(&stats).last(), Some(&("2026-11", 1)));
    assert_eq!(
        stats
            .requests_per_month
            .iter()
            .map(|m| m.requests)
            .sum::<u64>(),
        1
    );

    let second = stored_draft(
        now - Duration::days(1),
        IncidentType::Burglary,
        0.008,
        Duration::hours(4),
        0.01,
    );
    let second_area = second.area().area_m2();
    store(db, fx.agency_a, &[(now - Duration::days(1), second)]).await;
    let stats = db.agency_stats(fx.agency_a, now).await.unwrap();
    let median = stats.median_area_m2.unwrap();
    assert!(
        (median - (first_area + second_area) / 2.0).abs() < 1e-6,
        "{median}"
    );
    assert_eq!(stats.median_time_frame_secs, Some((90 * 60 + 4 * 3600) / 2));
    // Code order, not ranked by count.
    let types: Vec<&str> = stats
        .incident_types
        .iter()
        .map(|t| t.incident_type.as_str())
        .collect();
    assert_eq!(types, ["burglary", "theft"]);
    // Another agency's requests never count.
    assert_eq!(
        db.agency_stats(fx.agency_b, now)
            .await
            .unwrap()
            .total_requests,
        0
    );
}

#[tokio::test]
async fn months_are_counted_in_utc_at_their_boundaries() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let now = datetime!(2026-03-15 12:00 UTC);
    let at = [
        // The last second of January and the first of February (UTC).
        datetime!(2026-01-31 23:59:59 UTC),
        datetime!(2026-02-01 00:00:00 UTC),
        // 00:30 on 1 March in Paris is still February in UTC.
        datetime!(2026-03-01 00:30:00 +01:00),
        // 20:00 on 28 February in Portland is 1 March in UTC.
        datetime!(2026-02-28 20:00:00 -08:00),
        // The window's first second (April 2024) and the second before it.
        datetime!(2024-04-01 00:00:00 UTC),
        datetime!(2024-03-31 23:59:59 UTC),
    ];
    let drafts: Vec<_> = at
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                *t,
                stored_draft(
                    *t,
                    IncidentType::Vandalism,
                    0.006,
                    Duration::hours(2),
                    i as f64 * 0.001,
                ),
            )
        })
        .collect();
    store(db, fx.agency_a, &drafts).await;

    let stats = db.agency_stats(fx.agency_a, now).await.unwrap();
    let months = months_of(&stats);
    assert_eq!(months.len(), 24);
    assert_eq!(
        months.iter().map(|m| m.0.to_owned()).collect::<Vec<_>>(),
        window(now)
    );
    let get = |month: &str| months.iter().find(|m| m.0 == month).map(|m| m.1);
    assert_eq!(get("2026-01"), Some(1));
    assert_eq!(get("2026-02"), Some(2));
    assert_eq!(get("2026-03"), Some(1));
    assert_eq!(get("2024-04"), Some(1));
    assert_eq!(get("2024-03"), None, "outside the 24-month window");
    assert_eq!(months.iter().map(|m| m.1).sum::<u64>(), 5);
    // Totals cover every request, from the first one on.
    assert_eq!(stats.total_requests, 6);
    assert_eq!(
        stats.first_request_at,
        Some(datetime!(2024-03-31 23:59:59 UTC))
    );
    assert_eq!(
        stats.last_request_at,
        Some(datetime!(2026-03-01 04:00:00 UTC))
    );
    // Time frames written with -08:00 and +05:30 offsets are still 2 hours long.
    assert_eq!(stats.median_time_frame_secs, Some(7200));
}

#[tokio::test]
async fn ten_thousand_requests_match_figures_computed_here() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let now = datetime!(2026-11-28 09:00 UTC);
    let types = IncidentType::ALL;
    let mut drafts = Vec::with_capacity(10_000);
    for i in 0..10_000i64 {
        // Spread over ~3 years, a few per day, with varied areas, frames and types.
        let at = now - Duration::minutes(i * 157 + 5);
        let side = 0.005 + (i % 7) as f64 * 0.0005;
        let frame = Duration::minutes(15 + (i * 37) % (12 * 60 - 15));
        drafts.push((
            at,
            stored_draft(
                at,
                types[(i * i % 10) as usize],
                side,
                frame,
                (i % 13) as f64 * 0.001,
            ),
        ));
    }
    let started = Instant::now();
    let ids = store(db, fx.agency_a, &drafts).await;
    println!("stored 10 000 requests in {:?}", started.elapsed());
    // Every 7th resolved, in one statement.
    db.execute_raw(
        "INSERT INTO resolutions (request_id, note, resolved_by, resolved_at) \
                    SELECT id, NULL, NULL, created_at + 3600 FROM requests WHERE id % 7 = 0",
    )
    .await
    .unwrap();
    let resolved = ids.iter().filter(|id| *id % 7 == 0).count() as u64;

    let started = Instant::now();
    let stats = db.agency_stats(fx.agency_a, now).await.unwrap();
    println!("stats of 10 000 requests in {:?}", started.elapsed());

    assert_eq!(stats.total_requests, 10_000);
    assert_eq!(stats.resolved_requests, resolved);
    assert_eq!(stats.open_requests, 10_000 - resolved);

    // Per month, counted here with the time crate.
    let mut per_month: BTreeMap<String, u64> = window(now).into_iter().map(|m| (m, 0)).collect();
    for (at, _) in &drafts {
        let key = format!("{:04}-{:02}", at.year(), at.month() as u8);
        if let Some(n) = per_month.get_mut(&key) {
            *n += 1;
        }
    }
    let expected: Vec<(&str, u64)> = per_month.iter().map(|(m, n)| (m.as_str(), *n)).collect();
    assert_eq!(months_of(&stats), expected);
    assert!(
        expected.iter().all(|(_, n)| *n > 0),
        "the fixture fills every month"
    );

    // Medians, by sorting here.
    let mut areas: Vec<f64> = drafts.iter().map(|(_, d)| d.area().area_m2()).collect();
    areas.sort_by(f64::total_cmp);
    let median_area = (areas[4_999] + areas[5_000]) / 2.0;
    assert!((stats.median_area_m2.unwrap() - median_area).abs() < 1e-6);
    let mut frames: Vec<i64> = drafts
        .iter()
        .map(|(_, d)| d.time_frame().duration().whole_seconds())
        .collect();
    frames.sort();
    assert_eq!(
        stats.median_time_frame_secs,
        Some((frames[4_999] + frames[5_000]) / 2)
    );

    // The incident-type breakdown.
    let mut by_type: BTreeMap<&str, u64> = BTreeMap::new();
    for (_, d) in &drafts {
        *by_type.entry(d.incident_type().as_str()).or_default() += 1;
    }
    let got: Vec<(&str, u64)> = stats
        .incident_types
        .iter()
        .map(|t| (t.incident_type.as_str(), t.requests))
        .collect();
    assert_eq!(got, by_type.into_iter().collect::<Vec<_>>());

    // How fast is for scripts/bench-server.sh (release build, a quiet machine): a
    // timed assert in a debug test fails on a busy one. Printed for the log only.
    let started = Instant::now();
    let profile = fx.app.get("/api/v1/agencies/agency-a").await;
    let took = started.elapsed();
    println!("GET /agencies/agency-a with 10 000 requests: {took:?}");
    assert_eq!(profile.json()["stats"]["total_requests"], 10_000);
}

#[tokio::test]
async fn the_directory_lists_2000_agencies_with_their_totals() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let now = app.state.now();
    let mut agency_ids = Vec::new();
    let started = Instant::now();
    for n in 0..2_000 {
        let mut agency = new_agency(&format!("agency-{n:04}"));
        agency.name = format!("Police Department {n:04}");
        agency_ids.push(db.create_agency(&agency, now).await.unwrap().unwrap());
    }
    println!("created 2 000 agencies in {:?}", started.elapsed());
    // 10 000 requests spread over them (5 each).
    let drafts: Vec<_> = (0..10_000i64)
        .map(|i| {
            let at = now - Duration::minutes(i * 91 + 5);
            (
                agency_ids[(i % 2_000) as usize],
                at,
                stored_draft(at, IncidentType::Theft, 0.006, Duration::hours(1), 0.0),
            )
        })
        .collect();
    let new: Vec<NewRequest<'_>> = drafts
        .iter()
        .map(|(agency_id, at, draft)| NewRequest {
            agency_id: *agency_id,
            author_id: None,
            draft,
            created_at: *at,
        })
        .collect();
    db.insert_requests(&new).await.unwrap();

    let mut timings = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let response = app.get("/api/v1/agencies").await;
        timings.push(started.elapsed());
        let list = response.json();
        assert_eq!(list.as_array().unwrap().len(), 2_000);
        assert_eq!(list[0]["total_requests"], 5);
    }
    timings.sort();
    let median = timings[2];
    println!("GET /api/v1/agencies with 2 000 agencies and 10 000 requests: median {median:?} of {timings:?}");
    // Its speed is measured by scripts/bench-server.sh ("GET /agencies"), not here.
}

/// The counters kept by triggers give exactly the figures counted from every request,
/// after every kind of write: posts over HTTP, stored batches at assorted times
/// (month boundaries, years back), resolutions over HTTP and raw resolution rows, for
/// two agencies and at several `now`s.
#[tokio::test]
async fn counters_equal_a_recount_after_posts_and_resolutions() {
    async fn check(fx: &Fixture, label: &str) {
        let db = &fx.app.state.db;
        let now = fx.app.state.now();
        for agency in [fx.agency_a, fx.agency_b] {
            for at in [now, now - Duration::days(400), now + Duration::days(90)] {
                let counted = db.agency_stats(agency, at).await.unwrap();
                let recounted = db.agency_stats_recounted(agency, at).await.unwrap();
                assert_eq!(counted, recounted, "{label}: agency {agency} at {at}");
            }
        }
    }
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    check(&fx, "no requests").await;

    let a = fx
        .publish(crate::support::Who::StaffA, crate::support::draft("CNT-1"))
        .await;
    check(&fx, "one post").await;
    fx.publish(crate::support::Who::StaffA, crate::support::draft("CNT-2"))
        .await;
    fx.publish(crate::support::Who::StaffB, crate::support::draft("CNT-3"))
        .await;
    check(&fx, "three posts").await;

    // Batches at month boundaries and years back, with varied types, areas and frames.
    let now = fx.app.state.now();
    let times = [
        datetime!(2026-01-31 23:59:59 UTC),
        datetime!(2026-02-01 00:00:00 UTC),
        datetime!(2025-06-15 12:00:00 +09:00),
        now - Duration::days(700),
        now - Duration::days(3),
        now - Duration::hours(5),
    ];
    let mut drafts = Vec::new();
    for (i, at) in times.iter().enumerate() {
        for j in 0..7 {
            let at = *at - Duration::minutes(j * 11);
            drafts.push((
                at,
                stored_draft(
                    at,
                    IncidentType::ALL[(i * 3 + j as usize) % IncidentType::ALL.len()],
                    0.005 + j as f64 * 0.0007,
                    Duration::minutes(15 + (97 * j + 31 * i as i64) % 700),
                    i as f64 * 0.002,
                ),
            ));
        }
    }
    let (for_a, for_b) = drafts.split_at(25);
    let ids_a = store(db, fx.agency_a, for_a).await;
    store(db, fx.agency_b, for_b).await;
    check(&fx, "stored batches").await;

    // Resolutions: over HTTP, then raw rows behind the API's back.
    let response = fx
        .send_as(
            crate::support::Who::StaffA,
            axum::http::Method::POST,
            &format!("/api/v1/requests/{a}/resolution"),
            Some(serde_json::json!({ "note": "Found." })),
        )
        .await;
    assert_eq!(response.status, axum::http::StatusCode::CREATED);
    check(&fx, "one resolution").await;
    db.execute_raw(&format!(
        "INSERT INTO resolutions (request_id, note, resolved_by, resolved_at) \
         SELECT id, NULL, NULL, created_at + 60 FROM requests WHERE id % 3 = 0 AND id <> {a}"
    ))
    .await
    .unwrap();
    check(&fx, "raw resolutions").await;
    let stats = db.agency_stats(fx.agency_a, now).await.unwrap();
    assert_eq!(stats.total_requests, 2 + ids_a.len() as u64);
    assert!(stats.resolved_requests >= 2, "{stats:?}");

    // Time moves on: the window of months moves, the counts stay.
    fx.app.state.clock.advance(Duration::days(45));
    fx.publish(crate::support::Who::StaffA, crate::support::draft("CNT-4"))
        .await;
    check(&fx, "a later post").await;

    // The profile and the directory show the counted figures.
    let profile = fx.app.get("/api/v1/agencies/agency-a").await.json();
    let recounted = db
        .agency_stats_recounted(fx.agency_a, fx.app.state.now())
        .await
        .unwrap();
    assert_eq!(profile["total_requests"], recounted.total_requests);
    assert_eq!(profile["resolved_requests"], recounted.resolved_requests);
    let directory = fx.app.get("/api/v1/agencies").await.json();
    let listed = directory
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "agency-a")
        .unwrap();
    assert_eq!(listed["total_requests"], recounted.total_requests);
}

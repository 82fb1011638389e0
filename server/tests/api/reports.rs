//! Annual reports (`GET /agencies/{slug}/reports/{year}`, `GET /reports/{year}`, and
//! their `.csv` forms): every figure computed in SQL, checked here against figures the
//! test computes itself over the same rows, at 0, 1 and 10 000 requests, across year
//! boundaries, in zones whose date differs from UTC's (Pacific/Honolulu, −10:00, and
//! Asia/Kolkata, +05:30: both without daylight saving, so the reference uses plain
//! offsets) and across daylight-saving changes (America/Los_Angeles, values written
//! out by hand).

use std::collections::BTreeMap;
use std::time::Instant;

use axum::http::StatusCode;
use porchlight_domain::wire::{AgencyReport, NewAgency, YearReport, REPORT_CELL_DEG};
use porchlight_domain::{IncidentType, RequestDraft, SQUARE_MILE_M2};
use porchlight_server::Db;
use serde_json::Value;
use time::macros::datetime;
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::agency_stats::{store, stored_draft};
use crate::support::{new_agency, Fixture};

/// Creates an agency in `zone` through the store; returns its id.
async fn agency_in(db: &Db, slug: &str, zone: &str) -> i64 {
    db.create_agency(
        &NewAgency {
            time_zone: zone.into(),
            ..new_agency(slug)
        },
        datetime!(2020-01-01 00:00 UTC),
    )
    .await
    .unwrap()
    .unwrap()
}

async fn report(fx: &Fixture, slug: &str, year: i32) -> AgencyReport {
    let response = fx
        .app
        .get(&format!("/api/v1/agencies/{slug}/reports/{year}"))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    serde_json::from_value(response.json()).unwrap()
}

/// Resolves every request whose id is a multiple of `every`, `after` seconds past its
/// publication plus its id (so that resolution times differ).
async fn resolve_every(db: &Db, every: i64, after: i64) {
    db.execute_raw(&format!(
        "INSERT INTO resolutions (request_id, note, resolved_by, resolved_at) \
         SELECT id, NULL, NULL, created_at + {after} + id FROM requests WHERE id % {every} = 0"
    ))
    .await
    .unwrap();
}

/// The median as the report defines it: the middle value, or the mean of the middle two.
fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    (n > 0).then(|| (values[(n - 1) / 2] + values[n / 2]) / 2.0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The report's figures computed here, over the stored requests of one agency, in a
/// zone of fixed `offset`.
struct Reference {
    requests: u64,
    resolved: u64,
    median_resolution: Option<f64>,
    median_area: Option<f64>,
    total_area: f64,
    median_duration: Option<f64>,
    total_duration: u64,
    footprint: f64,
    months: Vec<u64>,
    month_footprints: Vec<f64>,
    types: Vec<(String, u64)>,
    hours: Vec<u64>,
    days: Vec<u64>,
    cells: BTreeMap<(i64, i64), u64>,
}

impl Reference {
    fn new(
        drafts: &[(OffsetDateTime, RequestDraft)],
        resolved_at: &BTreeMap<usize, OffsetDateTime>,
        year: i32,
        offset: UtcOffset,
    ) -> Reference {
        let mut r = Reference {
            requests: 0,
            resolved: 0,
            median_resolution: None,
            median_area: None,
            total_area: 0.0,
            median_duration: None,
            total_duration: 0,
            footprint: 0.0,
            months: vec![0; 12],
            month_footprints: vec![0.0; 12],
            types: Vec::new(),
            hours: vec![0; 24],
            days: vec![0; 7],
            cells: BTreeMap::new(),
        };
        let (mut areas, mut durations, mut resolutions) = (Vec::new(), Vec::new(), Vec::new());
        let mut types: BTreeMap<String, u64> = BTreeMap::new();
        for (i, (at, draft)) in drafts.iter().enumerate() {
            let local = at.to_offset(offset);
            if local.year() != year {
                continue;
            }
            r.requests += 1;
            let area = draft.area().area_m2();
            let frame = draft.time_frame();
            let duration = frame.end().unix_timestamp() - frame.start().unix_timestamp();
            areas.push(area);
            durations.push(duration as f64);
            r.total_area += area;
            r.total_duration += duration as u64;
            let footprint = area * duration as f64 / (SQUARE_MILE_M2 * 3600.0);
            r.footprint += footprint;
            let month = local.month() as usize - 1;
            r.months[month] += 1;
            r.month_footprints[month] += footprint;
            *types
                .entry(draft.incident_type().as_str().to_owned())
                .or_default() += 1;
            let start = frame.start().to_offset(offset);
            r.hours[start.hour() as usize] += 1;
            r.days[start.weekday().number_days_from_monday() as usize] += 1;
            if let Some(done) = resolved_at.get(&i) {
                r.resolved += 1;
                resolutions.push((done.unix_timestamp() - at.unix_timestamp()) as f64);
            }
            let [w, s, e, n] = draft.area().bounding_box();
            let c = REPORT_CELL_DEG;
            let cell = |v: f64| v.floor() as i64;
            for gx in cell((w + 180.0) / c)..=cell((e + 180.0) / c) {
                for gy in cell((s + 90.0) / c)..=cell((n + 90.0) / c) {
                    *r.cells.entry((gx, gy)).or_default() += 1;
                }
            }
        }
        r.median_area = median(areas);
        r.median_duration = median(durations);
        r.median_resolution = median(resolutions);
        r.types = types.into_iter().collect();
        r
    }

    fn check(&self, report: &AgencyReport) {
        let t = &report.totals;
        assert_eq!((t.requests, t.resolved), (self.requests, self.resolved));
        assert_eq!(
            t.share_resolved,
            (self.requests > 0).then(|| self.resolved as f64 / self.requests as f64)
        );
        assert_eq!(t.median_duration_secs, self.median_duration);
        assert_eq!(t.median_resolution_secs, self.median_resolution);
        assert_eq!(t.total_duration_secs, self.total_duration);
        match (t.median_area_m2, self.median_area) {
            (Some(a), Some(b)) => assert!(close(a, b), "median area {a} != {b}"),
            (a, b) => assert_eq!(a, b),
        }
        assert!(close(t.total_area_m2, self.total_area), "total area");
        assert!(
            close(t.footprint_sq_mi_hours, self.footprint),
            "footprint {} != {}",
            t.footprint_sq_mi_hours,
            self.footprint
        );
        let months: Vec<u64> = report.months.iter().map(|m| m.requests).collect();
        assert_eq!(months, self.months);
        for (m, expected) in report.months.iter().zip(&self.month_footprints) {
            assert!(close(m.footprint_sq_mi_hours, *expected), "{}", m.month);
        }
        let names: Vec<String> = report.months.iter().map(|m| m.month.clone()).collect();
        let expected_names: Vec<String> = (1..=12)
            .map(|m| format!("{:04}-{m:02}", report.year))
            .collect();
        assert_eq!(names, expected_names);
        let types: Vec<(String, u64)> = report
            .incident_types
            .iter()
            .map(|t| (t.incident_type.clone(), t.requests))
            .collect();
        assert_eq!(types, self.types);
        assert_eq!(report.hours_of_day, self.hours);
        assert_eq!(report.days_of_week, self.days);
        let c = REPORT_CELL_DEG;
        let cells: BTreeMap<(i64, i64), u64> = report
            .heat_map
            .cells
            .iter()
            .map(|cell| {
                let gx = ((cell.bbox[0] + 180.0) / c).round() as i64;
                let gy = ((cell.bbox[1] + 90.0) / c).round() as i64;
                ((gx, gy), cell.count)
            })
            .collect();
        assert_eq!(cells.len(), report.heat_map.cells.len(), "cells once each");
        assert_eq!(cells, self.cells);
    }
}

#[tokio::test]
async fn a_year_without_requests_has_twelve_empty_months() {
    let fx = Fixture::new().await;
    let report = report(&fx, "agency-a", 2025).await;
    assert_eq!(report.agency.slug, "agency-a");
    assert_eq!(report.time_zone, "UTC");
    assert_eq!(report.period_start, datetime!(2025-01-01 00:00 UTC));
    assert_eq!(report.period_end, datetime!(2026-01-01 00:00 UTC));
    assert!(report.complete, "2025 is over");
    assert_eq!(report.months.len(), 12);
    assert!(report
        .months
        .iter()
        .all(|m| m.requests == 0 && m.total_area_m2 == 0.0 && m.footprint_sq_mi_hours == 0.0));
    assert_eq!(report.hours_of_day, vec![0; 24]);
    assert_eq!(report.days_of_week, vec![0; 7]);
    assert!(report.heat_map.cells.is_empty());
    assert!(report.incident_types.is_empty());
    let t = &report.totals;
    assert_eq!((t.requests, t.resolved, t.total_duration_secs), (0, 0, 0));
    assert_eq!(t.share_resolved, None);
    assert_eq!(t.median_area_m2, None);
    assert_eq!(t.median_duration_secs, None);
    assert_eq!(t.median_resolution_secs, None);
    assert_eq!(report.moderation, Default::default());
    assert_eq!(
        report.responses,
        Some(porchlight_domain::wire::ReportResponses {
            received: 0,
            kept_as_evidence: 0,
            deleted_at_expiry: 0
        })
    );
    // The log's signed head at generation: the one the log serves now.
    let head = fx.app.get("/api/v1/log/checkpoint").await.json();
    assert_eq!(
        serde_json::to_value(report.log_checkpoint).unwrap(),
        head,
        "tree head"
    );
    Reference::new(&[], &BTreeMap::new(), 2025, UtcOffset::UTC).check(&report);

    // Every agency side by side: both fixture agencies, with zeros.
    let year: YearReport =
        serde_json::from_value(fx.app.get("/api/v1/reports/2025").await.json()).unwrap();
    let slugs: Vec<&str> = year
        .agencies
        .iter()
        .map(|a| a.agency.slug.as_str())
        .collect();
    assert_eq!(slugs, ["agency-a", "agency-b"]);
    assert!(year.agencies.iter().all(|a| a.totals.requests == 0));
}

#[tokio::test]
async fn one_request_is_counted_in_its_month_hour_day_and_cells() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    // Published Wednesday 2026-07-15 12:00 UTC; its 2-hour frame starts 09:00 UTC.
    let at = datetime!(2026-07-15 12:00 UTC);
    let draft = stored_draft(at, IncidentType::Burglary, 0.008, Duration::hours(2), 0.0);
    let id = store(db, fx.agency_a, &[(at, draft.clone())]).await[0];
    resolve_every(db, 1, 7200).await;
    let report = report(&fx, "agency-a", 2026).await;
    let resolved: BTreeMap<usize, OffsetDateTime> = [(0, at + Duration::seconds(7200 + id))].into();
    Reference::new(&[(at, draft.clone())], &resolved, 2026, UtcOffset::UTC).check(&report);
    // Written out as well.
    assert_eq!(report.totals.requests, 1);
    assert_eq!(report.totals.share_resolved, Some(1.0));
    assert_eq!(
        report.totals.median_resolution_secs,
        Some((7200 + id) as f64)
    );
    assert_eq!(report.totals.median_duration_secs, Some(7200.0));
    assert_eq!(report.totals.median_area_m2, Some(draft.area().area_m2()));
    assert_eq!(report.months[6].requests, 1);
    assert_eq!(report.hours_of_day[9], 1);
    assert_eq!(report.days_of_week[2], 1, "a Wednesday");
    let expected_footprint = draft.area().area_m2() / SQUARE_MILE_M2 * 2.0;
    assert!(close(
        report.totals.footprint_sq_mi_hours,
        expected_footprint
    ));
    // A 0.008° square over 0.005° cells meets 2 or 3 cells a side.
    let cells = report.heat_map.cells.len();
    assert!((4..=9).contains(&cells), "{cells} cells");
    assert!(report.heat_map.cells.iter().all(|c| c.count == 1));
    assert!(!report.complete || OffsetDateTime::now_utc() >= datetime!(2027-01-01 00:00 UTC));

    // The neighbouring years hold nothing.
    assert_eq!(report_total(&fx, 2025).await, 0);
    assert_eq!(report_total(&fx, 2027).await, 0);
}

async fn report_total(fx: &Fixture, year: i32) -> u64 {
    report(fx, "agency-a", year).await.totals.requests
}

/// Requests around New Year in UTC, in Honolulu and in Kolkata: each lands in the year
/// of its zone's calendar.
#[tokio::test]
async fn years_and_months_follow_the_agency_zone() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let honolulu = agency_in(db, "honolulu-pd", "pacific/honolulu").await;
    let kolkata = agency_in(db, "kolkata-pd", "Asia/Kolkata").await;
    let times = [
        // 2025-12-31 23:59:59 UTC: Honolulu 13:59:59 on the 31st; Kolkata 05:29:59 on 1 Jan.
        datetime!(2025-12-31 23:59:59 UTC),
        // Kolkata's New Year: 2025-12-31 18:30 UTC.
        datetime!(2025-12-31 18:29:59 UTC),
        datetime!(2025-12-31 18:30:00 UTC),
        // Honolulu's New Year: 2026-01-01 10:00 UTC.
        datetime!(2026-01-01 09:59:59 UTC),
        datetime!(2026-01-01 10:00:00 UTC),
        // Honolulu's 2027: 2027-01-01 10:00 UTC; 05:00 UTC is still 2026 there.
        datetime!(2027-01-01 05:00 UTC),
    ];
    let drafts: Vec<(OffsetDateTime, RequestDraft)> = times
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let frame = Duration::minutes(30 + 10 * i as i64);
            let d = stored_draft(*at, IncidentType::Theft, 0.006, frame, i as f64 * 0.01);
            (*at, d)
        })
        .collect();
    for agency in [fx.agency_a, honolulu, kolkata] {
        store(db, agency, &drafts).await;
    }
    let none = BTreeMap::new();
    // Requests in 2025, 2026 and 2027 of each zone's calendar.
    for (slug, offset, per_year) in [
        ("agency-a", UtcOffset::UTC, [3, 2, 1]),
        (
            "honolulu-pd",
            UtcOffset::from_hms(-10, 0, 0).unwrap(),
            [4, 2, 0],
        ),
        (
            "kolkata-pd",
            UtcOffset::from_hms(5, 30, 0).unwrap(),
            [1, 4, 1],
        ),
    ] {
        for (year, expected) in [2025, 2026, 2027].into_iter().zip(per_year) {
            let report = report(&fx, slug, year).await;
            assert_eq!(report.totals.requests, expected, "{slug} {year}");
            Reference::new(&drafts, &none, year, offset).check(&report);
        }
    }
    // Honolulu's year starts at 10:00 UTC and its zone is stored canonically.
    let hnl = report(&fx, "honolulu-pd", 2026).await;
    assert_eq!(hnl.time_zone, "Pacific/Honolulu");
    assert_eq!(hnl.period_start, datetime!(2026-01-01 10:00 UTC));
    assert_eq!(hnl.months[0].requests, 1, "10:00 UTC on 1 January");
    assert_eq!(hnl.months[11].requests, 1, "05:00 UTC on 1 January 2027");
}

/// Daylight saving: the hour of a frame's start is read with the offset in force then.
#[tokio::test]
async fn hours_follow_daylight_saving() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let la = agency_in(db, "la-pd", "America/Los_Angeles").await;
    // Frames of 30 minutes ending an hour before publication.
    let frame = Duration::minutes(30);
    let at = |start: OffsetDateTime| start + frame + Duration::hours(1);
    let drafts: Vec<(OffsetDateTime, RequestDraft)> = [
        // 2026-03-08 09:30 UTC = 01:30 PST (Sunday)
        datetime!(2026-03-08 09:30 UTC),
        // 2026-03-08 10:30 UTC = 03:30 PDT (Sunday)
        datetime!(2026-03-08 10:30 UTC),
        // 2026-11-01 08:30 UTC = 01:30 PDT; 09:30 UTC = 01:30 PST (Sunday both)
        datetime!(2026-11-01 08:30 UTC),
        datetime!(2026-11-01 09:30 UTC),
        // 2026-07-01 06:59 UTC = 23:59 PDT on Tuesday 30 June
        datetime!(2026-07-01 06:59 UTC),
    ]
    .into_iter()
    .map(|start| {
        (
            at(start),
            stored_draft(at(start), IncidentType::Other, 0.006, frame, 0.0),
        )
    })
    .collect();
    store(db, la, &drafts).await;
    let report = report(&fx, "la-pd", 2026).await;
    let mut hours = vec![0; 24];
    hours[1] = 3;
    hours[3] = 1;
    hours[23] = 1;
    assert_eq!(report.hours_of_day, hours);
    assert_eq!(report.days_of_week, vec![0, 1, 0, 0, 0, 0, 4]);
    // Published 1.5 hours after each start: the July one at 01:29 PDT on 1 July, the
    // November ones at 02:00 and 03:00 PST: months in Los Angeles.
    let months: Vec<u64> = report.months.iter().map(|m| m.requests).collect();
    assert_eq!(months, vec![0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0]);
    assert_eq!(report.period_start, datetime!(2026-01-01 08:00 UTC));
}

#[tokio::test]
async fn ten_thousand_requests_match_figures_computed_here() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let honolulu = agency_in(db, "honolulu-pd", "Pacific/Honolulu").await;
    let types = IncidentType::ALL;
    // From late 2025 to early 2027, a few an hour, with varied areas, frames and types.
    let first = datetime!(2025-11-20 00:00 UTC);
    let mut drafts = Vec::with_capacity(10_000);
    for i in 0..10_000i64 {
        let at = first + Duration::minutes(i * 73 + (i * i) % 61);
        let side = 0.004 + (i % 9) as f64 * 0.0007;
        let frame = Duration::minutes(15 + (i * 37) % (12 * 60 - 15));
        let shift = (i % 17) as f64 * 0.003;
        drafts.push((
            at,
            stored_draft(at, types[(i * i % 10) as usize], side, frame, shift),
        ));
    }
    let started = Instant::now();
    let ids = store(db, honolulu, &drafts).await;
    println!("stored 10 000 requests in {:?}", started.elapsed());
    resolve_every(db, 7, 3600).await;
    let resolved: BTreeMap<usize, OffsetDateTime> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| *id % 7 == 0)
        .map(|(i, id)| (i, drafts[i].0 + Duration::seconds(3600 + id)))
        .collect();

    let started = Instant::now();
    let report = report(&fx, "honolulu-pd", 2026).await;
    let took = started.elapsed();
    println!(
        "report of {} requests (10 000 stored), {:?}: {took:?}",
        report.totals.requests,
        db.backend()
    );
    let reference = Reference::new(
        &drafts,
        &resolved,
        2026,
        UtcOffset::from_hms(-10, 0, 0).unwrap(),
    );
    assert!(reference.requests > 6_000 && reference.requests < 10_000);
    assert!(reference.months.iter().all(|n| *n > 0));
    reference.check(&report);
    // Its speed is measured by scripts/bench-server.sh (an agency's report), not here.

    // The side-by-side year: the same totals for this agency.
    let started = Instant::now();
    let year: YearReport =
        serde_json::from_value(fx.app.get("/api/v1/reports/2026").await.json()).unwrap();
    println!("GET /reports/2026: {:?}", started.elapsed());
    let row = year
        .agencies
        .iter()
        .find(|a| a.agency.slug == "honolulu-pd")
        .unwrap();
    assert_eq!(row.totals, report.totals);
    assert_eq!(row.period_start, report.period_start);
}

#[tokio::test]
async fn reports_as_csv() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let at = datetime!(2026-03-02 12:00 UTC);
    let draft = stored_draft(at, IncidentType::Burglary, 0.006, Duration::hours(1), 0.0);
    store(db, fx.agency_a, &[(at, draft)]).await;

    let response = fx
        .app
        .get("/api/v1/agencies/agency-a/reports/2026.csv")
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.header("content-type"),
        Some("text/csv; charset=utf-8; header=present")
    );
    assert_eq!(
        response.header("content-disposition"),
        Some("attachment; filename=\"agency-a-report-2026.csv\"")
    );
    let json = report(&fx, "agency-a", 2026).await;
    let text = response.text();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["section", "key", "value"]
    );
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].to_owned(), r[2].to_owned())
        })
        .collect();
    let get = |section: &str, key: &str| -> String {
        rows.iter()
            .find(|(s, k, _)| s == section && k == key)
            .map(|(_, _, v)| v.clone())
            .unwrap_or_else(|| panic!("no {section} {key}"))
    };
    assert_eq!(get("report", "year"), "2026");
    assert_eq!(get("report", "time_zone"), "UTC");
    assert_eq!(
        get("report", "log_root_hash"),
        json.log_checkpoint.root_hash.to_string()
    );
    assert_eq!(get("total", "requests"), "1");
    assert_eq!(get("total", "share_resolved"), "0");
    assert_eq!(get("total", "median_resolution_secs"), "");
    assert_eq!(get("month_requests", "2026-03"), "1");
    assert_eq!(get("month_requests", "2026-12"), "0");
    assert_eq!(get("incident_type", "burglary"), "1");
    assert_eq!(get("hour_of_day", "10"), "1");
    assert_eq!(get("day_of_week", "monday"), "1");
    assert_eq!(
        get("total", "footprint_sq_mi_hours")
            .parse::<f64>()
            .unwrap(),
        json.totals.footprint_sq_mi_hours
    );
    let months = rows.iter().filter(|(s, ..)| s == "month_requests").count();
    assert_eq!(months, 12);
    assert_eq!(
        rows.iter().filter(|(s, ..)| s == "heat_map_cell").count(),
        json.heat_map.cells.len()
    );

    let response = fx.app.get("/api/v1/reports/2026.csv").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.header("content-disposition"),
        Some("attachment; filename=\"reports-2026.csv\"")
    );
    let text = response.text();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&records[0][col("agency_slug")], "agency-a");
    assert_eq!(&records[0][col("requests")], "1");
    assert_eq!(&records[1][col("requests")], "0");
    assert_eq!(&records[1][col("median_area_m2")], "");
}

#[tokio::test]
async fn bad_years_and_unknown_agencies() {
    let fx = Fixture::new().await;
    for path in [
        "/api/v1/agencies/agency-a/reports/1969",
        "/api/v1/agencies/agency-a/reports/2106",
        "/api/v1/agencies/agency-a/reports/twenty",
        "/api/v1/agencies/agency-a/reports/2026.json",
        "/api/v1/reports/0",
        "/api/v1/reports/2026.xlsx",
    ] {
        let response = fx.app.get(path).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(response.error_code(), "invalid_year", "{path}");
    }
    let response = fx.app.get("/api/v1/agencies/nobody/reports/2026").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn agencies_are_created_with_a_checked_time_zone() {
    use crate::support::Who;
    use axum::http::Method;
    let fx = Fixture::new().await;
    let mut body = serde_json::to_value(new_agency("kolkata-pd")).unwrap();
    body["time_zone"] = Value::from("Mars/Olympus_Mons");
    let refused = fx
        .send_as(
            Who::Admin,
            Method::POST,
            "/api/v1/agencies",
            Some(body.clone()),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"][0]["code"], "time_zone_invalid");
    assert_eq!(refused.json()["errors"][0]["field"], "time_zone");

    body["time_zone"] = Value::from(" asia/kolkata ");
    let created = fx
        .send_as(
            Who::Admin,
            Method::POST,
            "/api/v1/agencies",
            Some(body.clone()),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.json()["time_zone"], "Asia/Kolkata");

    // Left out: UTC.
    let mut body = serde_json::to_value(new_agency("utc-pd")).unwrap();
    body.as_object_mut().unwrap().remove("time_zone");
    let created = fx
        .send_as(Who::Admin, Method::POST, "/api/v1/agencies", Some(body))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.json()["time_zone"], "UTC");
    let profile = fx.app.get("/api/v1/agencies/kolkata-pd").await.json();
    assert_eq!(profile["time_zone"], "Asia/Kolkata");
}

/// Moderation outcomes count in the year they were decided (reports: received), in
/// the agency's zone; the year's policy findings are listed.
#[tokio::test]
async fn moderation_outcomes_of_the_year() {
    use porchlight_domain::moderation::{
        DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision,
    };
    use porchlight_domain::wire::RequestDraftInput;
    use porchlight_server::db::{ReportDecisionOutcome, ReportOutcome, ReviewOutcome};

    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let now = fx.app.state.now().replace_nanosecond(0).unwrap();
    let moderator = fx.account_id(crate::support::Who::Moderator).await;
    let resident = fx.account_id(crate::support::Who::Resident).await;
    // A submission approved and one rejected.
    for (n, decision) in [ReviewDecision::Approve, ReviewDecision::Reject]
        .into_iter()
        .enumerate()
    {
        let id = fx
            .stored_submission(crate::support::draft(&format!("MOD-{n}")))
            .await;
        let (reasons, note) = match decision {
            ReviewDecision::Approve => (vec![], None),
            ReviewDecision::Reject => (vec!["other".to_owned()], Some("Refused.")),
        };
        let input: RequestDraftInput =
            serde_json::from_value(crate::support::draft(&format!("MOD-{n}"))).unwrap();
        let outcome = db
            .review_submission(
                id,
                moderator,
                DecisionInput::check(decision, &reasons, note).unwrap(),
                now,
                Box::new(move |count| RequestDraft::validate(&input, now, count)),
            )
            .await
            .unwrap();
        assert!(
            matches!(outcome, ReviewOutcome::Decided { .. }),
            "{outcome:?}"
        );
    }
    // Two published requests reported: one report dismissed, one upheld.
    for (n, decision) in [ReportDecision::Dismiss, ReportDecision::Uphold]
        .into_iter()
        .enumerate()
    {
        let id = fx
            .publish(
                crate::support::Who::StaffA,
                crate::support::draft(&format!("REP-{n}")),
            )
            .await;
        assert_eq!(
            db.report_request(id, resident, ProhibitedUse::Other, None, now)
                .await
                .unwrap(),
            ReportOutcome::Reported
        );
        let reasons = match decision {
            ReportDecision::Dismiss => vec![],
            ReportDecision::Uphold => vec!["other".to_owned()],
        };
        let outcome = db
            .decide_reports(
                id,
                moderator,
                DecisionInput::check(decision, &reasons, Some("Decided.")).unwrap(),
                now,
            )
            .await
            .unwrap();
        assert!(
            matches!(outcome, ReportDecisionOutcome::Decided { .. }),
            "{outcome:?}"
        );
    }
    let year = now.year();
    let this_year = report(&fx, "agency-a", year).await;
    assert_eq!(
        this_year.moderation,
        porchlight_domain::wire::ReportModeration {
            approved: 1,
            rejected: 1,
            reports_received: 2,
            reports_dismissed: 1,
            policy_findings: 1,
        }
    );
    assert_eq!(this_year.policy_findings.len(), 1);
    assert_eq!(this_year.policy_findings[0].reasons, [ProhibitedUse::Other]);
    // The approved submission and the two reported requests were published this year.
    assert_eq!(this_year.totals.requests, 3);
    // Agency B and the year before saw none of it.
    let other = report(&fx, "agency-b", year).await;
    assert_eq!(other.moderation, Default::default());
    let before = report(&fx, "agency-a", year - 1).await;
    assert_eq!(before.moderation, Default::default());
    assert!(before.policy_findings.is_empty());
    // The side-by-side year has the same outcomes.
    let all: YearReport =
        serde_json::from_value(fx.app.get(&format!("/api/v1/reports/{year}")).await.json())
            .unwrap();
    assert_eq!(all.agencies[0].moderation, this_year.moderation);
}

/// The side-by-side year of 2 000 agencies (in 4 zones) and 10 000 requests: each
/// agency's totals equal its own report's, and the table answers in bounded time.
#[tokio::test]
async fn the_year_of_2000_agencies() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let zones = [
        "America/Los_Angeles",
        "Pacific/Honolulu",
        "Asia/Kolkata",
        "UTC",
    ];
    let mut ids = Vec::new();
    for n in 0..1_998 {
        let slug = format!("agency-{n:04}");
        ids.push(agency_in(db, &slug, zones[n % 4]).await);
    }
    let first = datetime!(2026-01-02 00:00 UTC);
    let drafts: Vec<(i64, OffsetDateTime, RequestDraft)> = (0..10_000i64)
        .map(|i| {
            let at = first + Duration::minutes(i * 52 + 30);
            let d = stored_draft(at, IncidentType::Theft, 0.006, Duration::hours(1), 0.0);
            (ids[(i % 1_998) as usize], at, d)
        })
        .collect();
    let new: Vec<porchlight_server::db::NewRequest<'_>> = drafts
        .iter()
        .map(|(agency_id, at, draft)| porchlight_server::db::NewRequest {
            agency_id: *agency_id,
            author_id: None,
            draft,
            created_at: *at,
        })
        .collect();
    db.insert_requests(&new).await.unwrap();

    let started = Instant::now();
    let response = fx.app.get("/api/v1/reports/2026").await;
    let took = started.elapsed();
    println!(
        "GET /reports/2026, 2 000 agencies, {:?}: {took:?}",
        db.backend()
    );
    let year: YearReport = serde_json::from_value(response.json()).unwrap();
    assert_eq!(year.agencies.len(), 2_000);
    let total: u64 = year.agencies.iter().map(|a| a.totals.requests).sum();
    // Honolulu's 2026 ends 10 hours after UTC's: nothing here is that late.
    assert_eq!(total, 10_000);
    for slug in ["agency-0001", "agency-0002", "agency-1997"] {
        let own = report(&fx, slug, 2026).await;
        let row = year
            .agencies
            .iter()
            .find(|a| a.agency.slug == slug)
            .unwrap();
        assert_eq!(row.totals, own.totals, "{slug}");
        assert_eq!(row.time_zone, own.time_zone);
    }
    // Its speed is measured by scripts/bench-server.sh (GET /reports/{year}), not here.
}

//! Benchmark of `scripts/bench-alerts.sh` (issue 17): what matching a published request
//! against many alert subscriptions costs its publication, on SQLite or PostgreSQL.
//!
//! Publishing goes through the store as the server does it (`publish_request`: the case
//! limit, the request, its log entry and its alerts in one transaction; the alerts are
//! the candidate query by box and agency, then the domain's `AlertArea::meets` on each
//! candidate, then one outbox row per match). Measured, in one process on one database:
//!
//! 1. the baseline: `--rounds` publications with no subscription at all;
//! 2. with `--subscriptions` confirmed area subscriptions (a grid of overlapping squares
//!    of about 1.9 sq mi over a city, as residents draw around their streets): requests
//!    far from every one (the candidate query finds none), and requests in the grid,
//!    each meeting a few;
//! 3. with `--hot` more covering one neighbourhood: requests there, each meeting all of
//!    them (the worst case: one outbox row per subscriber in the publishing transaction).
//!
//! Each phase prints the median and p95 of a publication and its ratio to the baseline's
//! median, and how many alerts each publication wrote.
//!
//! `cargo run --release -p porchlight-server --example bench_alerts -- [--postgres ADMIN_URL]`

#[path = "../tests/api/support/test_db.rs"]
mod test_db;

use std::time::{Duration, Instant};

use clap::Parser;
use porchlight_domain::alert::AlertArea;
use porchlight_domain::wire::{
    AttestationsInput, ContactInput, GeoJsonPolygon, LatLng, NewAgency, RequestDraftInput,
    TimeFrameInput,
};
use porchlight_domain::{IncidentType, RequestDraft, RequestLanguage};
use porchlight_server::db::{DbLocation, NewSubscription};
use porchlight_server::Db;
use test_db::TestDb;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, Parser)]
struct Args {
    /// A PostgreSQL cluster's admin URL: the bench creates a database of its own there.
    /// Without it, a SQLite file in a temporary directory.
    #[arg(long)]
    postgres: Option<String>,
    /// Area subscriptions spread over the city.
    #[arg(long, default_value_t = 10_000)]
    subscriptions: usize,
    /// Subscriptions that all cover one neighbourhood (phase 3).
    #[arg(long, default_value_t = 1_000)]
    hot: usize,
    /// Publications measured per phase.
    #[arg(long, default_value_t = 40)]
    rounds: usize,
}

/// The grid's south-west corner and steps (Portland, Oregon): 100 × 100 cells of about
/// 1.1 km, each subscription a square of two cells' side.
const GRID_SW: (f64, f64) = (-123.40, 45.00);
const STEP_LAT: f64 = 0.01;
const STEP_LNG: f64 = 0.014;

fn square(lng: f64, lat: f64, dlng: f64, dlat: f64) -> GeoJsonPolygon {
    let (e, n) = (lng + dlng, lat + dlat);
    GeoJsonPolygon {
        coordinates: vec![vec![[lng, lat], [e, lat], [e, n], [lng, n], [lng, lat]]],
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).expect("a UTC time formats")
}

/// A valid burglary request: a 0.004° square at (`lng`, `lat`), two hours that ended an
/// hour ago.
fn draft(case: &str, lng: f64, lat: f64, now: OffsetDateTime) -> RequestDraftInput {
    RequestDraftInput {
        incident_type: IncidentType::Burglary.as_str().into(),
        case_number: case.into(),
        title: format!("Footage for case {case}"),
        description: "Looking for footage of a person carrying a red bicycle.".into(),
        contact: ContactInput {
            email: Some("detective@city.example".into()),
            phone: None,
        },
        time_frame: TimeFrameInput {
            start: rfc3339(now - time::Duration::hours(3)),
            end: rfc3339(now - time::Duration::hours(1)),
        },
        area: square(lng, lat, 0.004, 0.004),
        attestations: AttestationsInput::CONFIRMED,
        language: None,
    }
}

struct Bench {
    db: Db,
    agency_id: i64,
    cases: usize,
}

/// Times of a phase's publications and the alerts each wrote.
struct Phase {
    name: &'static str,
    times: Vec<Duration>,
    alerts: Vec<usize>,
}

impl Phase {
    fn median(&self) -> Duration {
        let mut t = self.times.clone();
        t.sort();
        t[t.len() / 2]
    }

    fn p95(&self) -> Duration {
        let mut t = self.times.clone();
        t.sort();
        t[(t.len() * 95).div_ceil(100) - 1]
    }
}

impl Bench {
    /// Publishes `rounds` requests at the positions `at(i)` gives, timing each.
    async fn publish(
        &mut self,
        name: &'static str,
        rounds: usize,
        at: impl Fn(usize) -> (f64, f64),
    ) -> Phase {
        let mut phase = Phase {
            name,
            times: Vec::new(),
            alerts: Vec::new(),
        };
        for i in 0..rounds {
            self.cases += 1;
            let case = format!("B-{:06}", self.cases);
            let (lng, lat) = at(i);
            let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
            let input = draft(&case, lng, lat, now);
            let before = self.outbox_rows().await;
            let started = Instant::now();
            let published = self
                .db
                .publish_request(
                    self.agency_id,
                    None,
                    &case,
                    now,
                    Box::new(move |existing| RequestDraft::validate(&input, now, existing)),
                )
                .await
                .expect("the store answers");
            phase.times.push(started.elapsed());
            published.expect("a valid draft");
            phase.alerts.push(self.outbox_rows().await - before);
        }
        phase
    }

    async fn outbox_rows(&self) -> usize {
        self.db.alert_outbox_rows().await.expect("the outbox").len()
    }

    /// Stores one subscription to `area` as the server does (with its confirmation in
    /// the outbox).
    async fn subscribe(&self, n: usize, area: &AlertArea, now: OffsetDateTime) {
        let (manage, feed, confirm) = (format!("m-{n}"), format!("f-{n}"), format!("c-{n}"));
        self.db
            .create_alert_subscription(
                &NewSubscription {
                    email: &format!("resident-{n}@example.org"),
                    agency_id: None,
                    area: Some(area),
                    incident_types: &[],
                    manage_token: &manage,
                    feed_token: &feed,
                    confirm_token: &confirm,
                    confirm_expires_at: now + time::Duration::hours(48),
                    language: RequestLanguage::En,
                },
                now,
            )
            .await
            .expect("a subscription is stored");
    }

    /// Confirms every subscription and empties the outbox (their confirmations are
    /// not what is measured).
    async fn confirm_all(&self, now: OffsetDateTime) {
        self.db
            .execute_raw(&format!(
                "UPDATE alert_subscriptions SET confirmed_at = {}, confirm_token = NULL \
                 WHERE confirmed_at IS NULL",
                now.unix_timestamp()
            ))
            .await
            .expect("confirmed");
        self.db
            .execute_raw("DELETE FROM alert_outbox")
            .await
            .expect("outbox emptied");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let test_db = match &args.postgres {
        Some(admin) => TestDb::postgres(admin, dir.path()).await,
        None => TestDb::sqlite(dir.path()),
    };
    let backend = if test_db.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let location: DbLocation = test_db.location().parse().expect("a database location");
    let db = Db::open_with_log_key(location, test_db.key_path())
        .await
        .expect("the database opens");
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let agency_id = db
        .create_agency(
            &NewAgency {
                slug: "bench-police".into(),
                name: "Bench Police".into(),
                jurisdiction: "Bench City".into(),
                region: "Oregon".into(),
                center: LatLng {
                    lat: 45.5,
                    lng: -122.7,
                },
                contact_email: None,
                contact_phone: None,
                time_zone: "America/Los_Angeles".into(),
            },
            now,
        )
        .await
        .expect("the store answers")
        .expect("a new agency");
    let mut bench = Bench {
        db,
        agency_id,
        cases: 0,
    };
    let rounds = args.rounds;
    // Unmeasured: the first publications warm the connection and the caches.
    bench.publish("warm-up", 5, |_| (-122.68, 45.52)).await;
    let baseline = bench
        .publish("baseline: no subscription at all", rounds, |i| {
            (-123.3 + 0.01 * i as f64, 45.1)
        })
        .await;

    let side = (args.subscriptions as f64).sqrt().ceil() as usize;
    let started = Instant::now();
    for n in 0..args.subscriptions {
        let (row, col) = (n / side, n % side);
        let polygon = square(
            GRID_SW.0 + STEP_LNG * col as f64,
            GRID_SW.1 + STEP_LAT * row as f64,
            2.0 * STEP_LNG,
            2.0 * STEP_LAT,
        );
        let area = AlertArea::from_geojson(&polygon).expect("a valid alert area");
        bench.subscribe(n, &area, now).await;
    }
    bench.confirm_all(now).await;
    let setup_spread = started.elapsed();
    let far = bench
        .publish("spread: request north of every area", rounds, |i| {
            (-121.0 + 0.01 * i as f64, 47.0)
        })
        .await;
    let grid = bench
        .publish("spread: request in the grid", rounds, |i| {
            // Inside the grid, away from its edges, a different place each time.
            let (row, col) = (20 + (i * 7) % 60, 20 + (i * 13) % 60);
            (
                GRID_SW.0 + STEP_LNG * col as f64 + 0.003,
                GRID_SW.1 + STEP_LAT * row as f64 + 0.003,
            )
        })
        .await;

    let centre = (
        GRID_SW.0 + STEP_LNG * (side / 2) as f64,
        GRID_SW.1 + STEP_LAT * (side / 2) as f64,
    );
    let started = Instant::now();
    for n in 0..args.hot {
        // Squares of 0.03° × 0.04° (about 3.4 sq mi), all around the centre.
        let jitter = (n % 10) as f64 * 0.0005;
        let polygon = square(
            centre.0 - 0.02 + jitter,
            centre.1 - 0.015 + jitter,
            0.04,
            0.03,
        );
        let area = AlertArea::from_geojson(&polygon).expect("a valid alert area");
        bench.subscribe(args.subscriptions + n, &area, now).await;
    }
    bench.confirm_all(now).await;
    let setup_hot = started.elapsed();
    let hot = bench
        .publish(
            "spread + busy: request where all busy ones meet",
            rounds,
            |i| (centre.0 - 0.002 + 0.0001 * i as f64, centre.1 - 0.002),
        )
        .await;

    println!(
        "\nbench-alerts on {backend}: {} spread + {} busy area subscriptions, {rounds} publications per phase",
        args.subscriptions, args.hot
    );
    println!(
        "setup (not measured below): {} subscriptions stored in {:.1} s, {} more in {:.1} s",
        args.subscriptions,
        setup_spread.as_secs_f64(),
        args.hot,
        setup_hot.as_secs_f64()
    );
    println!(
        "{:<48} {:>10} {:>10} {:>8} {:>14}",
        "publication of one request", "median ms", "p95 ms", "ratio", "alerts each"
    );
    let base = ms(baseline.median());
    for phase in [&baseline, &far, &grid, &hot] {
        let (lo, hi) = (
            phase.alerts.iter().min().copied().unwrap_or(0),
            phase.alerts.iter().max().copied().unwrap_or(0),
        );
        let alerts = if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}-{hi}")
        };
        println!(
            "{:<48} {:>10.2} {:>10.2} {:>7.2}x {:>14}",
            phase.name,
            ms(phase.median()),
            ms(phase.p95()),
            ms(phase.median()) / base,
            alerts
        );
    }
}

//! `porchlight-server seed`: a large, realistic database for benchmarks — thousands of
//! agencies across the United States and up to millions of requests over several years.
//! Every request passes the domain rules as of the moment it was posted.

use porchlight_domain::wire::{
    AttestationsInput, ContactInput, GeoJsonPolygon, LatLng, NewAgency, RequestDraftInput,
    TimeFrameInput,
};
use porchlight_domain::{IncidentType, RequestDraft, SQUARE_MILE_M2};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Duration, OffsetDateTime};

use crate::db::{BulkRequest, Db, NewRequest};
use crate::sample_area::{rfc3339, rough_polygon, Roughness};

/// Slug of the agency with [`SeedPlan::big_agency_requests`] requests, centred on
/// Portland, Oregon (the server's default map view), for the profile benchmark.
pub const BIG_AGENCY_SLUG: &str = "bench-metro-police";

/// Requests generated and stored per transaction.
const BATCH: usize = 10_000;
/// Continental United States, degrees: agencies are placed inside it.
const US_LAT: std::ops::Range<f64> = 25.5..48.5;
const US_LNG: std::ops::Range<f64> = -123.5..-70.5;
const PORTLAND: LatLng = LatLng {
    lat: 45.5152,
    lng: -122.6784,
};

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    pub requests: u64,
    pub agencies: u32,
    /// Requests of [`BIG_AGENCY_SLUG`] (taken from `requests`).
    pub big_agency_requests: u64,
    /// Requests are spread over this many years before `now`.
    pub years: u32,
    pub rng_seed: u64,
}

/// What `seed` stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub agencies: u32,
    pub requests: u64,
    pub resolved: u64,
}

struct Agency {
    id: i64,
    center: LatLng,
    /// Half-width of the jurisdiction, degrees of latitude.
    reach: f64,
    email: String,
}

/// Seeds `db` (which should be empty of seed data: slugs must be free).
pub async fn seed(db: &Db, plan: &SeedPlan, now: OffsetDateTime) -> Result<SeedReport, String> {
    let err = |e: crate::db::DbError| e.to_string();
    if plan.agencies == 0 {
        return Err("--agencies must be at least 1".into());
    }
    let mut rng = StdRng::seed_from_u64(plan.rng_seed);
    let mut agencies = Vec::with_capacity(plan.agencies as usize);
    let since = now - Duration::days(365 * i64::from(plan.years.max(1)));
    for n in 0..plan.agencies {
        let (slug, name, center, reach) = if n == 0 {
            (
                BIG_AGENCY_SLUG.to_owned(),
                "Bench Metro Police Bureau".to_owned(),
                PORTLAND,
                0.12,
            )
        } else {
            let center = LatLng {
                lat: rng.gen_range(US_LAT),
                lng: rng.gen_range(US_LNG),
            };
            (
                format!("seed-agency-{n:05}"),
                format!("Seed Town {n} Police Department"),
                center,
                rng.gen_range(0.04..0.12),
            )
        };
        let email = format!("records@{slug}.example");
        let new = NewAgency {
            slug: slug.clone(),
            name,
            jurisdiction: format!("Seed jurisdiction {n}"),
            region: "United States".into(),
            center,
            contact_email: Some(email.clone()),
            contact_phone: Some(format!("+1 555 {:03} {:04}", n % 1000, n % 10_000)),
            time_zone: "America/Los_Angeles".into(),
        };
        let id = db
            .create_agency(&new, since - Duration::days(30))
            .await
            .map_err(err)?
            .ok_or_else(|| format!("agency slug {slug} already exists: seed an empty database"))?;
        agencies.push(Agency {
            id,
            center,
            reach,
            email,
        });
    }

    // Who posted what, and when: sorted by time so that ids grow with time, as in a
    // real database. Agency 0 gets exactly `big_agency_requests`; the others share the
    // rest unevenly (a few busy agencies, many quiet ones).
    let big = plan.big_agency_requests.min(plan.requests);
    let weights: Vec<f64> = (1..agencies.len())
        .map(|_| rng.gen_range(0.3f64..3.0).powi(3))
        .collect();
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |sum, w| {
            *sum += w;
            Some(*sum)
        })
        .collect();
    let total_weight = cumulative.last().copied().unwrap_or(0.0);
    let span = (now - since).whole_seconds() - 600;
    let mut schedule: Vec<(i64, u32)> = (0..plan.requests)
        .map(|i| {
            let agency = if i < big || agencies.len() == 1 {
                0
            } else {
                let x = rng.gen_range(0.0..total_weight);
                1 + cumulative
                    .partition_point(|c| *c < x)
                    .min(cumulative.len() - 1) as u32
            };
            (since.unix_timestamp() + rng.gen_range(0..span), agency)
        })
        .collect();
    schedule.sort_unstable();

    // Generate and validate on a blocking thread while this task writes: two cores busy.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<BulkRequest>>(2);
    let generator = tokio::task::spawn_blocking(move || -> Result<(), String> {
        let mut counters = vec![0u64; agencies.len()];
        for chunk in schedule.chunks(BATCH) {
            let mut batch = Vec::with_capacity(chunk.len());
            for &(created_at, agency) in chunk {
                let created_at =
                    OffsetDateTime::from_unix_timestamp(created_at).map_err(|e| e.to_string())?;
                let a = &agencies[agency as usize];
                counters[agency as usize] += 1;
                let case = format!("S{}-{:07}", a.id, counters[agency as usize]);
                let draft = (0..50)
                    .find_map(|_| draft(&mut rng, a, &case, created_at))
                    .ok_or("could not draw a valid request")?;
                let age = now - created_at;
                let resolution = (age > Duration::days(5) && rng.gen_bool(0.4)).then(|| {
                    let after = Duration::hours(rng.gen_range(12..age.whole_hours().min(30 * 24)));
                    (
                        Some("Case closed; no more footage is needed.".to_owned()),
                        created_at + after,
                    )
                });
                let new = NewRequest {
                    agency_id: a.id,
                    author_id: None,
                    draft: &draft,
                    created_at,
                };
                batch.push(BulkRequest::new(&new, resolution).map_err(|e| e.to_string())?);
            }
            if tx.blocking_send(batch).is_err() {
                break; // the writer failed; it reports why
            }
        }
        Ok(())
    });
    let mut report = SeedReport {
        agencies: plan.agencies,
        requests: 0,
        resolved: 0,
    };
    while let Some(batch) = rx.recv().await {
        report.requests += batch.len() as u64;
        report.resolved += db.insert_bulk(batch).await.map_err(err)? as u64;
    }
    generator.await.map_err(|e| e.to_string())??;
    Ok(report)
}

const STREETS: [&str; 8] = [
    "Main St",
    "Oak Ave",
    "Maple Dr",
    "2nd St",
    "Park Blvd",
    "Cedar Ln",
    "Elm St",
    "Lake Rd",
];

/// One draft of agency `a`, valid at `created_at` if the random shape is (almost always).
fn draft(
    rng: &mut StdRng,
    a: &Agency,
    case: &str,
    created_at: OffsetDateTime,
) -> Option<RequestDraft> {
    let kind = IncidentType::ALL[rng.gen_range(0..IncidentType::ALL.len())];
    let center = LatLng {
        lat: a.center.lat + rng.gen_range(-a.reach..a.reach),
        lng: a.center.lng + rng.gen_range(-a.reach..a.reach) / a.center.lat.to_radians().cos(),
    };
    let area_m2 = rng.gen_range(0.03..0.48) * SQUARE_MILE_M2;
    // Most areas are drawn polygons; one in ten is a circle (64 vertices), as the form makes.
    let vertices = if rng.gen_bool(0.1) {
        64
    } else {
        rng.gen_range(4..=10)
    };
    let minutes = rng.gen_range(15..=720);
    let end = created_at - Duration::minutes(rng.gen_range(10..72 * 60));
    let start = end - Duration::minutes(minutes);
    let input = RequestDraftInput {
        incident_type: kind.as_str().into(),
        case_number: case.into(),
        title: format!("{} near {}", kind.label(), STREETS[rng.gen_range(0..STREETS.len())]),
        description: "We are looking for doorbell or driveway camera footage from the time frame and area shown. \
                      Share only what you choose to."
            .into(),
        contact: ContactInput { email: Some(a.email.clone()), phone: None },
        time_frame: TimeFrameInput { start: rfc3339(start), end: rfc3339(end) },
        area: polygon(rng, center, area_m2, vertices),
        attestations: AttestationsInput::CONFIRMED,
    };
    RequestDraft::validate(&input, created_at, 0).ok()
}

/// A slightly irregular `n`-gon of about `area_m2` around `center`; circles (more than
/// 12 vertices) stay regular, as the form draws them.
fn polygon(rng: &mut StdRng, center: LatLng, area_m2: f64, n: usize) -> GeoJsonPolygon {
    let roughness = if n > 12 {
        Roughness {
            angle: 0.0,
            radius: 0.0,
        }
    } else {
        Roughness {
            angle: 0.04,
            radius: 0.1,
        }
    };
    rough_polygon(rng, center, area_m2, n, roughness)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DbLocation;
    use crate::test_db::TestDb;

    /// A fresh database in `dir` (or on the test cluster) on the backend this run tests.
    async fn fresh_db(dir: &std::path::Path) -> Db {
        let test_db = TestDb::fresh(dir).await;
        let location: DbLocation = test_db.location().parse().unwrap();
        Db::open_with_log_key(location, test_db.key_path())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn seeds_valid_requests_and_the_big_agency() {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_db(dir.path()).await;
        let now = OffsetDateTime::now_utc();
        let plan = SeedPlan {
            requests: 3_000,
            agencies: 20,
            big_agency_requests: 1_000,
            years: 2,
            rng_seed: 7,
        };
        let report = seed(&db, &plan, now).await.unwrap();
        assert_eq!(report.requests, 3_000);
        assert!(report.resolved > 0 && report.resolved < 3_000);
        assert_eq!(db.request_count().await.unwrap(), 3_000);
        let profile = db
            .agency_profile(BIG_AGENCY_SLUG, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(profile.total_requests, 1_000);
        // Every area is in the spatial index (the trigger), and the whole US finds all.
        assert_eq!(db.spatial_index_len().await.unwrap(), 3_000);
        // Stored requests read back and pass the rules again as of their posting time.
        let (items, _) = db
            .feed(&crate::db::FeedQuery {
                limit: 200,
                ..Default::default()
            })
            .await
            .unwrap();
        for r in &items {
            let input = RequestDraftInput {
                incident_type: r.incident_type.clone(),
                case_number: r.case_number.clone(),
                title: r.title.clone(),
                description: r.description.clone(),
                contact: r.contact.clone(),
                time_frame: r.time_frame.clone(),
                area: r.area.clone(),
                attestations: AttestationsInput::CONFIRMED,
            };
            assert!(
                RequestDraft::validate(&input, r.created_at, 0).is_ok(),
                "{r:?}"
            );
        }
        // Spread over the years asked for.
        let (oldest, newest) = db.request_time_range().await.unwrap().unwrap();
        assert!(now - oldest > Duration::days(365), "{oldest}");
        assert!(newest <= now);
    }

    #[tokio::test]
    async fn both_feed_plans_agree_with_a_brute_force_filter() {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_db(dir.path()).await;
        let now = OffsetDateTime::now_utc();
        let plan = SeedPlan {
            requests: 4_000,
            agencies: 30,
            big_agency_requests: 2_000,
            years: 1,
            rng_seed: 3,
        };
        seed(&db, &plan, now).await.unwrap();
        // Every request with its box, newest first.
        let mut all = Vec::new();
        let mut before = None;
        loop {
            let (items, next) = db
                .feed(&crate::db::FeedQuery {
                    limit: 200,
                    before,
                    ..Default::default()
                })
                .await
                .unwrap();
            all.extend(items);
            match next {
                Some(n) => before = Some(n),
                None => break,
            }
        }
        assert_eq!(all.len(), 4_000);
        let boxes = [
            [-122.80, 45.40, -122.55, 45.63], // most of the big agency: dense, read newest first
            [-122.69, 45.51, -122.67, 45.52], // a few streets: the R*Tree
            [-125.0, 24.0, -66.0, 50.0],      // everything
            [-100.0, 30.0, -99.0, 31.0],      // probably empty
        ];
        for bbox in boxes {
            for since in [None, Some(now - Duration::days(30))] {
                let expected: Vec<i64> = all
                    .iter()
                    .filter(|r| {
                        let ring = &r.area.coordinates[0];
                        let w = ring.iter().map(|p| p[0]).fold(f64::MAX, f64::min);
                        let e = ring.iter().map(|p| p[0]).fold(f64::MIN, f64::max);
                        let s = ring.iter().map(|p| p[1]).fold(f64::MAX, f64::min);
                        let n = ring.iter().map(|p| p[1]).fold(f64::MIN, f64::max);
                        e >= bbox[0]
                            && w <= bbox[2]
                            && n >= bbox[1]
                            && s <= bbox[3]
                            && since.is_none_or(|t| r.created_at >= t)
                    })
                    .map(|r| r.id)
                    .take(50)
                    .collect();
                let (items, _) = db
                    .feed(&crate::db::FeedQuery {
                        bbox: Some(bbox),
                        since,
                        limit: 50,
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                let got: Vec<i64> = items.iter().map(|r| r.id).collect();
                assert_eq!(got, expected, "{bbox:?} since {since:?}");
            }
        }
    }
}

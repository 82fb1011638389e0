//! The feed against a reference computed in Rust: every page, in order, for many
//! boxes, statuses, times, agencies and page sizes, followed cursor by cursor.
//!
//! The data is made to be awkward for the R*Tree search: several requests in most
//! seconds (ties cut by pages), ids out of time order, coordinates with every digit
//! (rounding in the tree), both signs of latitude and longitude, long thin areas whose
//! boxes span many others, and query boxes that only touch an area's box.

use porchlight_domain::wire::{PublishedRequest, RequestDraftInput, StatusFilter};
use porchlight_domain::RequestDraft;
use porchlight_server::db::{FeedQuery, GridQuery, NewRequest};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::support::Fixture;

/// What the reference needs of a stored request.
struct Stored {
    id: i64,
    created_at: i64,
    bbox: [f64; 4],
    agency_id: i64,
    resolved: bool,
}

/// A valid draft whose area is the rectangle `[west, south, east, north]`.
fn rectangle(case_number: &str, [w, s, e, n]: [f64; 4], now: OffsetDateTime) -> RequestDraft {
    let at = |t: OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let input: RequestDraftInput = serde_json::from_value(json!({
        "incident_type": "burglary",
        "case_number": case_number,
        "title": "Footage near the corner",
        "description": "Looking for footage of a person carrying a red bicycle.",
        "contact": { "email": "detective@city.example" },
        "time_frame": { "start": at(now - Duration::hours(3)), "end": at(now - Duration::hours(1)) },
        "area": { "type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
        "attestations": { "active_investigation": true, "no_lawful_activity": true }
    }))
    .unwrap();
    RequestDraft::validate(&input, now, 0).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Around Portland, around (0°, 0°), or a long thin strip.
fn random_area(rng: &mut StdRng) -> [f64; 4] {
    let (lng, lat, w, h) = match rng.gen_range(0..20) {
        0 => (
            -122.9 + rng.gen::<f64>() * 0.2,
            45.45 + rng.gen::<f64>() * 0.1,
            0.4,
            0.0002,
        ),
        1..=6 => (
            rng.gen_range(-0.03..0.03),
            rng.gen_range(-0.03..0.03),
            rng.gen_range(0.003..0.009),
            rng.gen_range(0.003..0.009),
        ),
        _ => (
            -122.68 + rng.gen_range(-0.05..0.05),
            45.515 + rng.gen_range(-0.05..0.05),
            rng.gen_range(0.003..0.009),
            rng.gen_range(0.003..0.009),
        ),
    };
    [lng, lat, lng + w, lat + h]
}

fn meets([w, s, e, n]: [f64; 4], [qw, qs, qe, qn]: [f64; 4]) -> bool {
    e >= qw && w <= qe && n >= qs && s <= qn
}

/// The ids `query` must list, newest first, ignoring its cursor and limit.
fn reference(stored: &[Stored], query: &FeedQuery) -> Vec<i64> {
    let since = query.since.map(|t| t.unix_timestamp());
    let mut hits: Vec<(i64, i64)> = stored
        .iter()
        .filter(|r| query.bbox.is_none_or(|b| meets(r.bbox, b)))
        .filter(|r| since.is_none_or(|t| r.created_at >= t))
        .filter(|r| query.agency_id.is_none_or(|a| r.agency_id == a))
        .filter(|r| match query.status {
            StatusFilter::All => true,
            StatusFilter::Open => !r.resolved,
            StatusFilter::Resolved => r.resolved,
        })
        .map(|r| (r.created_at, r.id))
        .collect();
    hits.sort_by(|a, b| b.cmp(a));
    hits.into_iter().map(|(_, id)| id).collect()
}

/// The awkward data set (1 500 requests over 300 distinct seconds, inserted in no
/// particular time order, 40 % resolved) and the boxes and times to ask about.
async fn awkward_data(
    fx: &Fixture,
    rng: &mut StdRng,
) -> (Vec<Stored>, Vec<[f64; 4]>, Vec<Option<OffsetDateTime>>) {
    let db = &fx.app.state.db;
    let now = fx.app.state.now().replace_nanosecond(0).unwrap();
    let areas: Vec<[f64; 4]> = (0..1_500).map(|_| random_area(rng)).collect();
    let drafts: Vec<RequestDraft> = areas
        .iter()
        .enumerate()
        .map(|(i, &a)| rectangle(&format!("REF-{i}"), a, now))
        .collect();
    let new: Vec<NewRequest> = drafts
        .iter()
        .map(|draft| NewRequest {
            agency_id: if rng.gen_bool(0.5) {
                fx.agency_a
            } else {
                fx.agency_b
            },
            author_id: None,
            draft,
            created_at: now - Duration::seconds(97 * rng.gen_range(0..300)),
        })
        .collect();
    let ids = db.insert_requests(&new).await.unwrap();
    let mut stored: Vec<Stored> = new
        .iter()
        .zip(&ids)
        .map(|(n, &id)| Stored {
            id,
            created_at: n.created_at.unix_timestamp(),
            bbox: n.draft.area().bounding_box(),
            agency_id: n.agency_id,
            resolved: false,
        })
        .collect();
    for r in stored.iter_mut().filter(|_| rng.gen_bool(0.4)) {
        db.resolve_request(r.id, None, None, now).await.unwrap();
        r.resolved = true;
    }

    // Boxes: everything, nothing, random views of every size, and boxes that only
    // touch an area's box at a corner or are a single point on it.
    let mut boxes = vec![[-180.0, -90.0, 180.0, 90.0], [10.0, 10.0, 11.0, 11.0]];
    for _ in 0..40 {
        let [w, s, e, n] = areas[rng.gen_range(0..areas.len())];
        let half = [0.0005, 0.005, 0.02, 0.1][rng.gen_range(0..4)];
        let (x, y) = (rng.gen_range(w..e), rng.gen_range(s..n));
        boxes.push([x - half, y - half, x + half, y + half]);
    }
    for _ in 0..10 {
        let [w, s, e, n] = areas[rng.gen_range(0..areas.len())];
        boxes.push([e, n, e + 0.01, n + 0.01]);
        boxes.push([w - 0.01, s - 0.01, w, s]);
        boxes.push([e, s, e, s]);
    }
    let times = vec![
        None,
        Some(now - Duration::hours(2)),
        Some(new[rng.gen_range(0..new.len())].created_at),
    ];
    (stored, boxes, times)
}

#[tokio::test]
async fn every_feed_page_matches_a_reference() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let mut rng = StdRng::seed_from_u64(20_261_128);
    let (stored, boxes, times) = awkward_data(&fx, &mut rng).await;
    let mut checked_pages = 0;
    for (q, bbox) in boxes.iter().enumerate() {
        for round in 0..4 {
            let query = FeedQuery {
                bbox: if q == 0 && round == 0 {
                    None
                } else {
                    Some(*bbox)
                },
                status: StatusFilter::ALL[rng.gen_range(0..3)],
                since: times[rng.gen_range(0..times.len())],
                agency_id: rng.gen_bool(0.2).then_some(fx.agency_a),
                before: None,
                limit: [1, 3, 50, 200][round],
            };
            let expected = reference(&stored, &query);
            let mut cursor = None;
            for (page, chunk) in expected.chunks(query.limit as usize).enumerate().take(40) {
                let (items, next) = db
                    .feed(&FeedQuery {
                        before: cursor,
                        ..query.clone()
                    })
                    .await
                    .unwrap();
                let got: Vec<i64> = items.iter().map(|r| r.id).collect();
                assert_eq!(got, chunk, "page {page} of {query:?}");
                // What the API answers: the same page, from the cache where it can.
                let (json, json_next) = db
                    .feed_json(&FeedQuery {
                        before: cursor,
                        ..query.clone()
                    })
                    .await
                    .unwrap();
                let cached: Vec<PublishedRequest> = json
                    .iter()
                    .map(|item| serde_json::from_str(item).unwrap())
                    .collect();
                assert_eq!(cached, items, "JSON of page {page} of {query:?}");
                assert_eq!(
                    json_next, next,
                    "JSON's next after page {page} of {query:?}"
                );
                let more = (page + 1) * (query.limit as usize) < expected.len();
                assert_eq!(next.is_some(), more, "next after page {page} of {query:?}");
                cursor = next;
                checked_pages += 1;
            }
            if expected.is_empty() {
                let (items, next) = db.feed(&query).await.unwrap();
                assert!(items.is_empty() && next.is_none(), "{query:?}");
            }
        }
    }
    assert!(checked_pages > 1_000, "{checked_pages} pages");
}

/// The grid reads the same R*Tree (without its order): its cells must count exactly
/// the requests the feed lists.
#[tokio::test]
async fn grid_totals_match_the_reference() {
    let fx = Fixture::new().await;
    let db = &fx.app.state.db;
    let mut rng = StdRng::seed_from_u64(20_261_129);
    let (stored, boxes, times) = awkward_data(&fx, &mut rng).await;
    for bbox in &boxes {
        for since in &times {
            let status = StatusFilter::ALL[rng.gen_range(0..3)];
            let query = FeedQuery {
                bbox: Some(*bbox),
                status,
                since: *since,
                ..FeedQuery::default()
            };
            let expected = reference(&stored, &query);
            let cells = db
                .grid(&GridQuery {
                    bbox: *bbox,
                    status,
                    since: *since,
                    agency_id: None,
                    cell_deg: 0.01,
                })
                .await
                .unwrap();
            let total: u64 = cells.iter().map(|c| c.count).sum();
            assert_eq!(total, expected.len() as u64, "{query:?}");
        }
    }
}

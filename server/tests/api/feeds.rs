//! Atom feeds (`GET /feeds/requests.atom`, `GET /feeds/agencies/{slug}.atom`), read back
//! by a real feed parser (`feed-rs`): links to the request pages under the public URL,
//! the facts of each request, a resolution as an entry of its own, and `updated` times
//! that never change.

use axum::http::StatusCode;
use feed_rs::model::{Entry, Feed, FeedType};
use porchlight_domain::format_area;
use porchlight_domain::wire::PublishedRequest;

use crate::support::{allow_many_posts, draft_at, Fixture, TestApp, Who};

const PUBLIC_URL: &str = "https://porchlight.example";

async fn fixture() -> Fixture {
    Fixture::on(
        TestApp::with_config(|config| {
            allow_many_posts(config);
            config.public_origin = Some(PUBLIC_URL.parse().unwrap());
        })
        .await,
    )
    .await
}

/// Fetches and parses a feed, checking its media type.
async fn atom(fx: &Fixture, path: &str) -> Feed {
    let response = fx.app.get(path).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let feed = feed_rs::parser::parse(response.text().as_bytes()).expect("a valid Atom feed");
    assert_eq!(feed.feed_type, FeedType::Atom);
    feed
}

fn entry<'f>(feed: &'f Feed, id: &str) -> &'f Entry {
    feed.entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entry {id}"))
}

async fn request(fx: &Fixture, id: i64) -> PublishedRequest {
    serde_json::from_value(fx.app.get(&format!("/api/v1/requests/{id}")).await.json()).unwrap()
}

#[tokio::test]
async fn every_request_and_resolution_is_an_entry_linking_to_its_page() {
    let fx = fixture().await;
    let first = fx
        .publish(Who::StaffA, draft_at("26-0001", -122.68, 45.515))
        .await;
    let second = fx
        .publish(Who::StaffB, draft_at("SO-77", -122.60, 45.49))
        .await;
    let before = atom(&fx, "/api/v1/feeds/requests.atom").await;
    assert_eq!(before.entries.len(), 2);
    assert_eq!(
        before.id,
        format!("{PUBLIC_URL}/api/v1/feeds/requests.atom")
    );

    // Resolving adds an entry; the request's own entry stays exactly as it was.
    fx.app.state.clock.advance(time::Duration::seconds(5));
    let resolved = fx
        .send_as(
            Who::StaffA,
            axum::http::Method::POST,
            &format!("/api/v1/requests/{first}/resolution"),
            Some(serde_json::json!({ "note": "Found the bicycle." })),
        )
        .await;
    assert!(resolved.status.is_success(), "{}", resolved.text());
    let after = atom(&fx, "/api/v1/feeds/requests.atom").await;
    assert_eq!(after.entries.len(), 3);

    for id in [first, second] {
        let page = format!("{PUBLIC_URL}/requests/{id}");
        let stored = request(&fx, id).await;
        let (old, new) = (entry(&before, &page), entry(&after, &page));
        assert_eq!(old.updated, new.updated, "updated never changes");
        assert_eq!(
            old.summary.as_ref().unwrap().content,
            new.summary.as_ref().unwrap().content
        );
        assert_eq!(
            new.updated.unwrap().timestamp(),
            stored.created_at.unix_timestamp()
        );
        assert_eq!(new.links[0].href, page);
        let summary = &new.summary.as_ref().unwrap().content;
        for fact in [
            stored.case_number.as_str(),
            stored.incident_type.as_str(),
            stored.time_frame.start.as_str(),
            stored.time_frame.end.as_str(),
            &format_area(stored.area_m2),
            stored.agency.name.as_str(),
        ] {
            assert!(summary.contains(fact), "{fact:?} in {summary:?}");
        }
        assert_eq!(new.categories[0].term, stored.incident_type);
        assert!(new
            .title
            .as_ref()
            .unwrap()
            .content
            .contains(&stored.case_number));
    }
    let stored = request(&fx, first).await;
    let resolution = entry(&after, &format!("{PUBLIC_URL}/requests/{first}#resolution"));
    assert_eq!(
        resolution.updated.unwrap().timestamp(),
        stored
            .resolution
            .as_ref()
            .unwrap()
            .resolved_at
            .unix_timestamp()
    );
    assert_eq!(
        resolution.links[0].href,
        format!("{PUBLIC_URL}/requests/{first}")
    );
    assert!(resolution
        .summary
        .as_ref()
        .unwrap()
        .content
        .contains("Found the bicycle."));
    // Newest first: the resolution, then the second request, then the first.
    let order: Vec<&str> = after.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        order,
        [
            format!("{PUBLIC_URL}/requests/{first}#resolution"),
            format!("{PUBLIC_URL}/requests/{second}"),
            format!("{PUBLIC_URL}/requests/{first}"),
        ]
    );
    assert_eq!(after.updated, resolution.updated);
}

#[tokio::test]
async fn a_box_or_an_agency_narrows_the_feed() {
    let fx = fixture().await;
    let downtown = fx
        .publish(Who::StaffA, draft_at("26-0001", -122.68, 45.515))
        .await;
    let east = fx
        .publish(Who::StaffB, draft_at("SO-77", -122.60, 45.49))
        .await;
    let ids = |feed: &Feed| -> Vec<String> { feed.entries.iter().map(|e| e.id.clone()).collect() };
    let page = |id: i64| format!("{PUBLIC_URL}/requests/{id}");

    let boxed = atom(
        &fx,
        "/api/v1/feeds/requests.atom?bbox=-122.70,45.50,-122.66,45.53",
    )
    .await;
    assert_eq!(ids(&boxed), [page(downtown)]);
    assert_eq!(
        boxed.id,
        format!("{PUBLIC_URL}/api/v1/feeds/requests.atom?bbox=-122.7,45.5,-122.66,45.53")
    );
    let empty = atom(&fx, "/api/v1/feeds/requests.atom?bbox=10,10,11,11").await;
    assert!(empty.entries.is_empty());

    let agency = atom(&fx, "/api/v1/feeds/agencies/agency-b.atom").await;
    assert_eq!(ids(&agency), [page(east)]);
    assert!(agency.title.unwrap().content.contains("Agency agency-b"));

    for (path, status, code) in [
        (
            "/api/v1/feeds/requests.atom?bbox=1,2,3",
            StatusCode::BAD_REQUEST,
            "invalid_bbox",
        ),
        (
            "/api/v1/feeds/requests.atom?bbox=5,0,4,1",
            StatusCode::BAD_REQUEST,
            "invalid_bbox",
        ),
        (
            "/api/v1/feeds/agencies/nobody.atom",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/feeds/agencies/agency-b",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        let response = fx.app.get(path).await;
        assert_eq!(response.status, status, "{path}");
        assert_eq!(response.error_code(), code, "{path}");
    }
}

#[tokio::test]
async fn without_a_public_url_links_use_the_host_asked() {
    let fx = Fixture::new().await;
    let id = fx
        .publish(Who::StaffA, draft_at("26-0001", -122.68, 45.515))
        .await;
    let response = fx
        .app
        .send_with_headers(
            axum::http::Method::GET,
            "/api/v1/feeds/requests.atom",
            None,
            None,
            &[("host", "porchlight.test:8080")],
        )
        .await;
    let feed = feed_rs::parser::parse(response.text().as_bytes()).unwrap();
    assert_eq!(
        feed.entries[0].links[0].href,
        format!("http://porchlight.test:8080/requests/{id}")
    );
}

/// A resolution is an entry even when its request is older than the feed's newest 50.
#[tokio::test]
async fn an_old_request_resolved_today_is_an_entry() {
    use crate::agency_stats::{store, stored_draft};
    use porchlight_domain::IncidentType;
    let fx = fixture().await;
    let db = &fx.app.state.db;
    let now = fx.app.state.now().replace_nanosecond(0).unwrap();
    // 60 requests of agency A, one a day back from yesterday.
    let drafts: Vec<_> = (1..=60i64)
        .map(|days| {
            let at = now - time::Duration::days(days);
            let draft = stored_draft(
                at,
                IncidentType::Theft,
                0.006,
                time::Duration::hours(1),
                0.0,
            );
            (at, draft)
        })
        .collect();
    let ids = store(db, fx.agency_a, &drafts).await;
    let oldest = *ids.last().unwrap();
    db.resolve_request(oldest, Some("Closed after two months."), None, now)
        .await
        .unwrap();
    for path in [
        "/api/v1/feeds/requests.atom",
        "/api/v1/feeds/agencies/agency-a.atom",
        "/api/v1/feeds/requests.atom?bbox=-122.71,45.49,-122.69,45.51",
    ] {
        let feed = atom(&fx, path).await;
        assert_eq!(feed.entries.len(), 51, "{path}");
        let first = &feed.entries[0];
        assert_eq!(
            first.id,
            format!("{PUBLIC_URL}/requests/{oldest}#resolution"),
            "{path}"
        );
        assert_eq!(first.updated.unwrap().timestamp(), now.unix_timestamp());
        // Its request is not among the newest 50: only its resolution is.
        assert!(!feed
            .entries
            .iter()
            .any(|e| e.id == format!("{PUBLIC_URL}/requests/{oldest}")));
    }
}

/// Resolutions older than the feed's window (31 days) are left out of a sparse feed.
#[tokio::test]
async fn resolutions_reach_back_a_month() {
    let fx = fixture().await;
    let first = fx
        .publish(Who::StaffA, draft_at("26-0001", -122.68, 45.515))
        .await;
    fx.app
        .state
        .db
        .resolve_request(first, None, None, fx.app.state.now())
        .await
        .unwrap();
    let resolution = format!("{PUBLIC_URL}/requests/{first}#resolution");
    let ids = |feed: &Feed| -> Vec<String> { feed.entries.iter().map(|e| e.id.clone()).collect() };
    let feed = atom(&fx, "/api/v1/feeds/agencies/agency-a.atom").await;
    assert!(ids(&feed).contains(&resolution));
    fx.app.state.clock.advance(time::Duration::days(32));
    let feed = atom(&fx, "/api/v1/feeds/agencies/agency-a.atom").await;
    assert_eq!(ids(&feed), [format!("{PUBLIC_URL}/requests/{first}")]);
}

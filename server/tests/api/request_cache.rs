//! Each instance's cache of requests' JSON for the feed (`db/request_cache.rs`): it
//! never shows a version of a request other than the database's, whichever instance
//! resolved it, and the pages it answers are byte for byte what serializing gives.

use axum::http::{Method, StatusCode};
use porchlight_domain::wire::{PublishedRequest, RequestPage};
use porchlight_server::db::{DbLocation, FeedQuery};
use porchlight_server::Db;
use serde_json::json;

use crate::support::{draft, Fixture, Who};

/// A second server instance on the fixture's database, with a cache of its own.
async fn other_instance(fx: &Fixture) -> Db {
    let location: DbLocation = fx.app.db_location.location().parse().unwrap();
    Db::open_with_log_key(location, fx.app.db_location.key_path())
        .await
        .unwrap()
}

fn parse(json: &str) -> PublishedRequest {
    serde_json::from_str(json).unwrap()
}

#[tokio::test]
async fn an_instance_sees_a_resolution_another_one_stored() {
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("CACHE-1")).await;
    let other = other_instance(&fx).await;
    let page = FeedQuery {
        limit: 10,
        ..FeedQuery::default()
    };
    // The other instance reads, and caches, the open request in the feed.
    let (items, _) = other.feed_json(&page).await.unwrap();
    assert_eq!(parse(&items[0]).resolution, None);
    assert!(other.request_cache().len_and_bytes().0 >= 1);

    // The fixture's instance resolves it.
    let staff = fx.cookie(Who::StaffA).await;
    let resolved = fx
        .app
        .send(
            Method::POST,
            &format!("/api/v1/requests/{id}/resolution"),
            Some(json!({ "note": "Found." })),
            staff.as_deref(),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::CREATED, "{}", resolved.text());
    let resolved: PublishedRequest = serde_json::from_value(resolved.json()).unwrap();
    assert!(resolved.resolution.as_ref().unwrap().log_index.is_some());

    // The other instance shows it resolved, with its log index, and then from its
    // cache (the resolution is final).
    for _ in 0..2 {
        let (items, _) = other.feed_json(&page).await.unwrap();
        assert_eq!(parse(&items[0]), resolved);
    }
    let (typed, _) = other.feed(&page).await.unwrap();
    assert_eq!(typed[0], resolved);
}

#[tokio::test]
async fn without_a_cache_the_feed_reads_every_request() {
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("NO-CACHE-1")).await;
    let uncached = other_instance(&fx).await.with_request_cache_bytes(0);
    let page = FeedQuery {
        limit: 10,
        ..FeedQuery::default()
    };
    let (items, _) = uncached.feed_json(&page).await.unwrap();
    assert_eq!(parse(&items[0]).id, id);
    assert_eq!(uncached.request_cache().len_and_bytes(), (0, 0));
}

#[tokio::test]
async fn pages_and_requests_are_what_serializing_gives() {
    let fx = Fixture::new().await;
    let staff = fx.cookie(Who::StaffA).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(fx.publish(Who::StaffA, draft(&format!("BYTES-{n}"))).await);
    }
    for id in &ids[..2] {
        let response = fx
            .app
            .send(
                Method::POST,
                &format!("/api/v1/requests/{id}/resolution"),
                None,
                staff.as_deref(),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED);
    }
    // Twice each: the first answer reads the database, the second the cache.
    for _ in 0..2 {
        for path in [
            "/api/v1/requests?limit=2",
            "/api/v1/requests?limit=50",
            "/api/v1/requests?limit=3&status=resolved&bbox=-123,45,-122,46",
            "/api/v1/agencies/agency-a/requests?limit=4",
        ] {
            let response = fx.app.get(path).await;
            assert_eq!(response.status, StatusCode::OK);
            assert_eq!(response.header("content-type"), Some("application/json"));
            let page: RequestPage = serde_json::from_str(&response.text()).unwrap();
            assert!(!page.items.is_empty(), "{path}");
            assert_eq!(
                serde_json::to_string(&page).unwrap(),
                response.text(),
                "{path}"
            );
        }
    }
    let next = fx.app.get("/api/v1/requests?limit=2").await.json()["next"].clone();
    assert!(next.is_string(), "{next}");
}

//! Migration 0006 on a database from before it: the requests already stored are put in
//! the feed's R*Tree, and the feed finds them by box, newest first.
//!
//! About SQLite's migrations only: it builds a SQLite file by path on purpose, on the
//! PostgreSQL run too.

use porchlight_server::db::FeedQuery;
use porchlight_server::Db;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

#[tokio::test]
async fn requests_stored_before_0006_are_in_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // The schema as of 0005, and three requests stored by hand.
    let mut old = sqlx::migrate!("./migrations/sqlite");
    old.migrations = old
        .migrations
        .iter()
        .filter(|m| m.version < 6)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .connect_with(options)
        .await
        .unwrap();
    old.run(&pool).await.unwrap();
    sqlx::query(
        "INSERT INTO agencies (id, slug, name, jurisdiction, region, center_lat, center_lng, created_at) \
         VALUES (1, 'old-agency', 'Old Agency', 'Test City', 'Oregon', 45.5, -122.6, 1700000000)",
    )
    .execute(&pool)
    .await
    .unwrap();
    for (id, west, south, created_at) in [
        (1, -122.68, 45.515, 1_760_000_000),
        (2, -122.66, 45.515, 1_760_000_100),
        (3, 2.35, 48.85, 1_760_000_200),
    ] {
        let (east, north) = (west + 0.005, south + 0.005);
        let area = format!(
            r#"{{"type":"Polygon","coordinates":[[[{west},{south}],[{east},{south}],[{east},{north}],[{west},{north}],[{west},{south}]]]}}"#
        );
        sqlx::query(
            "INSERT INTO requests (id, agency_id, incident_type, case_number, title, description, \
               time_start, time_end, area_geojson, area_m2, west, south, east, north, created_at) \
             VALUES (?, 1, 'burglary', ?, 'Footage near the corner', 'Looking for footage of a bicycle.', \
               '2025-10-09T07:00:00Z', '2025-10-09T09:00:00Z', ?, 220000.0, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(format!("OLD-{id}"))
        .bind(area)
        .bind(west)
        .bind(south)
        .bind(east)
        .bind(north)
        .bind(created_at)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let db = Db::open(&path).await.unwrap();
    let feed = |bbox| {
        let db = db.clone();
        async move {
            let (items, _) = db
                .feed(&FeedQuery {
                    bbox: Some(bbox),
                    limit: 50,
                    ..FeedQuery::default()
                })
                .await
                .unwrap();
            items.iter().map(|r| r.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(feed([-123.0, 45.0, -122.0, 46.0]).await, [2, 1]);
    assert_eq!(feed([-122.665, 45.5, -122.66, 45.6]).await, [2]);
    assert_eq!(feed([-180.0, -90.0, 180.0, 90.0]).await, [3, 2, 1]);
    assert!(feed([10.0, 10.0, 11.0, 11.0]).await.is_empty());
}

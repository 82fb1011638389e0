//! The abuse limits' counters as each backend stores them (`RateLimitStore`), on the
//! backend this run tests: counting up to the limit, all-or-none, the sliding window,
//! exactness under concurrency from two handles on one database (two instances), and
//! pruning.

use porchlight_server::db::{DbLocation, LimitHit, LimitOutcome};
use porchlight_server::Db;
use time::OffsetDateTime;

use crate::support::TestApp;

/// 2027-01-15T08:00:00Z: a multiple of every window below, so tests say exactly how
/// far into a window they are.
const T0: i64 = 1_800_000_000;

fn at(secs_after_t0: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(T0 + secs_after_t0).unwrap()
}

fn limit(bucket: &'static str, key: &str, max: u32, window_secs: i64) -> LimitHit {
    LimitHit {
        bucket,
        key: key.to_owned(),
        max,
        window_secs,
    }
}

fn refused(bucket: &'static str, retry_after_secs: u64) -> LimitOutcome {
    LimitOutcome::Refused {
        bucket,
        retry_after_secs,
    }
}

/// Another handle on the test's database: what a second server instance has.
async fn second_instance(app: &TestApp) -> Db {
    let location: DbLocation = app.db_location.location().parse().unwrap();
    Db::open_with_log_key(location, app.db_location.key_path())
        .await
        .unwrap()
}

#[tokio::test]
async fn hits_count_up_to_the_limit_then_are_refused_with_the_wait() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let ana = limit("register/address", "198.51.100.4", 3, 60);
    for n in 1..=3 {
        assert_eq!(
            db.hit_rate_limits(vec![ana.clone()], at(10)).await.unwrap(),
            LimitOutcome::Allowed,
            "hit {n}"
        );
    }
    // Full 10 s into the window: 50 s to its end, then a third of the next window
    // (until 3 × (1 − f) + 1 ≤ 3).
    assert_eq!(
        db.hit_rate_limits(vec![ana.clone()], at(10)).await.unwrap(),
        refused("register/address", 70)
    );
    // Another address, another bucket: their own counts.
    let bob = limit("register/address", "203.0.113.9", 3, 60);
    assert_eq!(
        db.hit_rate_limits(vec![bob], at(11)).await.unwrap(),
        LimitOutcome::Allowed
    );
    let global = limit("register/global", "198.51.100.4", 3, 60);
    assert_eq!(
        db.hit_rate_limits(vec![global], at(11)).await.unwrap(),
        LimitOutcome::Allowed
    );
    assert_eq!(db.rate_limit_rows().await.unwrap(), 3);
}

#[tokio::test]
async fn a_refused_request_counts_nowhere() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let address = limit("post/address", "198.51.100.4", 2, 3600);
    let global = limit("post/global", "", 1, 3600);
    let both = || vec![address.clone(), global.clone()];
    assert_eq!(
        db.hit_rate_limits(both(), at(0)).await.unwrap(),
        LimitOutcome::Allowed
    );
    // The global limit refuses; the address's hit, counted first, is rolled back.
    assert_eq!(
        db.hit_rate_limits(both(), at(1)).await.unwrap(),
        refused("post/global", 7199)
    );
    assert_eq!(
        db.hit_rate_limits(vec![address.clone()], at(2))
            .await
            .unwrap(),
        LimitOutcome::Allowed,
        "the address has had one hit, not two"
    );
    assert_eq!(
        db.hit_rate_limits(vec![address.clone()], at(3))
            .await
            .unwrap(),
        refused("post/address", 5397)
    );
}

#[tokio::test]
async fn the_window_slides() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let hit = || vec![limit("sign_in/address", "198.51.100.4", 10, 100)];
    let count = |from: i64| async move {
        let mut allowed = 0;
        while db.hit_rate_limits(hit(), at(from)).await.unwrap() == LimitOutcome::Allowed {
            allowed += 1;
            assert!(allowed <= 10, "more than the limit");
        }
        allowed
    };
    assert_eq!(count(90).await, 10, "late in the first window");
    // A fixed window would allow ten more at once; the previous window's ten still
    // weigh 90 % 10 s into the next one, so only one more fits.
    assert_eq!(count(110).await, 1);
    // Halfway through: the previous window weighs five, and this one holds one.
    assert_eq!(count(150).await, 4);
    // Two windows on, nothing weighs any more.
    assert_eq!(count(300).await, 10);
    // The wait it names is the one that works.
    let LimitOutcome::Refused {
        retry_after_secs, ..
    } = db.hit_rate_limits(hit(), at(300)).await.unwrap()
    else {
        panic!("full")
    };
    let wait = retry_after_secs as i64;
    assert_eq!(
        db.hit_rate_limits(hit(), at(300 + wait - 1)).await.unwrap(),
        LimitOutcome::Refused {
            bucket: "sign_in/address",
            retry_after_secs: 1
        }
    );
    assert_eq!(
        db.hit_rate_limits(hit(), at(300 + wait)).await.unwrap(),
        LimitOutcome::Allowed
    );
}

/// Many requests at once, half through a second handle on the database (a second
/// server instance): exactly as many pass as the limit has room for.
#[tokio::test]
async fn concurrent_hits_from_two_instances_take_exactly_the_room() {
    let app = TestApp::new().await;
    let other = second_instance(&app).await;
    let hits = || {
        vec![
            limit("report/address", "198.51.100.4", 50, 3600),
            limit("report/global", "", 12, 3600),
        ]
    };
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let db = if i % 2 == 0 {
                app.state.db.clone()
            } else {
                other.clone()
            };
            tokio::spawn(async move { db.hit_rate_limits(hits(), at(5)).await.unwrap() })
        })
        .collect();
    let mut allowed = 0;
    for task in tasks {
        match task.await.unwrap() {
            LimitOutcome::Allowed => allowed += 1,
            LimitOutcome::Refused { bucket, .. } => assert_eq!(bucket, "report/global"),
        }
    }
    assert_eq!(allowed, 12);
    // The address counted only the twelve that passed (50 − 12 = 38 left for it).
    let address_only = || vec![limit("report/address", "198.51.100.4", 50, 3600)];
    for _ in 0..38 {
        assert_eq!(
            other.hit_rate_limits(address_only(), at(6)).await.unwrap(),
            LimitOutcome::Allowed
        );
    }
    assert!(matches!(
        app.state
            .db
            .hit_rate_limits(address_only(), at(6))
            .await
            .unwrap(),
        LimitOutcome::Refused { .. }
    ));
    other.close().await;
}

#[tokio::test]
async fn forgetting_clears_one_key_only() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let account = |email: &str| vec![limit("sign_in/account", email, 2, 900)];
    for email in ["ana@example.org", "bob@example.org"] {
        for _ in 0..2 {
            db.hit_rate_limits(account(email), at(0)).await.unwrap();
        }
        assert!(matches!(
            db.hit_rate_limits(account(email), at(1)).await.unwrap(),
            LimitOutcome::Refused { .. }
        ));
    }
    db.forget_rate_limit("sign_in/account", "ana@example.org")
        .await
        .unwrap();
    assert_eq!(
        db.hit_rate_limits(account("ana@example.org"), at(2))
            .await
            .unwrap(),
        LimitOutcome::Allowed
    );
    assert!(matches!(
        db.hit_rate_limits(account("bob@example.org"), at(2))
            .await
            .unwrap(),
        LimitOutcome::Refused { .. }
    ));
}

#[tokio::test]
async fn pruning_deletes_the_windows_no_limit_needs() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    // Windows of a minute: one row in each of three windows, and an hour-long one.
    for (key, t) in [("a", 0), ("b", 60), ("c", 120)] {
        db.hit_rate_limits(vec![limit("post/address", key, 5, 60)], at(t))
            .await
            .unwrap();
    }
    db.hit_rate_limits(vec![limit("post/global", "", 5, 3600)], at(0))
        .await
        .unwrap();
    assert_eq!(db.rate_limit_rows().await.unwrap(), 4);
    // At 2:00 the first minute's row is no longer needed: the window at 1:00 is the
    // previous one now.
    assert_eq!(db.prune_rate_limits(at(120)).await.unwrap(), 1);
    assert_eq!(db.rate_limit_rows().await.unwrap(), 3);
    assert_eq!(db.prune_rate_limits(at(239)).await.unwrap(), 1);
    assert_eq!(db.prune_rate_limits(at(7200)).await.unwrap(), 2);
    assert_eq!(db.rate_limit_rows().await.unwrap(), 0);
}

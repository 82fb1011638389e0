//! A deployment worth copying: demo agencies, accounts and requests, a few hundred
//! generated requests (some resolved), a live session and a locked-out email.

use std::path::Path;

use porchlight_server::auth::new_session_token;
use porchlight_server::db::{DbLocation, LoginThrottle};
use porchlight_server::seed::SeedPlan;
use porchlight_server::Db;
use time::{Duration, OffsetDateTime};

/// The demo's administrator, who signs in on the copy.
pub const ADMIN_EMAIL: &str = "admin@porchlight.test";
/// An email locked out of signing in at the time of the copy.
pub const LOCKED_EMAIL: &str = "guesser@porchlight.test";

pub const THROTTLE: LoginThrottle = LoginThrottle {
    max_failures: 3,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// What the seeded deployment holds beyond its rows.
pub struct Seeded {
    /// A session cookie of the administrator's, valid for a day.
    pub cookie: String,
    /// When the locked-out email's lock ends (unix seconds).
    pub locked_until: i64,
}

/// Seeds the database at `location` (its log signed with `key`) as of `now`.
pub async fn seed(location: &DbLocation, key: &Path, now: OffsetDateTime) -> Seeded {
    let db = Db::open_with_log_key(location.clone(), key)
        .await
        .expect("open the source");
    assert!(porchlight_server::demo::seed(&db, now).await.unwrap());
    let plan = SeedPlan {
        requests: 300,
        agencies: 6,
        big_agency_requests: 80,
        years: 2,
        rng_seed: 14,
    };
    let report = porchlight_server::seed::seed(&db, &plan, now)
        .await
        .unwrap();
    assert!(report.resolved > 0 && report.resolved < report.requests);

    let admin = db.account_by_email(ADMIN_EMAIL).await.unwrap().unwrap();
    let (token, token_hash) = new_session_token();
    db.create_session(&token_hash, admin.id, now, now + Duration::days(1))
        .await
        .unwrap();
    let mut locked_until = None;
    for _ in 0..THROTTLE.max_failures {
        locked_until = db
            .record_login_failure(LOCKED_EMAIL, now, THROTTLE)
            .await
            .unwrap();
    }
    db.close().await;
    Seeded {
        cookie: format!("porchlight_session={token}"),
        locked_until: locked_until.expect("the last failure locks the email"),
    }
}

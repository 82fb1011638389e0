//! Everything readers and auditors can see of a deployment, taken from two databases
//! so that they can be compared: the log entry by entry, feed pages along their
//! cursors, every agency's profile and statistics.

use std::path::Path;

use porchlight_domain::wire::{
    AgencyProfile, AgencySummary, LogEntry, ModerationAction, ModerationLogItem, PolicyFinding,
    PublishedRequest, ReportedRequest, RequestModeration, SignedCheckpoint, StatusFilter,
    Submission,
};
use porchlight_server::db::{FeedQuery, ModerationLogQuery, PageCursor};
use porchlight_server::public_log::{audit, AuditOptions, AuditReport};
use porchlight_server::{app, AppState, Config, Db};
use time::{Duration, OffsetDateTime};

/// Pages followed along each feed's cursor.
const FEED_PAGES: usize = 4;
const FEED_PAGE_SIZE: u32 = 15;

/// One page of a feed: what it showed and where the next one starts.
type FeedPage = (Vec<PublishedRequest>, Option<PageCursor>);

#[derive(Debug)]
pub struct Snapshot {
    pub checkpoint: SignedCheckpoint,
    pub entries: Vec<LogEntry>,
    /// Per feed (named), its first pages in order.
    pub feeds: Vec<(&'static str, Vec<FeedPage>)>,
    pub agencies: Vec<AgencySummary>,
    pub profiles: Vec<AgencyProfile>,
    pub requests: i64,
    /// The public moderation log, every page.
    pub moderation_log: Vec<ModerationLogItem>,
    pub queue: Vec<Submission>,
    pub reported: Vec<ReportedRequest>,
    /// Per agency, its submissions and findings.
    pub moderation: Vec<(Vec<Submission>, Vec<PolicyFinding>)>,
    /// The review and reports of every request decided on or reported.
    pub request_moderation: Vec<RequestModeration>,
    /// The seeded alert subscriptions (`deployment::seed_alerts`) and the outbox.
    pub alerts: (
        Vec<Option<porchlight_server::db::SubscriptionRow>>,
        Vec<porchlight_server::db::OutboxRow>,
    ),
}

/// Feeds over several boxes, statuses and an agency, each followed page by page.
fn feeds(big_agency: i64, now: OffsetDateTime) -> Vec<(&'static str, FeedQuery)> {
    let query = |bbox, status, since, agency_id| FeedQuery {
        bbox,
        status,
        since,
        agency_id,
        before: None,
        limit: FEED_PAGE_SIZE,
    };
    vec![
        ("everything", query(None, StatusFilter::All, None, None)),
        (
            "Portland",
            query(
                Some([-122.9, 45.3, -122.4, 45.7]),
                StatusFilter::All,
                None,
                None,
            ),
        ),
        (
            "downtown Portland, open",
            query(
                Some([-122.70, 45.50, -122.65, 45.54]),
                StatusFilter::Open,
                None,
                None,
            ),
        ),
        (
            "the United States, resolved",
            query(
                Some([-125.0, 24.0, -66.0, 50.0]),
                StatusFilter::Resolved,
                None,
                None,
            ),
        ),
        (
            "the big agency, last half year",
            query(
                None,
                StatusFilter::All,
                Some(now - Duration::days(182)),
                Some(big_agency),
            ),
        ),
    ]
}

impl Snapshot {
    /// Reads `db` as of `now`. Also checks that its per-agency counters, filled by
    /// its own triggers, agree with a count of its requests.
    pub async fn take(db: &Db, now: OffsetDateTime) -> Snapshot {
        let checkpoint = db.log_checkpoint().await.unwrap();
        let mut entries = Vec::new();
        while (entries.len() as u64) < checkpoint.tree_size {
            let start = entries.len() as u64;
            let page = db.log_entries(start, checkpoint.tree_size).await.unwrap();
            assert!(!page.is_empty(), "entries stop at {start}");
            entries.extend(page);
        }
        let agencies = db.list_agencies(now).await.unwrap();
        let mut profiles = Vec::new();
        for agency in &agencies {
            profiles.push(db.agency_profile(&agency.slug, now).await.unwrap().unwrap());
            let (id, _) = db.agency_by_slug(&agency.slug).await.unwrap().unwrap();
            assert_eq!(
                db.agency_stats(id, now).await.unwrap(),
                db.agency_stats_recounted(id, now).await.unwrap(),
                "{}: the counters disagree with the requests",
                agency.slug
            );
        }
        let (big_agency, _) = db
            .agency_by_slug(porchlight_server::seed::BIG_AGENCY_SLUG)
            .await
            .unwrap()
            .unwrap();
        let mut feed_pages = Vec::new();
        for (name, mut query) in feeds(big_agency, now) {
            let mut pages = Vec::new();
            for _ in 0..FEED_PAGES {
                let (items, next) = db.feed(&query).await.unwrap();
                pages.push((items, next));
                match next {
                    Some(cursor) => query.before = Some(cursor),
                    None => break,
                }
            }
            feed_pages.push((name, pages));
        }
        let mut moderation = Vec::new();
        for agency in &agencies {
            let (id, _) = db.agency_by_slug(&agency.slug).await.unwrap().unwrap();
            moderation.push((
                db.agency_submissions(id).await.unwrap(),
                db.agency_findings(id).await.unwrap(),
            ));
        }
        let mut moderation_log = Vec::new();
        let mut before_id = None;
        loop {
            let (items, next) = db
                .moderation_log(&ModerationLogQuery {
                    before_id,
                    limit: 2,
                    ..Default::default()
                })
                .await
                .unwrap();
            moderation_log.extend(items);
            match next {
                Some(id) => before_id = Some(id),
                None => break,
            }
        }
        let mut request_moderation = Vec::new();
        for item in &moderation_log {
            if let Some(m) = db.request_moderation(item.subject_id, None).await.unwrap() {
                request_moderation.push(m);
            }
        }
        let requests = db.request_count().await.unwrap();
        assert_eq!(
            db.spatial_index_len().await.unwrap(),
            requests,
            "every request is in the spatial index"
        );
        let mut subscriptions = Vec::new();
        for n in 0..2 {
            let token = format!("copy-manage-{n}");
            subscriptions.push(
                db.alert_subscription_by_token(porchlight_server::db::SubscriptionToken::Manage(
                    &token,
                ))
                .await
                .unwrap(),
            );
        }
        Snapshot {
            checkpoint,
            entries,
            feeds: feed_pages,
            agencies,
            profiles,
            requests,
            moderation_log,
            queue: db.moderation_queue().await.unwrap(),
            reported: db.reported_requests().await.unwrap(),
            moderation,
            request_moderation,
            alerts: (subscriptions, db.alert_outbox_rows().await.unwrap()),
        }
    }

    /// Asserts that `copy` shows exactly what `self` shows; names the first difference.
    pub fn assert_same(&self, copy: &Snapshot, what: &str) {
        assert_eq!(
            self.checkpoint, copy.checkpoint,
            "{what}: the newest checkpoint"
        );
        assert_eq!(self.entries.len(), copy.entries.len(), "{what}: log size");
        for (a, b) in self.entries.iter().zip(&copy.entries) {
            assert_eq!(a, b, "{what}: log entry {}", a.index);
        }
        assert_eq!(self.requests, copy.requests, "{what}: requests");
        assert_eq!(self.agencies.len(), copy.agencies.len(), "{what}: agencies");
        for (a, b) in self.agencies.iter().zip(&copy.agencies) {
            assert_eq!(a, b, "{what}: the directory's entry of {}", a.slug);
        }
        assert_eq!(self.profiles.len(), copy.profiles.len());
        for (a, b) in self.profiles.iter().zip(&copy.profiles) {
            assert_eq!(a, b, "{what}: the profile of {}", a.slug);
        }
        assert_eq!(
            self.moderation_log, copy.moderation_log,
            "{what}: the moderation log"
        );
        assert_eq!(self.queue, copy.queue, "{what}: the moderation queue");
        assert_eq!(
            self.alerts, copy.alerts,
            "{what}: the alert subscriptions and their outbox"
        );
        assert_eq!(
            self.reported, copy.reported,
            "{what}: the reported requests"
        );
        assert_eq!(
            self.moderation, copy.moderation,
            "{what}: the agencies' submissions and findings"
        );
        assert_eq!(
            self.request_moderation, copy.request_moderation,
            "{what}: the requests' reviews and reports"
        );
        assert_eq!(self.feeds.len(), copy.feeds.len());
        for ((name, a), (_, b)) in self.feeds.iter().zip(&copy.feeds) {
            assert_eq!(a.len(), b.len(), "{what}: pages of the feed {name}");
            for (n, (page_a, page_b)) in a.iter().zip(b).enumerate() {
                assert_eq!(page_a, page_b, "{what}: page {n} of the feed {name}");
            }
        }
    }

    /// Whether the snapshot would catch a difference at all: enough of everything.
    pub fn assert_substantial(&self) {
        assert!(self.requests >= 300, "{} requests", self.requests);
        assert!(
            self.alerts.0.iter().all(Option::is_some) && self.alerts.1.len() == 2,
            "the seeded alerts: {:?}",
            self.alerts
        );
        assert!(
            self.checkpoint.tree_size > self.requests as u64,
            "resolutions are logged"
        );
        assert!(self.profiles.iter().any(|p| p.resolved_requests > 0));
        for (name, pages) in &self.feeds {
            assert!(!pages[0].0.is_empty(), "the feed {name} is empty");
        }
        assert!(
            self.feeds.iter().any(|(_, pages)| pages.len() > 1),
            "no feed has a second page"
        );
        for action in [
            ModerationAction::Approve,
            ModerationAction::Reject,
            ModerationAction::Uphold,
            ModerationAction::Dismiss,
        ] {
            assert!(
                self.moderation_log.iter().any(|i| i.action == action),
                "no {action:?} in the moderation log"
            );
        }
        assert!(!self.queue.is_empty(), "no pending submission");
        assert!(!self.reported.is_empty(), "no open report");
        assert!(
            self.request_moderation
                .iter()
                .any(|m| !m.findings.is_empty() && m.report_count > 0),
            "no finding"
        );
    }
}

/// Audits `db` over HTTP as `porchlight-server audit --url` does, through a real
/// listener on a loopback port; `saved` is an earlier audit's checkpoint to extend.
pub async fn audit_over_http(db: &Db, saved: Option<&Path>, save: Option<&Path>) -> AuditReport {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(db.clone(), Config::for_tests("/nonexistent-dist".into()));
    let server = tokio::spawn(async move { axum::serve(listener, app(state)).await });
    let options = AuditOptions {
        url,
        checkpoint: saved.map(Into::into),
        save: save.map(Into::into),
    };
    let report = tokio::task::spawn_blocking(move || audit(&options))
        .await
        .unwrap()
        .expect("the audit passes");
    server.abort();
    report
}

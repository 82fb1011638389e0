//! The outbox worker: claims due rows under a lease, sends each, records the outcome.
//! Every server instance runs one; the database decides which worker sends which row,
//! so no email goes out twice while every instance keeps its lease.

use std::time::Duration;

use porchlight_domain::time_zone::AgencyTimeZone;
use rand::RngCore;
use time::OffsetDateTime;

use super::mailer::{Mailer, SendError};
use super::message::{alert_email, confirmation_email, MailLinks};
use crate::db::{retry_delay, Db, Delivery, OutboxClaim};
use crate::state::Clock;

/// Rows claimed at once.
const CLAIM_BATCH: u32 = 20;

/// How long a claim holds: far longer than sending a batch takes (each SMTP
/// conversation times out after 30 s), so that no other worker takes a row over while
/// its sender still works on it.
const LEASE: time::Duration = time::Duration::minutes(15);

/// Failed attempts (other than refusals for good) after which a row is given up.
pub const MAX_ATTEMPTS: i64 = 10;

/// One worker: its name in the leases, where it sends, and the bounce limit.
#[derive(Debug, Clone)]
pub struct OutboxWorker {
    pub owner: String,
    pub mailer: Mailer,
    pub links: MailLinks,
    /// Refusals for good after which a subscription is disabled (`--max-bounces`).
    pub max_bounces: u32,
}

impl OutboxWorker {
    /// A worker with a random name.
    pub fn new(mailer: Mailer, links: MailLinks, max_bounces: u32) -> OutboxWorker {
        let mut bytes = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        OutboxWorker {
            owner: format!("worker-{}", hex::encode(bytes)),
            mailer,
            links,
            max_bounces,
        }
    }
}

/// What one [`drain_outbox`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: usize,
    pub retried: usize,
    pub bounced: usize,
    pub dropped: usize,
}

/// Sends every row due at `now` that this worker can claim, batch after batch, until
/// none is left.
pub async fn drain_outbox(
    db: &Db,
    worker: &OutboxWorker,
    now: OffsetDateTime,
) -> Result<DrainReport, crate::db::DbError> {
    let mut report = DrainReport::default();
    loop {
        let claims = db
            .claim_alert_outbox(&worker.owner, now, now + LEASE, CLAIM_BATCH)
            .await?;
        if claims.is_empty() {
            return Ok(report);
        }
        for claim in claims {
            let delivery = deliver(db, worker, &claim, now).await?;
            match &delivery {
                Delivery::Sent => report.sent += 1,
                Delivery::Retry { .. } => report.retried += 1,
                Delivery::Bounced { .. } => report.bounced += 1,
                Delivery::GaveUp { .. } => report.dropped += 1,
            }
            db.finish_alert_outbox(claim.id, &worker.owner, &delivery, now)
                .await?;
        }
    }
}

/// Builds and sends one claimed row's email.
async fn deliver(
    db: &Db,
    worker: &OutboxWorker,
    claim: &OutboxClaim,
    now: OffsetDateTime,
) -> Result<Delivery, crate::db::DbError> {
    let gave_up = |why: &str| Delivery::GaveUp { error: why.into() };
    let Some(subscription) = db.alert_subscription(claim.subscription_id).await? else {
        // Unsubscribed meanwhile (its rows went with it; this one is already gone).
        return Ok(gave_up("unsubscribed"));
    };
    if subscription.disabled_at.is_some() {
        return Ok(gave_up("subscription disabled after bounces"));
    }
    let from = worker.mailer.from();
    let (message, name) = match claim.request_id {
        None => {
            let Some(token) = subscription.confirm_token.as_deref() else {
                return Ok(gave_up("already confirmed"));
            };
            (
                confirmation_email(from, &worker.links, &subscription, token),
                format!("{}-confirm", claim.id),
            )
        }
        Some(request_id) => {
            let Some(request) = db.request(request_id).await? else {
                return Ok(gave_up("no such request"));
            };
            // The time frame on the agency's clocks (UTC if its zone were unknown).
            let zone = db
                .agency_zones(Some(&request.agency.slug))
                .await?
                .first()
                .and_then(|(_, _, name)| AgencyTimeZone::parse(name).ok())
                .unwrap_or_else(AgencyTimeZone::utc);
            (
                alert_email(from, &worker.links, &subscription, &request, &zone),
                format!("{}-request-{request_id}", claim.id),
            )
        }
    };
    let message = match message {
        Ok(message) => message,
        Err(e) => return Ok(gave_up(&e)),
    };
    Ok(match worker.mailer.send(message, &name).await {
        Ok(()) => Delivery::Sent,
        Err(SendError::Permanent(error)) => Delivery::Bounced {
            error,
            max_bounces: worker.max_bounces,
        },
        Err(SendError::Transient(error)) if claim.attempts + 1 >= MAX_ATTEMPTS => {
            Delivery::GaveUp { error }
        }
        Err(SendError::Transient(error)) => Delivery::Retry {
            at: now + retry_delay(claim.attempts),
            error,
        },
    })
}

/// Drains the outbox every `every`, and sweeps unconfirmed subscriptions whose link
/// expired; runs until the server stops.
pub async fn run_outbox_worker(db: Db, worker: OutboxWorker, clock: Clock, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let now = clock.now();
        if let Err(e) = db.sweep_alert_subscriptions(now).await {
            tracing::warn!("alerts: sweeping expired subscriptions failed: {e}");
        }
        match drain_outbox(&db, &worker, now).await {
            Ok(report) if report != DrainReport::default() => {
                tracing::info!(
                    sent = report.sent,
                    retried = report.retried,
                    bounced = report.bounced,
                    dropped = report.dropped,
                    "alerts: outbox drained"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("alerts: draining the outbox failed: {e}"),
        }
    }
}

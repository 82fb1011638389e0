//! The limits each action has, and the check a handler makes before doing the work.
//!
//! Thought through as an attacker would:
//! - *One address floods* (sign-ups, password guesses over many emails, posts,
//!   reports): the per-address limit, keyed as [`ClientAddr::key`] says.
//! - *Many addresses, one account* (a password guessed from a botnet): the sign-in
//!   lockout (five failures lock the email for 15 minutes) stops a sequence of
//!   guesses, but guesses sent all at once all pass its check before the first failure
//!   is recorded. The per-account limit counts every attempt *before* its password is
//!   hashed, atomically, so a burst gets no more guesses than the limit. A successful
//!   sign-in clears it. An unknown email is limited exactly like a known one, so the
//!   answers do not tell which accounts exist.
//! - *Many addresses, many accounts*: the global limits bound what the server does in
//!   all (and the argon2 queue, `auth::HashingPool`, bounds its CPU whatever the
//!   limits). They refuse legitimate users too while a flood lasts: that is their job,
//!   the server stays up for everyone else.
//! - *Filling the counters' table*: a request's hits are counted all or none, the
//!   global limit with them, so rows for attacker-chosen emails appear no faster than
//!   the global limit admits; every row is deleted two windows after its start.
//!
//! A refused request costs a few indexed reads and no hash; nothing is counted for it,
//! so a client that keeps hammering is let in again as soon as its window has room.

use std::sync::atomic::{AtomicI64, Ordering};

use time::OffsetDateTime;

use super::{ClientAddr, Rate};
use crate::db::{Db, LimitHit, LimitOutcome};
use crate::error::AppError;

/// What a limit covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `POST /auth/register`.
    Register,
    /// `POST /auth/login`.
    SignIn,
    /// `POST /requests`.
    Post,
    /// `POST /requests/{id}/reports`.
    Report,
    /// `POST /alerts/subscriptions`.
    Subscribe,
}

impl Action {
    /// The per-address and global counters' names.
    fn buckets(self) -> (&'static str, &'static str) {
        match self {
            Action::Register => ("register/address", "register/global"),
            Action::SignIn => ("sign_in/address", "sign_in/global"),
            Action::Post => ("post/address", "post/global"),
            Action::Report => ("report/address", "report/global"),
            Action::Subscribe => ("subscribe/address", "subscribe/global"),
        }
    }

    /// What is counted, for messages.
    fn counted(self) -> &'static str {
        match self {
            Action::Register => "registrations",
            Action::SignIn => "sign-in attempts",
            Action::Post => "requests posted",
            Action::Report => "reports",
            Action::Subscribe => "alert subscriptions",
        }
    }
}

/// The per-account sign-in counter's name; keyed by the lower-cased email.
pub const SIGN_IN_ACCOUNT_BUCKET: &str = "sign_in/account";

/// The per-email subscription counter's name; keyed by the lower-cased email.
pub const SUBSCRIBE_EMAIL_BUCKET: &str = "subscribe/email";

/// One action's limits; `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionLimits {
    pub per_address: Option<Rate>,
    pub global: Option<Rate>,
}

/// Every limit (`--*-limit-*` flags; the defaults are [`AbuseLimits::default`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbuseLimits {
    pub register: ActionLimits,
    pub sign_in: ActionLimits,
    /// Sign-in attempts per account email, whatever the address.
    pub sign_in_per_account: Option<Rate>,
    pub post: ActionLimits,
    pub report: ActionLimits,
    pub subscribe: ActionLimits,
    /// Subscriptions (confirmation emails) per email address, whatever the address.
    pub subscribe_per_email: Option<Rate>,
}

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;

impl AbuseLimits {
    /// A household or an office registers a few accounts an hour; a launch day's
    /// sign-ups spread over many addresses.
    pub const REGISTER: ActionLimits = ActionLimits {
        per_address: Some(Rate::new(10, HOUR)),
        global: Some(Rate::new(300, HOUR)),
    };
    /// Mistyped passwords and a shared address's several users fit; 300 attempts a
    /// minute in all is 5 argon2 hashes a second at most.
    pub const SIGN_IN: ActionLimits = ActionLimits {
        per_address: Some(Rate::new(30, 15 * MINUTE)),
        global: Some(Rate::new(300, MINUTE)),
    };
    /// Twice the lockout's five failures: never reached by one person typing, only by
    /// a burst of guesses sent at once.
    pub const SIGN_IN_PER_ACCOUNT: Rate = Rate::new(10, 15 * MINUTE);
    /// Only agency staff post, a few requests a day; every post is permanent and in the
    /// public log, so a flood from a stolen account must stop early.
    pub const POST: ActionLimits = ActionLimits {
        per_address: Some(Rate::new(60, HOUR)),
        global: Some(Rate::new(600, HOUR)),
    };
    /// Each resident reports a request once; a campaign of many residents is many
    /// addresses.
    pub const REPORT: ActionLimits = ActionLimits {
        per_address: Some(Rate::new(20, HOUR)),
        global: Some(Rate::new(1000, HOUR)),
    };

    /// Each subscription sends a confirmation email: a household subscribes a few
    /// areas; a script must not turn the server into a mail cannon.
    pub const SUBSCRIBE: ActionLimits = ActionLimits {
        per_address: Some(Rate::new(10, HOUR)),
        global: Some(Rate::new(300, HOUR)),
    };
    /// No address receives more than a few confirmation emails a day, whoever asks.
    pub const SUBSCRIBE_PER_EMAIL: Rate = Rate::new(5, 24 * HOUR);

    /// The limits of `action`.
    pub fn of(&self, action: Action) -> ActionLimits {
        match action {
            Action::Register => self.register,
            Action::SignIn => self.sign_in,
            Action::Post => self.post,
            Action::Report => self.report,
            Action::Subscribe => self.subscribe,
        }
    }
}

/// `register 10/1h per address, 300/1h in all; sign-in …`: what the server logs at
/// start-up.
impl std::fmt::Display for AbuseLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let limit = |rate: Option<Rate>| super::Limit(rate).to_string();
        for (n, (name, action)) in [
            ("register", Action::Register),
            ("sign-in", Action::SignIn),
            ("post", Action::Post),
            ("report", Action::Report),
            ("subscribe", Action::Subscribe),
        ]
        .into_iter()
        .enumerate()
        {
            let limits = self.of(action);
            if n > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{name} {} per address", limit(limits.per_address))?;
            if action == Action::SignIn {
                write!(f, ", {} per account", limit(self.sign_in_per_account))?;
            }
            if action == Action::Subscribe {
                write!(f, ", {} per email", limit(self.subscribe_per_email))?;
            }
            write!(f, ", {} in all", limit(limits.global))?;
        }
        Ok(())
    }
}

impl Default for AbuseLimits {
    fn default() -> AbuseLimits {
        AbuseLimits {
            register: AbuseLimits::REGISTER,
            sign_in: AbuseLimits::SIGN_IN,
            sign_in_per_account: Some(AbuseLimits::SIGN_IN_PER_ACCOUNT),
            post: AbuseLimits::POST,
            report: AbuseLimits::REPORT,
            subscribe: AbuseLimits::SUBSCRIBE,
            subscribe_per_email: Some(AbuseLimits::SUBSCRIBE_PER_EMAIL),
        }
    }
}

/// How often an instance deletes counters whose windows are past.
const PRUNE_EVERY_SECS: i64 = 60;

/// Checks and counts the limits (one per server instance; the counts are in the
/// database).
#[derive(Debug)]
pub struct Limiter {
    limits: AbuseLimits,
    /// When this instance prunes next (unix seconds).
    next_prune: AtomicI64,
}

impl Limiter {
    pub fn new(limits: AbuseLimits) -> Limiter {
        Limiter {
            limits,
            next_prune: AtomicI64::new(i64::MIN),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &AbuseLimits {
        &self.limits
    }

    /// The counters one request of `action` from `client` (for `account`, an email,
    /// when signing in) hits, in the order they are taken: the global one last, as it
    /// is the one every request waits on.
    pub fn hits(
        &self,
        action: Action,
        client: &ClientAddr,
        account: Option<&str>,
    ) -> Vec<LimitHit> {
        let limits = self.limits.of(action);
        let (address_bucket, global_bucket) = action.buckets();
        let mut hits = Vec::with_capacity(3);
        let mut push = |bucket: &'static str, key: String, rate: Rate| {
            hits.push(LimitHit {
                bucket,
                key,
                max: rate.max,
                window_secs: rate.window_secs,
            })
        };
        if let Some(rate) = limits.per_address {
            push(address_bucket, client.key(), rate);
        }
        if let (Some(email), Some(rate), Action::SignIn) =
            (account, self.limits.sign_in_per_account, action)
        {
            push(SIGN_IN_ACCOUNT_BUCKET, account_key(email), rate);
        }
        if let (Some(email), Some(rate), Action::Subscribe) =
            (account, self.limits.subscribe_per_email, action)
        {
            push(SUBSCRIBE_EMAIL_BUCKET, account_key(email), rate);
        }
        if let Some(rate) = limits.global {
            push(global_bucket, String::new(), rate);
        }
        hits
    }

    /// Counts one `action` from `client` against every limit, or answers 429 with
    /// `Retry-After` (nothing counted) when one has no room: `too_many_attempts` for
    /// the account's limit, `rate_limited` for the others.
    pub async fn admit(
        &self,
        db: &Db,
        action: Action,
        client: &ClientAddr,
        account: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        self.prune_when_due(db, now).await;
        let hits = self.hits(action, client, account);
        if hits.is_empty() {
            return Ok(());
        }
        let (address_bucket, _) = action.buckets();
        match db.hit_rate_limits(hits, now).await? {
            LimitOutcome::Allowed => Ok(()),
            LimitOutcome::Refused {
                bucket,
                retry_after_secs,
            } => {
                let message = if bucket == SIGN_IN_ACCOUNT_BUCKET {
                    return Err(AppError::too_many_requests(
                        "too_many_attempts",
                        "Too many sign-in attempts for this account. Try again later.",
                        retry_after_secs,
                    ));
                } else if bucket == SUBSCRIBE_EMAIL_BUCKET {
                    format!(
                        "Too many alert subscriptions for this email address. Try again in {}.",
                        in_words(retry_after_secs)
                    )
                } else if bucket == address_bucket {
                    format!(
                        "Too many {} from your network. Try again in {}.",
                        action.counted(),
                        in_words(retry_after_secs)
                    )
                } else {
                    format!(
                        "Too many {} on this server right now. Try again in {}.",
                        action.counted(),
                        in_words(retry_after_secs)
                    )
                };
                Err(AppError::too_many_requests(
                    "rate_limited",
                    message,
                    retry_after_secs,
                ))
            }
        }
    }

    /// Forgets the sign-in attempts counted for `email` (after it signed in).
    pub async fn forget_sign_in_attempts(&self, db: &Db, email: &str) -> Result<(), AppError> {
        if self.limits.sign_in_per_account.is_some() {
            db.forget_rate_limit(SIGN_IN_ACCOUNT_BUCKET, &account_key(email))
                .await?;
        }
        Ok(())
    }

    /// Deletes the counters whose windows are past, at most once a minute per instance
    /// (any instance's pruning serves all). A failure is logged, never the request's.
    async fn prune_when_due(&self, db: &Db, now: OffsetDateTime) {
        let now_s = now.unix_timestamp();
        let due = self.next_prune.load(Ordering::Relaxed);
        if now_s < due
            || self
                .next_prune
                .compare_exchange(
                    due,
                    now_s + PRUNE_EVERY_SECS,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_err()
        {
            return;
        }
        let store = db.store().clone();
        // On a task of its own, as every write (a cut-off request must not cut it off).
        match tokio::spawn(async move { store.prune_rate_limits(now).await }).await {
            Ok(Ok(pruned)) => tracing::debug!(pruned, "abuse limits: expired counters deleted"),
            Ok(Err(err)) => tracing::warn!("abuse limits: pruning failed: {err}"),
            Err(err) => tracing::warn!("abuse limits: pruning failed: {err}"),
        }
    }
}

/// The per-account counter's key: the email as accounts are looked up (trimmed,
/// case-insensitive).
fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `45 seconds`, `3 minutes`, `2 hours`: rounded up.
fn in_words(secs: u64) -> String {
    let (n, unit) = match secs {
        0..=90 => (secs.max(1), "second"),
        91..=5400 => (secs.div_ceil(60), "minute"),
        _ => (secs.div_ceil(3600), "hour"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_go_address_account_global() {
        let limiter = Limiter::new(AbuseLimits::default());
        let client = ClientAddr::new("198.51.100.4".parse().unwrap());
        let hits = limiter.hits(Action::SignIn, &client, Some(" Ana@Example.org "));
        let named: Vec<_> = hits.iter().map(|h| (h.bucket, h.key.as_str())).collect();
        assert_eq!(
            named,
            [
                ("sign_in/address", "198.51.100.4"),
                ("sign_in/account", "ana@example.org"),
                ("sign_in/global", ""),
            ]
        );
        assert_eq!((hits[1].max, hits[1].window_secs), (10, 900));
        // Only signing in has a per-account limit.
        let hits = limiter.hits(Action::Register, &client, Some("ana@example.org"));
        assert_eq!(hits.len(), 2);
        // `off` leaves a limit out.
        let mut limits = AbuseLimits::default();
        limits.post.global = None;
        let hits = Limiter::new(limits).hits(Action::Post, &client, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].bucket, "post/address");
    }

    #[test]
    fn a_subscription_counts_per_address_per_email_and_in_all() {
        let client = ClientAddr::new("192.0.2.7".parse().unwrap());
        let limiter = Limiter::new(AbuseLimits::default());
        let hits = limiter.hits(Action::Subscribe, &client, Some("Someone@Example.org"));
        let buckets: Vec<&str> = hits.iter().map(|h| h.bucket).collect();
        assert_eq!(
            buckets,
            [
                "subscribe/address",
                SUBSCRIBE_EMAIL_BUCKET,
                "subscribe/global"
            ]
        );
        assert_eq!(hits[1].key, "someone@example.org");
        assert_eq!((hits[1].max, hits[1].window_secs), (5, 86_400));
    }

    #[test]
    fn the_limits_read_as_one_line() {
        let mut limits = AbuseLimits::default();
        limits.report.global = None;
        assert_eq!(
            limits.to_string(),
            "register 10/1h per address, 300/1h in all; \
             sign-in 30/15m per address, 10/15m per account, 300/1m in all; \
             post 60/1h per address, 600/1h in all; report 20/1h per address, off in all; \
             subscribe 10/1h per address, 5/1d per email, 300/1h in all"
        );
    }

    #[test]
    fn waits_read_as_words() {
        assert_eq!(in_words(0), "1 second");
        assert_eq!(in_words(1), "1 second");
        assert_eq!(in_words(90), "90 seconds");
        assert_eq!(in_words(91), "2 minutes");
        assert_eq!(in_words(5400), "90 minutes");
        assert_eq!(in_words(5401), "2 hours");
    }
}

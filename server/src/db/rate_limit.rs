//! Abuse limits as storage counts them: hits per (bucket, key, window) in the
//! `rate_limits` table, and the sliding window each backend estimates from two of its
//! fixed windows (the current one, and the previous one weighted by how much of it
//! still lies within one window's length of now).
//!
//! A fixed window alone lets a client spend its whole allowance at the end of one
//! window and again at the start of the next: twice the limit within seconds. The
//! estimate closes that gap for the price of reading one more row.

use time::OffsetDateTime;

/// One limit a request must pass: at most `max` hits within any `window_secs` for
/// `key` in `bucket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitHit {
    /// The limit's name, e.g. `sign_in/address`.
    pub bucket: &'static str,
    /// What it counts for: an address group, a lower-cased email, `""` for everyone.
    pub key: String,
    /// Hits allowed per window (at least 1).
    pub max: u32,
    /// The window's length in seconds (at least 1).
    pub window_secs: i64,
}

/// What counting the hits of one request decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitOutcome {
    /// Every limit had room; each counted one hit.
    Allowed,
    /// `bucket`'s limit is reached: nothing was counted, and one more hit would pass in
    /// `retry_after_secs` (if no one else hits it meanwhile).
    Refused {
        bucket: &'static str,
        retry_after_secs: u64,
    },
}

/// Where `now` falls among a limit's fixed windows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct WindowAt {
    /// The current window's first second (unix seconds).
    pub start: i64,
    /// The previous window's first second.
    pub previous: i64,
    /// When the current window's row is no longer needed: once the window after it
    /// has passed too.
    pub expires_at: i64,
    /// Seconds from the window's start to now (fractional).
    pub into: f64,
}

impl LimitHit {
    /// The fixed windows around `now`.
    pub(crate) fn window(&self, now: OffsetDateTime) -> WindowAt {
        let length = self.window_secs.max(1);
        let secs = now.unix_timestamp();
        let start = secs.div_euclid(length) * length;
        WindowAt {
            start,
            previous: start - length,
            expires_at: start + 2 * length,
            into: (secs - start) as f64 + f64::from(now.nanosecond()) / 1e9,
        }
    }

    /// How many hits the current window may hold, given the previous window's: the
    /// limit minus the part of the previous window's hits still within one window's
    /// length of now (assuming they were spread evenly over it).
    /// A hit that lands exactly on the boundary fits (`EPSILON` absorbs the rounding).
    pub(crate) fn room(&self, previous_hits: i64, at: &WindowAt) -> f64 {
        let length = self.window_secs.max(1) as f64;
        let weight = (1.0 - at.into / length).clamp(0.0, 1.0);
        f64::from(self.max) - previous_hits as f64 * weight + EPSILON
    }

    /// Seconds until one more hit would pass, when the windows hold `previous_hits`
    /// and `current_hits` and no one hits meanwhile; at least 1.
    pub(crate) fn retry_after(&self, previous_hits: i64, current_hits: i64, at: &WindowAt) -> u64 {
        let length = self.window_secs.max(1) as f64;
        let max = f64::from(self.max);
        let (previous, current) = (previous_hits as f64, current_hits as f64);
        let wait = if current + 1.0 <= max && previous > 0.0 {
            // Within this window, once enough of the previous window has slid out:
            // previous × (1 − f) + current + 1 ≤ max.
            let fraction = 1.0 - (max - 1.0 - current) / previous;
            fraction * length - at.into
        } else {
            // In the next window, where this window's hits weigh as the previous ones:
            // current × (1 − f) + 1 ≤ max.
            let fraction = if current > 0.0 {
                (1.0 - (max - 1.0) / current).max(0.0)
            } else {
                0.0
            };
            (length - at.into) + fraction * length
        };
        (wait - EPSILON).ceil().max(1.0) as u64
    }
}

/// Rounding in the estimate (far below one hit or one second).
const EPSILON: f64 = 1e-6;

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(max: u32, window_secs: i64) -> LimitHit {
        LimitHit {
            bucket: "test/global",
            key: String::new(),
            max,
            window_secs,
        }
    }

    fn at(unix: i64, millis: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix).unwrap() + time::Duration::milliseconds(millis)
    }

    #[test]
    fn windows_are_aligned_multiples_of_their_length() {
        // 2026-01-01T00:15:30.250Z with one-hour windows.
        let now = at(1_767_226_530, 250);
        let w = hit(10, 3600).window(now);
        assert_eq!(w.start, 1_767_225_600);
        assert_eq!(w.previous, 1_767_222_000);
        assert_eq!(w.expires_at, 1_767_232_800);
        assert!((w.into - 930.25).abs() < 1e-6, "{}", w.into);
    }

    #[test]
    fn the_previous_window_weighs_by_what_is_left_of_it() {
        let limit = hit(10, 100);
        // At the start of a window the previous one counts fully, halfway half.
        let start = limit.window(at(1_000, 0));
        let near = |a: f64, b: f64| (a - b).abs() < 1e-5;
        assert!(near(limit.room(10, &start), 0.0));
        let half = limit.window(at(1_050, 0));
        assert!(near(limit.room(10, &half), 5.0));
        assert!(near(limit.room(0, &half), 10.0));
    }

    #[test]
    fn retry_after_is_when_one_more_hit_fits() {
        let limit = hit(10, 100);
        // Current window full at 30 s into it: wait for its end (70 s), then for 10 %
        // of the next window to pass (10 × 0.9 + 1 ≤ 10): 80 s.
        let w = limit.window(at(1_030, 0));
        assert_eq!(limit.retry_after(0, 10, &w), 80);
        // Room in the current window, none counting the previous one's 10 hits with
        // 4 in this one: 10 × (1 − f) + 5 ≤ 10 at f = 0.5, 20 s after 30 s in.
        assert_eq!(limit.retry_after(10, 4, &w), 20);
        // Never less than a second.
        let late = limit.window(at(1_099, 999));
        assert_eq!(limit.retry_after(10, 0, &late), 1);
        // A limit of one: the next window, once its one hit has slid out entirely.
        let one = hit(1, 60);
        let w = one.window(at(600, 0));
        assert_eq!(one.retry_after(0, 1, &w), 120);
    }
}

//! Conversions between stored unix seconds and times.

use time::OffsetDateTime;

/// Unix seconds, as stored.
pub fn to_unix(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

/// Stored unix seconds back to a UTC time (out-of-range values clamp to the epoch).
pub fn from_unix(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

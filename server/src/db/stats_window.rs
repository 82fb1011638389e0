//! The windows an agency's figures cover, the same on every backend.

/// How many calendar months the per-month series covers, the current one included.
pub const STATS_MONTHS: u32 = 24;

/// How far back "the last 12 months" of the directory and profile reaches.
pub const TWELVE_MONTHS: time::Duration = time::Duration::days(365);

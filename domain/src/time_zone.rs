//! Agencies' IANA time zones (feature `time-zones`): which names are valid, a calendar
//! year's bounds in a zone, and the UTC offsets in force over a span of time, from the
//! tz database bundled into the binary (the `jiff` crate's copy), so that every
//! deployment answers alike whatever its host's `/usr/share/zoneinfo` holds.
//!
//! The annual reports count months and hours in the agency's zone. The offsets come
//! from here as [`OffsetSpan`]s, which a database joins on time: storage backends
//! without time zones (SQLite) and with them (PostgreSQL) then share one method.

use std::fmt;

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The zone an agency gets when none is given.
///
/// ```
/// assert_eq!(porchlight_domain::time_zone::DEFAULT_TIME_ZONE, "UTC");
/// ```
pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// Longest accepted time zone name, in bytes (the longest IANA name is 32).
///
/// ```
/// assert_eq!(porchlight_domain::time_zone::MAX_TIME_ZONE_BYTES, 64);
/// ```
pub const MAX_TIME_ZONE_BYTES: usize = 64;

/// A time zone name the tz database does not know.
///
/// ```
/// use porchlight_domain::time_zone::AgencyTimeZone;
/// let e = AgencyTimeZone::parse("Mars/Olympus_Mons").unwrap_err();
/// assert_eq!(e.code(), "time_zone_invalid");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneError;

impl TimeZoneError {
    /// The stable code the API returns.
    pub fn code(&self) -> &'static str {
        "time_zone_invalid"
    }
}

impl fmt::Display for TimeZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Enter an IANA time zone name, e.g. America/Los_Angeles or Europe/Berlin.")
    }
}

impl std::error::Error for TimeZoneError {}

/// An IANA time zone known to the bundled tz database, under its canonical spelling.
///
/// ```
/// use porchlight_domain::time_zone::AgencyTimeZone;
/// let tz = AgencyTimeZone::parse(" america/los_angeles ").unwrap();
/// assert_eq!(tz.name(), "America/Los_Angeles");
/// assert!(AgencyTimeZone::parse("+05:30").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyTimeZone {
    name: String,
    zone: TimeZone,
}

/// A span of UTC time `[start, end)` (unix seconds) over which the zone's clocks are
/// `offset_secs` ahead of UTC.
///
/// ```
/// use porchlight_domain::time_zone::{AgencyTimeZone, OffsetSpan};
/// let kolkata = AgencyTimeZone::parse("Asia/Kolkata").unwrap();
/// let spans = kolkata.offset_spans(0, 86_400);
/// assert_eq!(spans, vec![OffsetSpan { start: 0, end: 86_400, offset_secs: 19_800 }]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetSpan {
    pub start: i64,
    pub end: i64,
    pub offset_secs: i64,
}

impl AgencyTimeZone {
    /// The zone named `name` (trimmed, any letter case), or [`TimeZoneError`] when the
    /// tz database has no such name. Fixed offsets and POSIX TZ strings are refused:
    /// an agency's clocks follow its zone's rules.
    pub fn parse(name: &str) -> Result<AgencyTimeZone, TimeZoneError> {
        let name = name.trim();
        if name.is_empty() || name.len() > MAX_TIME_ZONE_BYTES {
            return Err(TimeZoneError);
        }
        let zone = TimeZone::get(name).map_err(|_| TimeZoneError)?;
        let canonical = zone.iana_name().ok_or(TimeZoneError)?.to_owned();
        Ok(AgencyTimeZone { name: canonical, zone })
    }

    /// UTC.
    ///
    /// ```
    /// assert_eq!(porchlight_domain::time_zone::AgencyTimeZone::utc().name(), "UTC");
    /// ```
    pub fn utc() -> AgencyTimeZone {
        AgencyTimeZone { name: DEFAULT_TIME_ZONE.to_owned(), zone: TimeZone::UTC }
    }

    /// The canonical IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The UTC instants (unix seconds) at which calendar year `year` starts and the
    /// next one starts, in this zone: `[start, end)` is the year. `None` for years
    /// outside −9998..=9998.
    ///
    /// ```
    /// use porchlight_domain::time_zone::AgencyTimeZone;
    /// let honolulu = AgencyTimeZone::parse("Pacific/Honolulu").unwrap();
    /// // 2026-01-01T00:00-10:00 and 2027-01-01T00:00-10:00
    /// assert_eq!(honolulu.year_bounds(2026), Some((1_767_261_600, 1_798_797_600)));
    /// ```
    pub fn year_bounds(&self, year: i32) -> Option<(i64, i64)> {
        let year = i16::try_from(year).ok()?;
        let next = year.checked_add(1)?;
        let at = |y: i16| -> Option<i64> {
            let day = jiff::civil::Date::new(y, 1, 1).ok()?;
            Some(day.to_zoned_datetime(self.zone.clone()).ok()?.timestamp().as_second())
        };
        Some((at(year)?, at(next)?))
    }

    /// The calendar year in this zone at unix time `unix_secs`.
    ///
    /// ```
    /// use porchlight_domain::time_zone::AgencyTimeZone;
    /// let honolulu = AgencyTimeZone::parse("Pacific/Honolulu").unwrap();
    /// // 2027-01-01T05:00Z is still 2026-12-31 in Honolulu.
    /// assert_eq!(honolulu.year_at(1_798_779_600), Some(2026));
    /// ```
    pub fn year_at(&self, unix_secs: i64) -> Option<i32> {
        let t = Timestamp::from_second(unix_secs).ok()?;
        Some(i32::from(self.zone.to_datetime(t).year()))
    }

    /// The offsets in force from `from` to `to` (unix seconds, `from < to`), as
    /// consecutive spans that cover `[from, to)` exactly: one span per change of the
    /// zone's offset (daylight saving, a change of rules) in between.
    ///
    /// ```
    /// use porchlight_domain::time_zone::AgencyTimeZone;
    /// let la = AgencyTimeZone::parse("America/Los_Angeles").unwrap();
    /// let (start, end) = la.year_bounds(2026).unwrap();
    /// let spans = la.offset_spans(start, end);
    /// // PST, PDT from 8 March, PST again from 1 November.
    /// let offsets: Vec<i64> = spans.iter().map(|s| s.offset_secs).collect();
    /// assert_eq!(offsets, vec![-8 * 3600, -7 * 3600, -8 * 3600]);
    /// assert_eq!((spans[0].start, spans[2].end), (start, end));
    /// ```
    pub fn offset_spans(&self, from: i64, to: i64) -> Vec<OffsetSpan> {
        let mut spans = Vec::new();
        let Ok(first) = Timestamp::from_second(from) else {
            return spans;
        };
        let mut start = from;
        let mut offset = i64::from(self.zone.to_offset(first).seconds());
        for transition in self.zone.following(first) {
            let at = transition.timestamp().as_second();
            if at >= to {
                break;
            }
            let next = i64::from(transition.offset().seconds());
            if next != offset {
                spans.push(OffsetSpan { start, end: at, offset_secs: offset });
                start = at;
                offset = next;
            }
        }
        if start < to {
            spans.push(OffsetSpan { start, end: to, offset_secs: offset });
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_canonical() {
        for (given, canonical) in [
            ("UTC", "UTC"),
            ("utc", "UTC"),
            ("Europe/Berlin", "Europe/Berlin"),
            ("asia/kolkata", "Asia/Kolkata"),
            ("Pacific/Honolulu", "Pacific/Honolulu"),
        ] {
            assert_eq!(AgencyTimeZone::parse(given).unwrap().name(), canonical);
        }
        for bad in [
            "",
            " ",
            "Nowhere/City",
            "+01:00",
            "EST5EDT,M3.2.0,M11.1.0",
            "Europe/Berlin\0",
            &"A".repeat(65),
        ] {
            assert_eq!(AgencyTimeZone::parse(bad), Err(TimeZoneError), "{bad:?}");
        }
    }

    #[test]
    fn kolkata_year_starts_before_utc() {
        let tz = AgencyTimeZone::parse("Asia/Kolkata").unwrap();
        // 2026-01-01T00:00+05:30 = 2025-12-31T18:30Z
        let (start, end) = tz.year_bounds(2026).unwrap();
        assert_eq!(start, 1_767_205_800);
        assert_eq!(end - start, 365 * 86_400);
        assert_eq!(tz.year_at(start), Some(2026));
        assert_eq!(tz.year_at(start - 1), Some(2025));
    }

    #[test]
    fn spans_cover_the_range_without_gaps() {
        let tz = AgencyTimeZone::parse("Europe/Berlin").unwrap();
        let (start, end) = tz.year_bounds(2026).unwrap();
        let spans = tz.offset_spans(start - 400 * 86_400, end);
        assert_eq!(spans.first().unwrap().start, start - 400 * 86_400);
        assert_eq!(spans.last().unwrap().end, end);
        for pair in spans.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_ne!(pair[0].offset_secs, pair[1].offset_secs);
        }
        assert!(spans.iter().all(|s| [3600, 7200].contains(&s.offset_secs)));
        // CET, then CEST and CET again in 2025 and in 2026.
        assert_eq!(spans.len(), 5);
    }

    #[test]
    fn utc_has_one_span() {
        let spans = AgencyTimeZone::utc().offset_spans(0, 100);
        assert_eq!(spans, vec![OffsetSpan { start: 0, end: 100, offset_secs: 0 }]);
    }
}

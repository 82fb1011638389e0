//! Text for people: areas and durations the way the form and the messages show them.

use crate::limits::{MAX_AREA_M2, SQUARE_MILE_M2};

/// How many decimals an area is written with, in square miles and in km²: 2, or 3
/// below 0.1 sq mi so that the 0.025 sq mi minimum stays readable.
///
/// ```
/// use porchlight_domain::area_decimals;
/// assert_eq!(area_decimals(802_896.3), 2);
/// assert_eq!(area_decimals(64_749.7), 3);
/// ```
pub fn area_decimals(m2: f64) -> usize {
    if (m2 / SQUARE_MILE_M2).abs() < 0.1 { 3 } else { 2 }
}

/// Square miles with [`area_decimals`] decimals.
fn sq_mi_text(m2: f64) -> String {
    format!("{:.*}", area_decimals(m2), m2 / SQUARE_MILE_M2)
}

/// An area in square miles with square kilometres in brackets.
///
/// ```
/// use porchlight_domain::format_area;
/// // Roughly Portland's Pioneer Courthouse Square neighbourhood, 0.31 sq mi.
/// assert_eq!(format_area(802_896.3), "0.31 sq mi (0.80 km²)");
/// assert_eq!(format_area(64_749.7), "0.025 sq mi (0.065 km²)");
/// ```
pub fn format_area(m2: f64) -> String {
    format!("{} sq mi ({:.*} km²)", sq_mi_text(m2), area_decimals(m2), m2 / 1_000_000.0)
}

/// [`format_area`] plus the share of the 0.5 sq mi limit, for the form's live readout.
///
/// ```
/// use porchlight_domain::format_area_with_limit;
/// assert_eq!(format_area_with_limit(802_896.3), "0.31 sq mi (0.80 km²) — 62 % of the limit");
/// ```
pub fn format_area_with_limit(m2: f64) -> String {
    let percent = (m2 / MAX_AREA_M2 * 100.0).round();
    format!("{} — {percent:.0} % of the limit", format_area(m2))
}

/// A duration in hours, minutes and seconds, leaving out zero parts.
///
/// ```
/// use porchlight_domain::format_duration;
/// assert_eq!(format_duration(2 * 3600 + 15 * 60), "2 h 15 min");
/// assert_eq!(format_duration(14 * 60 + 59), "14 min 59 s");
/// assert_eq!(format_duration(12 * 3600 + 1), "12 h 1 s");
/// assert_eq!(format_duration(0), "0 min");
/// assert_eq!(format_duration(-900), "-15 min");
/// ```
pub fn format_duration(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let total = secs.unsigned_abs();
    let (h, min, s) = (total / 3600, total % 3600 / 60, total % 60);
    let mut parts = Vec::with_capacity(3);
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if min > 0 {
        parts.push(format!("{min} min"));
    }
    if s > 0 {
        parts.push(format!("{s} s"));
    }
    if parts.is_empty() {
        return "0 min".to_owned();
    }
    format!("{sign}{}", parts.join(" "))
}

/// "0.62 sq mi", or for an area within rounding of `limit_m2` a phrase that still shows
/// on which side of the limit it lies ("slightly more than 0.5 sq mi (by 1 m²)").
pub(crate) fn area_against_limit(m2: f64, limit_m2: f64) -> String {
    let shown = sq_mi_text(m2);
    if shown != sq_mi_text(limit_m2) {
        return format!("{shown} sq mi");
    }
    let diff = (m2 - limit_m2).abs();
    let side = if m2 > limit_m2 { "more" } else { "less" };
    let by = if diff >= 1.0 { format!("{diff:.0} m²") } else { "less than 1 m²".to_owned() };
    format!("slightly {side} than {} sq mi (by {by})", limit_sq_mi_text(limit_m2))
}

/// A limit in square miles, as short as it is exact: "0.5", "0.025".
pub(crate) fn limit_sq_mi_text(limit_m2: f64) -> String {
    let sq_mi = limit_m2 / SQUARE_MILE_M2;
    // Limits have at most 3 decimals; trim the zeros `{:.3}` adds.
    let text = format!("{sq_mi:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

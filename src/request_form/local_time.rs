//! `datetime-local` values (the user's wall clock) to and from UTC, through the
//! browser's own time-zone rules (`Date`).

use js_sys::Date;
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

/// The browser's clock, read here and passed to the domain (which never reads a clock).
pub fn now_utc() -> OffsetDateTime {
    from_millis(Date::now()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn from_millis(ms: f64) -> Option<OffsetDateTime> {
    if !ms.is_finite() {
        return None;
    }
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000).ok()
}

/// `2026-11-27T13:00` or `2026-11-27T13:00:05` in the browser's time zone, as a UTC
/// instant; `None` if it is not such a value.
pub fn local_input_to_utc(value: &str) -> Option<OffsetDateTime> {
    let value = value.trim();
    // Only the `datetime-local` shape: `Date` would also accept "Nov 27" and the like.
    let shape_ok = value.len() >= 16
        && value.as_bytes().get(10) == Some(&b'T')
        && value.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | 'T' | '.'));
    if !shape_ok {
        return None;
    }
    from_millis(Date::new(&JsValue::from_str(value)).get_time())
}

/// A UTC instant as a `datetime-local` value (seconds included) in the browser's zone.
pub fn utc_to_local_input(t: OffsetDateTime) -> String {
    let date = Date::new(&JsValue::from_f64((t.unix_timestamp_nanos() / 1_000_000) as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

//! Dates and times for people, in the reader's time zone (or a named one), through the
//! browser's `Intl.DateTimeFormat`. Durations and areas come from the domain crate.

use js_sys::{Array, Date, Intl, Object, Reflect};
use porchlight_domain::wire::TimeFrameInput;
use porchlight_domain::{area_decimals, format_duration, SQUARE_MILE_M2};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

use crate::i18n::{number_with, tf};

/// Which clock and conventions to show times in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Zone {
    /// BCP 47 locale, `None` = the browser's (before the app's language is known).
    pub locale: Option<String>,
    /// IANA time zone, `None` = the reader's.
    pub time_zone: Option<String>,
}

impl Zone {
    /// The reader's time zone, in the locale of the app's language (docs/i18n.md).
    pub fn reader() -> Zone {
        Zone { locale: crate::i18n::current_locale().map(str::to_owned), time_zone: None }
    }

    /// A fixed locale and time zone (tests, or showing an agency's local time).
    pub fn named(locale: &str, time_zone: &str) -> Zone {
        Zone { locale: Some(locale.to_owned()), time_zone: Some(time_zone.to_owned()) }
    }

    fn formatter(&self, fields: &[(&str, &str)]) -> Intl::DateTimeFormat {
        let locales = Array::new();
        if let Some(locale) = &self.locale {
            locales.push(&JsValue::from_str(locale));
        }
        let options = Object::new();
        for (key, value) in fields {
            let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        if let Some(tz) = &self.time_zone {
            let _ = Reflect::set(&options, &JsValue::from_str("timeZone"), &JsValue::from_str(tz));
        }
        Intl::DateTimeFormat::new(&locales, &options)
    }

    fn format(&self, fields: &[(&str, &str)], t: OffsetDateTime) -> String {
        let date = to_js_date(t);
        self.formatter(fields)
            .format()
            .call1(&JsValue::UNDEFINED, &date)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }

    /// The IANA name of the zone in use, e.g. `America/Los_Angeles`.
    pub fn time_zone_name(&self) -> String {
        let resolved = self.formatter(&[]).resolved_options();
        Reflect::get(&resolved, &JsValue::from_str("timeZone"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "UTC".to_owned())
    }
}

const DATE: &[(&str, &str)] = &[("weekday", "short"), ("year", "numeric"), ("month", "short"), ("day", "numeric")];
const DATE_TIME: &[(&str, &str)] = &[
    ("weekday", "short"),
    ("year", "numeric"),
    ("month", "short"),
    ("day", "numeric"),
    ("hour", "numeric"),
    ("minute", "2-digit"),
];
const DATE_TIME_ZONE: &[(&str, &str)] = &[
    ("weekday", "short"),
    ("year", "numeric"),
    ("month", "short"),
    ("day", "numeric"),
    ("hour", "numeric"),
    ("minute", "2-digit"),
    ("timeZoneName", "short"),
];
const TIME_ZONE: &[(&str, &str)] = &[("hour", "numeric"), ("minute", "2-digit"), ("timeZoneName", "short")];
const DAY_KEY: &[(&str, &str)] = &[("year", "numeric"), ("month", "2-digit"), ("day", "2-digit")];

fn to_js_date(t: OffsetDateTime) -> Date {
    let millis = (t.unix_timestamp_nanos() / 1_000_000) as f64;
    Date::new(&JsValue::from_f64(millis))
}

/// Parses an RFC 3339 timestamp from the API.
pub fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// A date, e.g. "Sat, Nov 28, 2026".
pub fn format_date(t: OffsetDateTime, zone: &Zone) -> String {
    zone.format(DATE, t)
}

/// A date and time with the zone named, e.g. "Sat, Nov 28, 2026, 12:00 AM PST".
pub fn format_date_time(t: OffsetDateTime, zone: &Zone) -> String {
    zone.format(DATE_TIME_ZONE, t)
}

/// A footage window: "Fri, Nov 27, 2026, 1:00 PM – 3:00 PM PST (2 h)"; the end date
/// is repeated only when the window crosses midnight in `zone`.
pub fn format_time_frame(start: OffsetDateTime, end: OffsetDateTime, zone: &Zone) -> String {
    let same_day = zone.format(DAY_KEY, start) == zone.format(DAY_KEY, end);
    let end_text = if same_day { zone.format(TIME_ZONE, end) } else { zone.format(DATE_TIME_ZONE, end) };
    let seconds = (end - start).whole_seconds();
    format!("{} – {} ({})", zone.format(DATE_TIME, start), end_text, format_duration(seconds))
}

/// [`format_time_frame`] for the wire's RFC 3339 strings; the raw strings if they do
/// not parse (never hides the data).
pub fn format_time_frame_input(frame: &TimeFrameInput, zone: &Zone) -> String {
    match (parse_time(&frame.start), parse_time(&frame.end)) {
        (Some(start), Some(end)) => format_time_frame(start, end, zone),
        _ => format!("{} – {}", frame.start, frame.end),
    }
}

/// An area in square miles with square kilometres in brackets, in the reader's
/// language ("0.31 sq mi (0.80 km²)"): the domain's `format_area` with the numbers
/// written by `Intl` (3 decimals below 0.1 sq mi, so the 0.025 sq mi minimum reads).
pub fn area_text(m2: f64) -> String {
    let sq_mi = m2 / SQUARE_MILE_M2;
    let digits = area_decimals(m2) as u8; // 2 or 3
    tf(
        "area.text",
        &[("sq_mi", &number_with(sq_mi, digits, digits)), ("km2", &number_with(m2 / 1_000_000.0, digits, digits))],
    )
}

/// The short name of month `month` (1–12) in the reader's language ("Feb" / "feb").
pub fn month_short_name(month: u8) -> String {
    let zone = Zone { time_zone: Some("UTC".to_owned()), ..Zone::reader() };
    let t = time::Date::from_calendar_date(
        2024,
        time::Month::try_from(month.clamp(1, 12)).unwrap_or(time::Month::January),
        15,
    )
    .map(|d| d.midnight().assume_utc())
    .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    zone.format(&[("month", "short")], t)
}

/// The short name of the `index`th day of the week, Monday first (0–6), in the
/// reader's language ("Mon" / "lun").
pub fn weekday_short_name(index: usize) -> String {
    let zone = Zone { time_zone: Some("UTC".to_owned()), ..Zone::reader() };
    // 1 January 2024 was a Monday.
    let t = OffsetDateTime::UNIX_EPOCH + time::Duration::days(19_723 + index as i64);
    zone.format(&[("weekday", "short")], t)
}

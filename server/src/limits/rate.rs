//! A limit's rate as the flags write it: `10/1h` is ten per hour, `30/15m` thirty per
//! fifteen minutes; `off` is no limit.

use std::fmt;
use std::str::FromStr;

/// At most `max` times within any `window_secs` seconds.
///
/// ```
/// use porchlight_server::limits::Rate;
/// let rate: Rate = "30/15m".parse().unwrap();
/// assert_eq!(rate, Rate::new(30, 15 * 60));
/// assert_eq!(rate.to_string(), "30/15m");
/// assert_eq!("10/h".parse::<Rate>().unwrap(), Rate::new(10, 3600));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub max: u32,
    pub window_secs: i64,
}

/// The longest window a limit may have: its counters live two windows.
pub const MAX_WINDOW_SECS: i64 = 7 * 24 * 3600;

const UNITS: [(char, i64); 4] = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

impl Rate {
    pub const fn new(max: u32, window_secs: i64) -> Rate {
        Rate { max, window_secs }
    }
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Rate, String> {
        let usage =
            || format!("`{s}`: expected COUNT/WINDOW, e.g. 10/1h, 30/15m or 5/30s, or `off`");
        let (count, window) = s.trim().split_once('/').ok_or_else(usage)?;
        let max: u32 = count.trim().parse().map_err(|_| usage())?;
        let window = window.trim();
        let unit = window.chars().last().ok_or_else(usage)?;
        let (_, unit_secs) = UNITS.iter().find(|(u, _)| *u == unit).ok_or_else(usage)?;
        let number = &window[..window.len() - 1];
        let number: i64 = if number.is_empty() {
            1
        } else {
            number.parse().map_err(|_| usage())?
        };
        let window_secs = number.checked_mul(*unit_secs).ok_or_else(usage)?;
        if max == 0 || window_secs < 1 {
            return Err(format!(
                "`{s}`: the count and the window must be at least 1 (use `off` for no limit)"
            ));
        }
        if window_secs > MAX_WINDOW_SECS {
            return Err(format!("`{s}`: the window can be at most 7 days"));
        }
        Ok(Rate { max, window_secs })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (unit, secs) = UNITS
            .iter()
            .find(|(_, secs)| self.window_secs % secs == 0)
            .copied()
            .unwrap_or(('s', 1));
        write!(f, "{}/{}{unit}", self.max, self.window_secs / secs)
    }
}

/// A flag's value: a [`Rate`], or `off`.
///
/// ```
/// use porchlight_server::limits::{Limit, Rate};
/// assert_eq!("off".parse::<Limit>().unwrap(), Limit(None));
/// assert_eq!("5/1m".parse::<Limit>().unwrap(), Limit(Some(Rate::new(5, 60))));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub Option<Rate>);

impl FromStr for Limit {
    type Err = String;

    fn from_str(s: &str) -> Result<Limit, String> {
        if s.trim().eq_ignore_ascii_case("off") {
            Ok(Limit(None))
        } else {
            s.parse().map(|rate| Limit(Some(rate)))
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(rate) => rate.fmt(f),
            None => f.write_str("off"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_and_print_back() {
        for (text, rate, printed) in [
            ("10/1h", Rate::new(10, 3600), "10/1h"),
            ("10/h", Rate::new(10, 3600), "10/1h"),
            (" 300 / 1m ", Rate::new(300, 60), "300/1m"),
            ("5/30s", Rate::new(5, 30), "5/30s"),
            ("5/90s", Rate::new(5, 90), "5/90s"),
            ("5/120s", Rate::new(5, 120), "5/2m"),
            ("1/7d", Rate::new(1, 7 * 86_400), "1/7d"),
        ] {
            assert_eq!(text.parse::<Rate>(), Ok(rate), "{text}");
            assert_eq!(rate.to_string(), printed);
        }
    }

    #[test]
    fn bad_rates_are_refused() {
        for text in [
            "", "10", "10/", "/1h", "0/1h", "10/0s", "10/1w", "-1/1h", "ten/1h", "10/8d", "off",
        ] {
            assert!(text.parse::<Rate>().is_err(), "{text}");
        }
        assert_eq!("OFF".parse::<Limit>(), Ok(Limit(None)));
        assert_eq!(Limit(None).to_string(), "off");
    }
}

//! Every limit of the rules, as named constants with their units in the name.

use time::Duration;

/// One international square mile, exactly (1 mi = 1 609.344 m).
///
/// ```
/// assert_eq!(porchlight_domain::SQUARE_MILE_M2, 1_609.344 * 1_609.344);
/// ```
pub const SQUARE_MILE_M2: f64 = 2_589_988.110336;

/// The smallest area a request may cover, in square miles (inclusive).
///
/// ```
/// assert_eq!(porchlight_domain::MIN_AREA_SQ_MI, 0.025);
/// ```
pub const MIN_AREA_SQ_MI: f64 = 0.025;

/// The largest area a request may cover, in square miles (inclusive).
///
/// ```
/// assert_eq!(porchlight_domain::MAX_AREA_SQ_MI, 0.5);
/// ```
pub const MAX_AREA_SQ_MI: f64 = 0.5;

/// [`MIN_AREA_SQ_MI`] in square metres (0.025 sq mi ≈ 64 749.70 m²).
///
/// ```
/// assert!((porchlight_domain::MIN_AREA_M2 - 64_749.702_758_4).abs() < 1e-6);
/// ```
// Divided rather than multiplied by 0.025, which has no exact binary form: the quotient
// is the correctly rounded value, the same one Python computes in the fixture generator.
pub const MIN_AREA_M2: f64 = SQUARE_MILE_M2 / 40.0;

/// [`MAX_AREA_SQ_MI`] in square metres (0.5 sq mi = 1 294 994.055168 m², exact).
///
/// ```
/// assert_eq!(porchlight_domain::MAX_AREA_M2, 1_294_994.055168);
/// ```
pub const MAX_AREA_M2: f64 = SQUARE_MILE_M2 / 2.0;

/// Fewest distinct vertices of an area's ring.
///
/// ```
/// assert_eq!(porchlight_domain::MIN_VERTICES, 3);
/// ```
pub const MIN_VERTICES: usize = 3;

/// Most distinct vertices of an area's ring.
///
/// ```
/// assert_eq!(porchlight_domain::MAX_VERTICES, 200);
/// ```
pub const MAX_VERTICES: usize = 200;

/// Shortest time frame (inclusive).
///
/// ```
/// assert_eq!(porchlight_domain::MIN_TIME_FRAME.whole_seconds(), 15 * 60);
/// ```
pub const MIN_TIME_FRAME: Duration = Duration::minutes(15);

/// Longest time frame (inclusive).
///
/// ```
/// assert_eq!(porchlight_domain::MAX_TIME_FRAME.whole_seconds(), 12 * 3600);
/// ```
pub const MAX_TIME_FRAME: Duration = Duration::hours(12);

/// How far in the future a time frame may end, to tolerate clocks that disagree.
///
/// ```
/// assert_eq!(porchlight_domain::CLOCK_SKEW.whole_seconds(), 120);
/// ```
pub const CLOCK_SKEW: Duration = Duration::minutes(2);

/// How long before "now" a time frame may start.
///
/// ```
/// assert_eq!(porchlight_domain::MAX_AGE.whole_days(), 180);
/// ```
pub const MAX_AGE: Duration = Duration::days(180);

/// Most published requests per agency and case number.
///
/// ```
/// assert_eq!(porchlight_domain::MAX_REQUESTS_PER_CASE, 2);
/// ```
pub const MAX_REQUESTS_PER_CASE: u32 = 2;

/// Longest case number, in characters.
///
/// ```
/// assert_eq!(porchlight_domain::CASE_NUMBER_MAX_CHARS, 40);
/// ```
pub const CASE_NUMBER_MAX_CHARS: usize = 40;

/// Shortest title, in characters after trimming.
///
/// ```
/// assert_eq!(porchlight_domain::TITLE_MIN_CHARS, 5);
/// ```
pub const TITLE_MIN_CHARS: usize = 5;

/// Longest title, in characters after trimming.
///
/// ```
/// assert_eq!(porchlight_domain::TITLE_MAX_CHARS, 120);
/// ```
pub const TITLE_MAX_CHARS: usize = 120;

/// Shortest description, in characters after trimming.
///
/// ```
/// assert_eq!(porchlight_domain::DESCRIPTION_MIN_CHARS, 20);
/// ```
pub const DESCRIPTION_MIN_CHARS: usize = 20;

/// Longest description, in characters after trimming.
///
/// ```
/// assert_eq!(porchlight_domain::DESCRIPTION_MAX_CHARS, 2_000);
/// ```
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;

/// Longest email address, in characters (RFC 5321's path limit).
///
/// ```
/// assert_eq!(porchlight_domain::EMAIL_MAX_CHARS, 254);
/// ```
pub const EMAIL_MAX_CHARS: usize = 254;

/// Fewest digits in a phone number.
///
/// ```
/// assert_eq!(porchlight_domain::PHONE_MIN_DIGITS, 7);
/// ```
pub const PHONE_MIN_DIGITS: usize = 7;

/// Most digits in a phone number (E.164's maximum).
///
/// ```
/// assert_eq!(porchlight_domain::PHONE_MAX_DIGITS, 15);
/// ```
pub const PHONE_MAX_DIGITS: usize = 15;

/// Shortest password an account may have, in characters.
///
/// ```
/// assert_eq!(porchlight_domain::PASSWORD_MIN_CHARS, 12);
/// ```
pub const PASSWORD_MIN_CHARS: usize = 12;

/// Longest password accepted, in characters (bounds the hashing work per request).
///
/// ```
/// assert_eq!(porchlight_domain::PASSWORD_MAX_CHARS, 1_024);
/// ```
pub const PASSWORD_MAX_CHARS: usize = 1_024;

/// Longest display name of an account, in characters.
///
/// ```
/// assert_eq!(porchlight_domain::DISPLAY_NAME_MAX_CHARS, 80);
/// ```
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;

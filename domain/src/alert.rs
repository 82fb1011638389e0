//! Email alerts: the area a resident watches and the subscription's other rules.
//!
//! An [`AlertArea`] is drawn with the same tool as a request's area and checked by the
//! same ring rules (one simple ring of 3 to 200 vertices, geodesic area on WGS84), but
//! it has no lower size limit, an upper one of [`MAX_ALERT_AREA_SQ_MI`], and it may
//! cross the ±180° meridian (a Pacific island group). [`AlertArea::meets`] decides
//! whether a request's area touches, overlaps or contains it, in the same planar
//! longitude/latitude geometry as the ring rules.

mod alert_area;
mod alert_error;
mod subscription;

pub use alert_area::AlertArea;
pub use alert_error::AlertError;
pub use subscription::{AlertTarget, ValidSubscription};

use crate::limits::SQUARE_MILE_M2;

/// The largest area an alert may watch, square miles.
pub const MAX_ALERT_AREA_SQ_MI: f64 = 50.0;

/// [`MAX_ALERT_AREA_SQ_MI`] in square metres.
///
/// ```
/// use porchlight_domain::alert::MAX_ALERT_AREA_M2;
/// assert_eq!(MAX_ALERT_AREA_M2, 129_499_405.5168);
/// ```
pub const MAX_ALERT_AREA_M2: f64 = SQUARE_MILE_M2 * MAX_ALERT_AREA_SQ_MI;

/// Failed deliveries refused for good (SMTP 5xx) after which a subscription is
/// disabled, unless the server is told otherwise.
pub const DEFAULT_MAX_BOUNCES: u32 = 3;

/// How long a confirmation link works, hours.
pub const CONFIRMATION_VALID_HOURS: i64 = 48;

//! Which requests a map grid counts, and how coarsely.

use time::OffsetDateTime;

use super::feed_query::StatusFilter;

/// Which requests to count, and how coarsely.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridQuery {
    /// `[west, south, east, north]`: requests whose area's bounding box meets it.
    pub bbox: [f64; 4],
    pub status: StatusFilter,
    pub since: Option<OffsetDateTime>,
    /// Only this agency's requests (an agency profile's map).
    pub agency_id: Option<i64>,
    /// Cell edge, degrees; cells are aligned on −180° / −90°.
    pub cell_deg: f64,
}

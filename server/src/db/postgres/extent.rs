//! The GiST index over each request's bounding box and publication time
//! (`requests_box_time`, migrations 0007 and 0008): PostgreSQL's counterpart of
//! SQLite's R*Tree of extents and times. A query names the same expressions as the
//! index so that the planner uses it for the box, the time range and the newest-first
//! order at once.

use sqlx::{Postgres, QueryBuilder};

/// Latest publication time a request can have (the column's CHECK), the point the
/// newest-first order measures from.
const MAX_TIME_S: i64 = 4_294_967_295;

/// Appends `request_box(r.…) && box(…)` and the time range: the requests (aliased
/// `r`) whose box meets `bbox` (`[west, south, east, north]`, degrees; touching
/// counts) and that were published from `from` to `to` (unix seconds, inclusive;
/// `None`: unbounded). The index's `box` is exact, but the feed's filters check the
/// columns again all the same, as on SQLite.
pub fn push_meets_extent(
    sql: &mut QueryBuilder<'_, Postgres>,
    bbox: [f64; 4],
    from: Option<i64>,
    to: Option<i64>,
) {
    let [west, south, east, north] = bbox;
    sql.push("request_box(r.west, r.south, r.east, r.north) && box(point(")
        .push_bind(west)
        .push(", ")
        .push_bind(south)
        .push("), point(")
        .push_bind(east)
        .push(", ")
        .push_bind(north)
        .push("))");
    if let Some(from) = from {
        sql.push(" AND r.created_at >= ").push_bind(from);
    }
    if let Some(to) = to {
        sql.push(" AND r.created_at <= ").push_bind(to);
    }
}

/// Appends the `ORDER BY` for newest first through the index: the distance of the
/// publication time to the latest possible one, which GiST's KNN scan returns in
/// ascending order, opening nodes by their newest entry first.
pub fn push_newest_first(sql: &mut QueryBuilder<'_, Postgres>) {
    sql.push(" ORDER BY r.created_at <-> ")
        .push_bind(MAX_TIME_S);
}

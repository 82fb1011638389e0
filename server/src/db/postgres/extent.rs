//! The GiST index over `request_extent(west, south, east, north, created_at)` (migration
//! 0004): PostgreSQL's counterpart of SQLite's R*Tree of extents and times. A query
//! names the same expression as the index so that the planner uses it, and a box as
//! the same kind of cube, built by the same function (the scaling is then identical
//! on both sides of `&&`).

use sqlx::{Postgres, QueryBuilder};

/// The indexed expression, for the `requests` row aliased `r`.
pub const INDEXED_EXTENT: &str = "request_extent(r.west, r.south, r.east, r.north, r.created_at)";

/// Latest publication time the cube can hold (the column's CHECK).
const MAX_TIME_S: i64 = 4_294_967_295;

/// Appends `{INDEXED_EXTENT} && request_extent(…)`: the requests whose box may meet
/// `bbox` (`[west, south, east, north]`, degrees, touching counts) and that were
/// published from `from` to `to` (unix seconds, inclusive; `None`: unbounded). The
/// exact columns decide afterwards.
pub fn push_meets_extent(
    sql: &mut QueryBuilder<'_, Postgres>,
    bbox: [f64; 4],
    from: Option<i64>,
    to: Option<i64>,
) {
    let [west, south, east, north] = bbox;
    // The union of the box at the range's two ends is the box over the whole range.
    sql.push(INDEXED_EXTENT).push(" && cube_union(");
    for (i, time) in [from.unwrap_or(0), to.unwrap_or(MAX_TIME_S)].into_iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push("request_extent(")
            .push_bind(west)
            .push(", ")
            .push_bind(south)
            .push(", ")
            .push_bind(east)
            .push(", ")
            .push_bind(north)
            .push(", ")
            .push_bind(time)
            .push(")");
    }
    sql.push(")");
}

/// `ORDER BY` clause for newest first through the index: the cube's 6th coordinate
/// (the 3rd dimension's upper bound, publication time) negated, which GiST's KNN scan
/// returns in ascending order, opening nodes by their newest entry first.
pub const NEWEST_FIRST: &str = " ORDER BY request_extent(r.west, r.south, r.east, r.north, r.created_at) ~> -6";

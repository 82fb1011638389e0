//! The one SQL test of "this extent meets that box", shared by the feed, its plan and
//! the grid (the R*Tree `request_extents` and the `requests` columns use the same names).

use sqlx::{QueryBuilder, Sqlite};

/// Appends `{columns}east >= west AND {columns}west <= east AND {columns}north >= south
/// AND {columns}south <= north`: true when the extent stored in those columns meets
/// `[west, south, east, north]` (touching counts). `columns` is a table prefix such as
/// `"r."`, or `""`.
pub fn push_meets_box(sql: &mut QueryBuilder<'_, Sqlite>, columns: &str, bbox: [f64; 4]) {
    let [west, south, east, north] = bbox;
    sql.push(format_args!("{columns}east >= "))
        .push_bind(west)
        .push(format_args!(" AND {columns}west <= "))
        .push_bind(east)
        .push(format_args!(" AND {columns}north >= "))
        .push_bind(south)
        .push(format_args!(" AND {columns}south <= "))
        .push_bind(north);
}

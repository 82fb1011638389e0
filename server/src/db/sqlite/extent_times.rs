//! `request_extent_times` (migration 0006), the R*Tree of each request's bounding box
//! and publication time: its units, and `newest_in_box`, a query function that lists
//! the entries meeting a box and a time range newest first.
//!
//! SQLite's R*Tree visits nodes in the order of a score the query function gives each
//! one (smallest first, a priority queue: the documented `sqlite3_rtree_query_callback`
//! interface). Scoring a node by how long before the range's end its newest entry was
//! published makes the search go down newest-first, and an entry comes out only once
//! every node that could hold a newer one has been opened. A statement that stops after
//! n rows has then read about n entries and the nodes above them, where a box search
//! sorted by time reads every request in the box, and a newest-first scan every request
//! outside it until the page is full.
//!
//! Entries published in the same second come out in no particular order; see
//! `Db::feed` for how a page is cut exactly all the same.

use std::ffi::{c_int, CStr};
use std::ptr::NonNull;

use libsqlite3_sys::{
    sqlite3, sqlite3_rtree_query_callback, sqlite3_rtree_query_info, SQLITE_ERROR, SQLITE_OK,
};
use sqlx::{QueryBuilder, Sqlite};

use crate::db::filters::push_meets_box;

/// The function's name in SQL.
const FUNCTION: &CStr = c"newest_in_box";

/// Stored degrees are millionths (migration 0006).
const UNITS_PER_DEGREE: f64 = 1e6;
/// Stored times are unix seconds minus this (migration 0006).
const TIME_OFFSET_S: i64 = 1 << 31;

/// What the function tells the R*Tree of a node or entry (`sqlite3rtree.h`).
const NOT_WITHIN: c_int = 0;
const PARTLY_WITHIN: c_int = 1;

/// Appends `{table}.id MATCH newest_in_box(…)`: the entries of `request_extent_times`
/// (aliased `table`) whose box may meet `bbox` (`[west, south, east, north]`,
/// degrees) and that were published from `from` to `to` (unix seconds, inclusive;
/// `None`: unbounded), newest first. The tree is coarse: the exact columns decide.
pub fn push_newest_in_box(
    sql: &mut QueryBuilder<'_, Sqlite>,
    table: &str,
    bbox: [f64; 4],
    from: Option<i64>,
    to: Option<i64>,
) {
    let [west, south, east, north] = tree_box(bbox);
    sql.push(format_args!(
        "{table}.id MATCH {}(",
        FUNCTION.to_string_lossy()
    ))
    .push_bind(west)
    .push(", ")
    .push_bind(south)
    .push(", ")
    .push_bind(east)
    .push(", ")
    .push_bind(north)
    .push(", ")
    .push_bind(from.map_or(f64::from(i32::MIN), tree_time))
    .push(", ")
    // Finite: the score is `to` minus a time.
    .push_bind(to.map_or(f64::from(i32::MAX), tree_time))
    .push(")");
}

/// Appends the same selection as plain R*Tree constraints on `{table}`'s columns, in
/// no particular order (`from` only: counting needs no order, and no upper bound).
pub fn push_in_box(
    sql: &mut QueryBuilder<'_, Sqlite>,
    table: &str,
    bbox: [f64; 4],
    from: Option<i64>,
) {
    push_meets_box(sql, &format!("{table}."), tree_box(bbox));
    if let Some(from) = from {
        sql.push(format_args!(" AND {table}.published_max >= "))
            .push_bind(tree_time(from));
    }
}

/// `bbox` in the tree's units. Stored extents are widened outwards and the box is
/// scaled alike (a monotonic product), so every box meeting this one still meets it.
fn tree_box(bbox: [f64; 4]) -> [f64; 4] {
    bbox.map(|degrees| degrees * UNITS_PER_DEGREE)
}

/// A unix time in the tree's units (outside 1970–2106, still in the right order).
fn tree_time(unix_s: i64) -> f64 {
    (unix_s - TIME_OFFSET_S) as f64
}

/// Registers the function on a connection.
///
/// # Safety
/// `db` must be an open connection that no other thread uses during the call.
pub unsafe fn register(db: NonNull<sqlite3>) -> Result<(), c_int> {
    // SAFETY: the name is a static C string; the callback keeps no context.
    let rc = unsafe {
        sqlite3_rtree_query_callback(
            db.as_ptr(),
            FUNCTION.as_ptr(),
            Some(newest_in_box),
            std::ptr::null_mut(),
            None,
        )
    };
    if rc == SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

/// Called by SQLite for each node and entry the search reaches.
unsafe extern "C" fn newest_in_box(info: *mut sqlite3_rtree_query_info) -> c_int {
    // SAFETY: SQLite passes a valid, exclusive `info` whose `aParam` holds `nParam`
    // values and `aCoord` `nCoord` for the duration of the call.
    let info = unsafe { &mut *info };
    if info.nParam != 6 || info.nCoord != 6 {
        return SQLITE_ERROR;
    }
    let (args, coords) = unsafe {
        (
            std::slice::from_raw_parts(info.aParam, 6),
            std::slice::from_raw_parts(info.aCoord, 6),
        )
    };
    let &[west, south, east, north, from, to] = args else {
        return SQLITE_ERROR;
    };
    // Columns: west, east, south, north, published_min, published_max.
    let &[c_west, c_east, c_south, c_north, c_first, c_last] = coords else {
        return SQLITE_ERROR;
    };
    if c_east < west
        || c_west > east
        || c_north < south
        || c_south > north
        || c_last < from
        || c_first > to
    {
        info.eWithin = NOT_WITHIN;
        return SQLITE_OK;
    }
    info.eWithin = PARTLY_WITHIN;
    // No entry below this node is newer than its `published_max`: visiting the node
    // with the smallest `to − published_max` first goes newest first. (A node reaching
    // past `to` scores 0; SQLite clamps negative scores to 0 anyway.)
    info.rScore = (to - c_last).max(0.0);
    SQLITE_OK
}

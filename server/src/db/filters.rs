//! The conditions the feed and the grid share, written once for every backend (the
//! SQL is the same in both dialects): "this extent meets that box" (SQLite's R*Tree
//! `request_extent_times`, in its own units, and the `requests` columns use the same
//! names), the status filter and the policy findings that keep a request off the map.

use porchlight_domain::wire::StatusFilter;
use sqlx::{Database, Encode, QueryBuilder, Type};

use super::feed_query::FeedQuery;
use super::unix_time::to_unix;

/// Appends `{columns}east >= west AND {columns}west <= east AND {columns}north >= south
/// AND {columns}south <= north`: true when the extent stored in those columns meets
/// `[west, south, east, north]` (touching counts). `columns` is a table prefix such as
/// `"r."`, or `""`.
pub fn push_meets_box<'a, DB>(sql: &mut QueryBuilder<'a, DB>, columns: &str, bbox: [f64; 4])
where
    DB: Database,
    f64: Encode<'a, DB> + Type<DB> + 'a,
{
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

/// Appends ` AND …` for `status`, given the query's `LEFT JOIN resolutions x`; nothing
/// for [`StatusFilter::All`].
pub fn push_status<DB: Database>(sql: &mut QueryBuilder<'_, DB>, status: StatusFilter) {
    match status {
        StatusFilter::Open => {
            sql.push(" AND x.request_id IS NULL");
        }
        StatusFilter::Resolved => {
            sql.push(" AND x.request_id IS NOT NULL");
        }
        StatusFilter::All => {}
    }
}

/// Appends ` AND …` leaving out the requests `r` with a policy finding (an upheld
/// report): they leave the neighbourhood feed and map, and stay on their agency's
/// profile (a query for one agency's requests does not call this).
///
/// `NOT IN` an uncorrelated list rather than `NOT EXISTS`: findings are rare, so the
/// list is read once per query (PostgreSQL hashes it, SQLite keeps it in a temporary
/// index) and checked per candidate as a filter. PostgreSQL planned `NOT EXISTS` as a
/// hash anti-join above the bbox feed's KNN scan, which then read every request in
/// the box and sorted them (measured on 200 000 requests: 10 373 buffers against 182
/// for a page of a city's box). `subject_id` is never NULL, so `NOT IN` is exact.
pub fn push_without_findings<DB: Database>(sql: &mut QueryBuilder<'_, DB>) {
    sql.push(
        " AND r.id NOT IN (SELECT f.subject_id FROM moderation_decisions f \
         WHERE f.action = 'uphold')",
    );
}

/// Appends ` AND …` for every condition of `query` on `requests r` and `resolutions x`:
/// the exact box, status, time, agency (or, for the neighbourhood feed of every agency,
/// no policy finding) and cursor.
pub fn push_feed_filters<'a, DB>(sql: &mut QueryBuilder<'a, DB>, query: &FeedQuery)
where
    DB: Database,
    f64: Encode<'a, DB> + Type<DB> + 'a,
    i64: Encode<'a, DB> + Type<DB> + 'a,
{
    if let Some(bbox) = query.bbox {
        sql.push(" AND ");
        push_meets_box(sql, "r.", bbox);
    }
    push_status(sql, query.status);
    if let Some(since) = query.since {
        sql.push(" AND r.created_at >= ").push_bind(to_unix(since));
    }
    match query.agency_id {
        Some(agency_id) => {
            sql.push(" AND r.agency_id = ").push_bind(agency_id);
        }
        None => push_without_findings(sql),
    }
    if let Some(cursor) = query.before {
        sql.push(" AND (r.created_at, r.id) < (")
            .push_bind(cursor.created_at)
            .push(", ")
            .push_bind(cursor.id)
            .push(")");
    }
}

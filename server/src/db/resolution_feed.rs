//! The newest resolutions of the requests a feed lists, for the Atom feeds: a
//! resolution is an entry of its own, also when its request is older than the feed's
//! newest requests. The same SQL in both dialects.

use sqlx::{Database, Encode, QueryBuilder, Type};

use super::feed_query::FeedQuery;
use super::filters::push_feed_filters;
use super::rows::REQUEST_COLUMNS;

/// The requests matching `query` (its box, agency and, without an agency, no policy
/// finding) resolved at or after `since` (unix seconds), the newest resolution first,
/// at most `limit`. `spatial_index` appends ` AND …` narrowing a box query through the
/// backend's spatial index (without it, a box with few requests was checked against
/// every resolution's request row; PostgreSQL read every request). The planner then
/// walks `resolutions_newest` (SQLite 0011, PostgreSQL 0012) or the box's candidates.
pub(super) fn newest_resolutions_sql<'a, DB>(
    query: &FeedQuery,
    since: i64,
    limit: i64,
    spatial_index: impl FnOnce(&mut QueryBuilder<'a, DB>, [f64; 4]),
) -> QueryBuilder<'a, DB>
where
    DB: Database,
    f64: Encode<'a, DB> + Type<DB> + 'a,
    i64: Encode<'a, DB> + Type<DB> + 'a,
{
    let mut sql = QueryBuilder::new(REQUEST_COLUMNS);
    sql.push(" WHERE x.resolved_at >= ").push_bind(since);
    if let Some(bbox) = query.bbox {
        spatial_index(&mut sql, bbox);
    }
    push_feed_filters(&mut sql, query);
    sql.push(" ORDER BY x.resolved_at DESC, x.request_id DESC LIMIT ")
        .push_bind(limit);
    sql
}

//! Published requests read by id, on a connection or transaction the caller holds: the
//! request store's own reads, and the log's completion and the moderation store, which
//! read what they append or publish. Its own module so that `requests` (which appends to
//! the log) and `public_log` (which reads requests) do not depend on each other.

use porchlight_domain::wire::PublishedRequest;
use sqlx::PgConnection;

use crate::db::rows::{request_from_row, REQUEST_COLUMNS};

pub(super) async fn request_on(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<PublishedRequest>, sqlx::Error> {
    let sql = format!("{REQUEST_COLUMNS} WHERE r.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(request_from_row).transpose()
}

/// The requests with these ids, in id order (missing ids are skipped).
pub(super) async fn requests_by_ids(
    conn: &mut PgConnection,
    ids: &[i64],
) -> Result<Vec<PublishedRequest>, sqlx::Error> {
    let sql = format!("{REQUEST_COLUMNS} WHERE r.id = ANY($1) ORDER BY r.id");
    let rows = sqlx::query(&sql).bind(ids).fetch_all(&mut *conn).await?;
    rows.iter().map(request_from_row).collect()
}

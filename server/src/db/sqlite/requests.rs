use async_trait::async_trait;
use porchlight_domain::wire::PublishedRequest;
use porchlight_domain::{CaseNumber, DraftError};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use time::OffsetDateTime;

use super::extent_times;
use super::public_log::{log_request, log_requests, log_resolution};
use super::request_reads::{request_on, requests_by_ids};
use super::SqliteStore;
use crate::db::feed_query::cut_page;
use crate::db::filters::push_feed_filters;
use crate::db::resolution_feed::newest_resolutions_sql;
use crate::db::rows::request_from_row;
use crate::db::unix_time::to_unix;
use crate::db::{
    DbError, FeedEntry, FeedQuery, NewRequest, PageCursor, RequestStore, ResolveOutcome,
    ValidateDraft,
};

/// [`REQUEST_COLUMNS`](crate::db::rows::REQUEST_COLUMNS) for the ids of a `page` (see `feed_page`). CROSS JOIN keeps
/// the page outermost: the planner cannot tell it is small (its LIMIT is bound) and
/// once chose to scan every request instead.
const PAGE_COLUMNS: &str = "SELECT r.id, r.created_at, g.slug, g.name, r.incident_type, r.case_number, r.title, \
       r.description, r.contact_email, r.contact_phone, r.time_start, r.time_end, r.area_geojson, r.area_m2, \
       x.resolved_at, x.note, lq.idx AS log_index, lx.idx AS resolution_log_index, r.language \
     FROM page p CROSS JOIN requests r ON r.id = p.id JOIN agencies g ON g.id = r.agency_id \
     LEFT JOIN resolutions x ON x.request_id = r.id \
     LEFT JOIN log_entries lq ON lq.kind = 'request' AND lq.request_id = r.id \
     LEFT JOIN log_entries lx ON lx.kind = 'resolution' AND lx.request_id = r.id";

async fn insert_request(
    conn: &mut SqliteConnection,
    new: &NewRequest<'_>,
) -> Result<i64, sqlx::Error> {
    insert_request_as(conn, new, None).await
}

/// Stores a validated request with the id `id` (an approved submission's, reserved
/// from the requests' id space when it was submitted), or the next one for `None`.
pub(super) async fn insert_request_as(
    conn: &mut SqliteConnection,
    new: &NewRequest<'_>,
    id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let draft = new.draft;
    let wire = draft.to_input();
    let [west, south, east, north] = draft.area().bounding_box();
    let area_json =
        serde_json::to_string(&wire.area).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let id = sqlx::query(
        "INSERT INTO requests (id, agency_id, author_id, incident_type, case_number, title, description, \
           contact_email, contact_phone, time_start, time_end, area_geojson, area_m2, west, south, east, north, created_at, \
           language) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    // NULL numbers the request by AUTOINCREMENT.
    .bind(id)
    .bind(new.agency_id)
    .bind(new.author_id)
    .bind(&wire.incident_type)
    .bind(&wire.case_number)
    .bind(&wire.title)
    .bind(&wire.description)
    .bind(&wire.contact.email)
    .bind(&wire.contact.phone)
    .bind(&wire.time_frame.start)
    .bind(&wire.time_frame.end)
    .bind(area_json)
    .bind(draft.area().area_m2())
    .bind(west)
    .bind(south)
    .bind(east)
    .bind(north)
    .bind(to_unix(new.created_at))
    .bind(&wire.language)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    // The trigger `requests_index_extent_time` (migration 0006) adds it to the R*Tree.
    Ok(id)
}

/// One extra row tells whether another page follows.
fn page_rows(query: &FeedQuery) -> i64 {
    i64::from(query.limit) + 1
}

/// `WITH … page AS (…) `: the ids of a feed page (and a few more), each with its
/// publication time and whether it is resolved; a `SELECT … FROM page p` follows.
///
/// First the page's ids, by (time, id) alone, then whatever the caller reads of just
/// those (sorting full rows, GeoJSON included, was most of the cost once). Without a
/// box the ids come from the newest-first indexes. With one, from the R*Tree of
/// extents and times searched newest first (`newest_in_box`), which stops as soon as
/// the page is full: `head` takes the first page + 1 matches in the order the tree
/// gives them. That order is by time only, so when `head` is cut off, every match
/// published in the same second as its oldest is added (the second half of `page`)
/// before the caller sorts by (time, id): the page is then exact.
fn feed_page(query: &FeedQuery) -> QueryBuilder<'static, Sqlite> {
    let need = page_rows(query);
    let mut sql = QueryBuilder::<Sqlite>::new("WITH ");
    match query.bbox {
        Some(bbox) => {
            // CROSS JOIN keeps the tree's order; its candidates are checked in the
            // covering index `requests_extent_by_id`, not in their rows.
            const CANDIDATES: &str =
                "SELECT r.id, r.created_at, x.request_id IS NOT NULL AS resolved, \
                 t.published_max FROM request_extent_times t \
                 CROSS JOIN requests r INDEXED BY requests_extent_by_id ON r.id = t.id \
                 LEFT JOIN resolutions x ON x.request_id = r.id WHERE ";
            sql.push("head AS MATERIALIZED (").push(CANDIDATES);
            extent_times::push_newest_in_box(
                &mut sql,
                "t",
                bbox,
                query.since.map(to_unix),
                query.before.map(|c| c.created_at),
            );
            push_feed_filters(&mut sql, query);
            sql.push(" LIMIT ").push_bind(need);
            sql.push("), page AS (SELECT * FROM head UNION ")
                .push(CANDIDATES)
                .push("(SELECT count(*) FROM head) = ")
                .push_bind(need)
                .push(
                    " AND t.published_min <= (SELECT min(published_max) FROM head) \
                     AND t.published_max >= (SELECT min(published_max) FROM head) AND ",
                );
            extent_times::push_in_box(&mut sql, "t", bbox, None);
            push_feed_filters(&mut sql, query);
            sql.push(") ");
        }
        None => {
            sql.push(
                "page AS (SELECT r.id, r.created_at, x.request_id IS NOT NULL AS resolved \
                 FROM requests r LEFT JOIN resolutions x ON x.request_id = r.id WHERE 1 = 1",
            );
            push_feed_filters(&mut sql, query);
            sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ")
                .push_bind(need)
                .push(") ");
        }
    }
    sql
}

#[async_trait]
impl RequestStore for SqliteStore {
    async fn publish_request(
        &self,
        agency_id: i64,
        author_id: Option<i64>,
        raw_case_number: &str,
        now: OffsetDateTime,
        validate: ValidateDraft,
    ) -> Result<Result<PublishedRequest, Vec<DraftError>>, DbError> {
        // IMMEDIATE takes the write lock first, so two posts for one case cannot both
        // count 1 and both publish.
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let existing: i64 = match CaseNumber::parse(raw_case_number) {
            Ok(case) => {
                sqlx::query_scalar(
                    "SELECT count(*) FROM requests WHERE agency_id = ? AND case_number = ?",
                )
                .bind(agency_id)
                .bind(case.as_str())
                .fetch_one(&mut *tx)
                .await?
            }
            Err(_) => 0,
        };
        let draft = match validate(u32::try_from(existing).unwrap_or(u32::MAX)) {
            Ok(draft) => draft,
            Err(refusal) => {
                tx.rollback().await?;
                return Ok(Err(refusal));
            }
        };
        let new = NewRequest {
            agency_id,
            author_id,
            draft: &draft,
            created_at: now,
        };
        let id = insert_request(&mut tx, &new).await?;
        let mut published = request_on(&mut tx, id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        // Logged in the same transaction: a request is never public without its entry.
        log_request(&mut tx, &self.log, &mut published).await?;
        // Its alerts too: one outbox row per subscription, never lost, never doubled.
        super::alerts::enqueue_alerts(&mut tx, &published, agency_id, now).await?;
        tx.commit().await?;
        Ok(Ok(published))
    }

    /// Stores (and logs) already validated requests in one transaction (demo data).
    async fn insert_requests(&self, requests: &[NewRequest<'_>]) -> Result<Vec<i64>, DbError> {
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut ids = Vec::with_capacity(requests.len());
        for new in requests {
            ids.push(insert_request(&mut tx, new).await?);
        }
        let mut published = requests_by_ids(&mut tx, &ids).await?;
        log_requests(&mut tx, &self.log, &mut published).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// One published request.
    async fn request(&self, id: i64) -> Result<Option<PublishedRequest>, DbError> {
        let mut conn = self.pool.acquire().await?;
        Ok(request_on(&mut conn, id).await?)
    }

    /// The agency a request belongs to.
    async fn request_agency_id(&self, id: i64) -> Result<Option<i64>, DbError> {
        Ok(
            sqlx::query_scalar("SELECT agency_id FROM requests WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A page of requests, newest first, and the cursor of the next page if there is one.
    async fn feed(
        &self,
        query: &FeedQuery,
    ) -> Result<(Vec<PublishedRequest>, Option<PageCursor>), DbError> {
        let mut sql = feed_page(query);
        sql.push(PAGE_COLUMNS)
            .push(" ORDER BY p.created_at DESC, p.id DESC LIMIT ")
            .push_bind(page_rows(query));
        let rows = sql.build().fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(request_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(cut_page(items, query.limit))
    }

    async fn feed_entries(
        &self,
        query: &FeedQuery,
    ) -> Result<(Vec<FeedEntry>, Option<PageCursor>), DbError> {
        let mut sql = feed_page(query);
        sql.push("SELECT p.id, p.created_at, p.resolved FROM page p ORDER BY p.created_at DESC, p.id DESC LIMIT ")
            .push_bind(page_rows(query));
        let rows: Vec<(i64, i64, bool)> = sql.build_query_as().fetch_all(&self.pool).await?;
        let entries = rows
            .into_iter()
            .map(|(id, created_at, resolved)| FeedEntry {
                id,
                created_at,
                resolved,
            })
            .collect();
        Ok(cut_page(entries, query.limit))
    }

    async fn newest_resolutions(
        &self,
        query: &FeedQuery,
        since: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<PublishedRequest>, DbError> {
        let mut sql =
            newest_resolutions_sql(query, to_unix(since), i64::from(limit), |sql, bbox| {
                sql.push(" AND r.id IN (SELECT t.id FROM request_extent_times t WHERE ");
                extent_times::push_in_box(sql, "t", bbox, None);
                sql.push(")");
            });
        let rows = sql.build().fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(request_from_row)
            .collect::<Result<Vec<_>, _>>()?)
    }

    async fn requests_by_ids(&self, ids: &[i64]) -> Result<Vec<PublishedRequest>, DbError> {
        let mut conn = self.pool.acquire().await?;
        Ok(requests_by_ids(&mut conn, ids).await?)
    }

    async fn resolve_request(
        &self,
        id: i64,
        note: Option<&str>,
        resolved_by: Option<i64>,
        now: OffsetDateTime,
    ) -> Result<ResolveOutcome, DbError> {
        let _writer = self.writer.lock().await;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let inserted = sqlx::query(
            "INSERT INTO resolutions (request_id, note, resolved_by, resolved_at) \
             SELECT id, ?, ?, ? FROM requests WHERE id = ? ON CONFLICT (request_id) DO NOTHING",
        )
        .bind(note)
        .bind(resolved_by)
        .bind(to_unix(now))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let mut request = request_on(&mut tx, id).await?;
        if let (1, Some(request)) = (inserted, request.as_mut()) {
            // Logged in the same transaction as the resolution itself.
            log_resolution(&mut tx, &self.log, request).await?;
        }
        tx.commit().await?;
        Ok(match (inserted, request) {
            (1, Some(request)) => ResolveOutcome::Resolved(Box::new(request)),
            (_, Some(_)) => ResolveOutcome::AlreadyResolved,
            (_, None) => ResolveOutcome::NotFound,
        })
    }

    /// Total stored requests (tests: a refused post leaves no row).
    async fn request_count(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM requests")
            .fetch_one(&self.pool)
            .await?)
    }
}

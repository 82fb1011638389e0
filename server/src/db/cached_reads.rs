//! Reads of published requests as JSON, through this instance's [`RequestCache`]: the
//! feed asks the database which requests a page lists and whether each is resolved,
//! and reads in full only those whose JSON is not cached yet.

use std::collections::HashMap;
use std::sync::Arc;

use porchlight_domain::wire::PublishedRequest;

use super::request_cache::{CacheKey, RequestJson};
use super::{Db, DbError, FeedQuery, PageCursor};

/// A request's JSON as the API serializes it, with the cache key it belongs under:
/// taken from the row read, so an entry never holds another version than its key's.
fn to_json(request: &PublishedRequest) -> Result<(CacheKey, RequestJson), DbError> {
    let json = serde_json::to_string(request).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(((request.id, request.resolution.is_some()), Arc::from(json)))
}

impl Db {
    /// The page [`RequestStore::feed`](super::RequestStore::feed) would give, as each
    /// request's JSON, and the cursor of the next page.
    ///
    /// A request resolved between the two statements is shown resolved (it is read
    /// after the page was chosen); nothing else can differ, as nothing else changes.
    pub async fn feed_json(
        &self,
        query: &FeedQuery,
    ) -> Result<(Vec<RequestJson>, Option<PageCursor>), DbError> {
        let (entries, next) = self.feed_entries(query).await?;
        let keys: Vec<CacheKey> = entries.iter().map(|e| (e.id, e.resolved)).collect();
        let mut found = self.cache.get_many(&keys);
        let missing: Vec<i64> = keys
            .iter()
            .zip(&found)
            .filter(|(_, json)| json.is_none())
            .map(|((id, _), _)| *id)
            .collect();
        if !missing.is_empty() {
            let read: HashMap<i64, RequestJson> = self
                .requests_by_ids(&missing)
                .await?
                .iter()
                .map(to_json)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .map(|(key, json)| {
                    self.cache.insert_many([(key, json.clone())]);
                    (key.0, json)
                })
                .collect();
            for (slot, (id, _)) in found.iter_mut().zip(&keys) {
                if slot.is_none() {
                    // Requests are never deleted: one just listed is always there.
                    *slot = Some(read.get(id).cloned().ok_or(sqlx::Error::RowNotFound)?);
                }
            }
        }
        Ok((found.into_iter().flatten().collect(), next))
    }
}

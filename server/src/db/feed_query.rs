//! What a page of the newest-first feed asks for, and where the next page starts.

use base64::Engine;
use porchlight_domain::wire::PublishedRequest;
use time::OffsetDateTime;

pub use porchlight_domain::wire::StatusFilter;

/// Position in a newest-first listing: the last item of the previous page. Requests
/// published later sort before it, so they never shift the following pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCursor {
    pub created_at: i64,
    pub id: i64,
}

impl PageCursor {
    /// The opaque `next` / `before=` string.
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(format!("{}.{}", self.created_at, self.id))
    }

    /// Parses [`PageCursor::encode`]; `None` for anything else.
    pub fn decode(s: &str) -> Option<PageCursor> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (created_at, id) = text.split_once('.')?;
        Some(PageCursor {
            created_at: created_at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// A page request over published requests, newest first.
#[derive(Debug, Clone, Default)]
pub struct FeedQuery {
    /// `[west, south, east, north]`: requests whose area's bounding box meets it.
    pub bbox: Option<[f64; 4]>,
    pub status: StatusFilter,
    /// Only requests published at or after this time.
    pub since: Option<OffsetDateTime>,
    pub agency_id: Option<i64>,
    pub before: Option<PageCursor>,
    pub limit: u32,
}

/// One request of a feed page, without its content: which one, when it was published
/// (its place in the feed) and whether it is resolved (which version of it to show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedEntry {
    pub id: i64,
    pub created_at: i64,
    pub resolved: bool,
}

/// What a feed page lists: requests or their entries.
pub(super) trait FeedItem {
    /// The position of the item, as the next page's cursor.
    fn cursor(&self) -> PageCursor;
}

impl FeedItem for PublishedRequest {
    fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at.unix_timestamp(),
            id: self.id,
        }
    }
}

impl FeedItem for FeedEntry {
    fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            id: self.id,
        }
    }
}

/// A page from `limit` + 1 items in feed order: the first `limit`, and the cursor of
/// the next page when there was one more.
pub(super) fn cut_page<T: FeedItem>(mut items: Vec<T>, limit: u32) -> (Vec<T>, Option<PageCursor>) {
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(FeedItem::cursor)
    } else {
        None
    };
    (items, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_refuses_garbage() {
        let c = PageCursor {
            created_at: 1_764_000_000,
            id: 42,
        };
        assert_eq!(PageCursor::decode(&c.encode()), Some(c));
        assert_eq!(PageCursor::decode("not-a-cursor"), None);
        assert_eq!(PageCursor::decode(""), None);
    }
}

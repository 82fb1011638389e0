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

/// A page from `limit` + 1 items in feed order: the first `limit`, and the cursor of
/// the next page when there was one more.
pub(super) fn cut_page(
    mut items: Vec<PublishedRequest>,
    limit: u32,
) -> (Vec<PublishedRequest>, Option<PageCursor>) {
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|last| PageCursor {
            created_at: last.created_at.unix_timestamp(),
            id: last.id,
        })
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

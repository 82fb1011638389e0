//! What a page of the newest-first feed asks for, and where the next page starts.

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
    /// The `next` / `before=` string: `{created_at}.{id}`, both whole numbers written
    /// without sign or leading zeros (the grammar `api/openapi.yaml` gives as a pattern).
    pub fn encode(&self) -> String {
        format!("{}.{}", self.created_at, self.id)
    }

    /// Parses exactly what [`PageCursor::encode`] writes; `None` for anything else.
    pub fn decode(s: &str) -> Option<PageCursor> {
        let (created_at, id) = s.split_once('.')?;
        Some(PageCursor {
            created_at: cursor_number(created_at)?,
            id: cursor_number(id)?,
        })
    }
}

/// `0` or 1 to 18 digits without a leading zero: every such number fits an `i64`, so
/// the spec's pattern and this parser accept the same strings.
fn cursor_number(digits: &str) -> Option<i64> {
    let plain = (1..=18).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| digits.parse().ok()).flatten()
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
        assert_eq!(c.encode(), "1764000000.42");
        assert_eq!(
            PageCursor::decode("0.1"),
            Some(PageCursor {
                created_at: 0,
                id: 1
            })
        );
        for garbage in [
            "not-a-cursor",
            "",
            ".",
            "1.",
            ".1",
            "01.2",
            "1.02",
            "-1.2",
            "+1.2",
            "1.2.3",
            " 1.2",
            "1234567890123456789.1",
            "MTc2NDAwMDAwMC40Mg",
        ] {
            assert_eq!(PageCursor::decode(garbage), None, "{garbage:?}");
        }
    }
}

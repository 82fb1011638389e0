//! Requests on their way into storage, and what resolving one did.

use porchlight_domain::wire::{PublishedRequest, RequestDraftInput};

use super::unix_time::to_unix;
use porchlight_domain::RequestDraft;
use time::OffsetDateTime;

/// A validated request to store.
#[derive(Debug, Clone, Copy)]
pub struct NewRequest<'a> {
    pub agency_id: i64,
    pub author_id: Option<i64>,
    pub draft: &'a RequestDraft,
    pub created_at: OffsetDateTime,
}

/// What happened to a resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolveOutcome {
    Resolved(Box<PublishedRequest>),
    AlreadyResolved,
    NotFound,
}

/// A validated request ready to store, with its resolution if it has one. Built only
/// from a [`NewRequest`], whose draft passed every rule.
#[derive(Debug, Clone)]
pub struct BulkRequest {
    pub(super) agency_id: i64,
    pub(super) author_id: Option<i64>,
    pub(super) input: RequestDraftInput,
    pub(super) area_json: String,
    pub(super) area_m2: f64,
    pub(super) bbox: [f64; 4],
    pub(super) created_at: i64,
    pub(super) resolution: Option<(Option<String>, i64)>,
}

impl BulkRequest {
    /// Prepares `new` (and its resolution: note and time) for [`Db::insert_bulk`].
    pub fn new(
        new: &NewRequest<'_>,
        resolution: Option<(Option<String>, time::OffsetDateTime)>,
    ) -> Result<BulkRequest, serde_json::Error> {
        let input = new.draft.to_input();
        Ok(BulkRequest {
            agency_id: new.agency_id,
            author_id: new.author_id,
            area_json: serde_json::to_string(&input.area)?,
            area_m2: new.draft.area().area_m2(),
            bbox: new.draft.area().bounding_box(),
            created_at: to_unix(new.created_at),
            resolution: resolution.map(|(note, at)| (note, to_unix(at))),
            input,
        })
    }
}

//! `MapArea`: one request area, as `MapView` draws it.

use porchlight_domain::wire::{GeoJsonPolygon, PublishedRequest, RequestStatus};

/// One request area to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    pub id: i64,
    pub title: String,
    pub resolved: bool,
    pub area: GeoJsonPolygon,
    /// A published request, whose popup gives its status and links to its page; a
    /// draft, a submission or a rejected one has neither (its popup is the title).
    pub published: bool,
}

impl MapArea {
    /// The area of a published request.
    pub fn from_request(request: &PublishedRequest) -> MapArea {
        MapArea {
            id: request.id,
            title: request.title.clone(),
            resolved: request.status == RequestStatus::Resolved,
            area: request.area.clone(),
            published: true,
        }
    }
}

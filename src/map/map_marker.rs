//! `MapMarker`: a point `MapView` marks with a circle and a popup.

/// A point to mark (an agency's jurisdiction centre, a group of requests), drawn as a
/// circle with a popup that links to `href`.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarker {
    pub lat: f64,
    pub lng: f64,
    /// The popup's heading.
    pub title: String,
    /// A line under the heading ("12 requests").
    pub detail: String,
    /// The popup's link, and its text.
    pub href: String,
    pub link_text: String,
    /// Radius in screen pixels.
    pub radius: f64,
}

//! `ViewChange`: what `MapView` reports after a pan or a zoom.

use porchlight_domain::wire::MapView as View;

/// Where the map looks after the user panned or zoomed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewChange {
    /// `[west, south, east, north]`.
    pub bbox: [f64; 4],
    pub view: View,
}

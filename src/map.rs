//! Leaflet glue: the map component and the one place coordinates change order.

pub mod convert;
mod map_view;

pub use map_view::{MapArea, MapMarker, MapView, ViewChange};

//! Leaflet glue: the map component and the one place coordinates change order.

mod bindings;
pub mod convert;
mod draw_area;
mod map_view;
pub mod shapes;

pub use draw_area::DrawArea;
pub use map_view::{MapArea, MapMarker, MapView, ViewChange};

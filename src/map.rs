//! Leaflet glue: the map component and the one place coordinates change order.

mod area_layer;
mod bindings;
mod cell_layer;
pub mod convert;
mod draw_area;
mod fit;
mod map_area;
mod map_marker;
mod map_view;
mod marker_layer;
mod mounted;
pub mod shapes;
mod view_change;

pub use draw_area::DrawArea;
pub use map_area::MapArea;
pub use map_marker::MapMarker;
pub use map_view::MapView;
pub use view_change::ViewChange;

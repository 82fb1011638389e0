//! The area a request covers: a simple polygon on the WGS84 ellipsoid.

pub(crate) mod geodesic;
mod request_area;
pub(crate) mod ring;
pub(crate) mod self_intersection;

pub use geodesic::geodesic_area_m2;
pub use request_area::RequestArea;

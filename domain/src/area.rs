//! The area a request covers: a simple polygon on the WGS84 ellipsoid.

mod geodesic;
mod request_area;
mod ring;
mod self_intersection;

pub use geodesic::geodesic_area_m2;
pub use request_area::RequestArea;

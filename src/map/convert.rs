//! The single conversion between GeoJSON positions (`[longitude, latitude]`, as the
//! API and the domain crate use them) and Leaflet's `LatLng` (latitude first).

use js_sys::Array;
use leaflet::{LatLng, LatLngBounds};

/// A GeoJSON position `[lng, lat]` as a Leaflet `LatLng`.
pub fn position_to_lat_lng(position: [f64; 2]) -> LatLng {
    LatLng::new(position[1], position[0])
}

/// A Leaflet `LatLng` as a GeoJSON position `[lng, lat]`.
pub fn lat_lng_to_position(lat_lng: &LatLng) -> [f64; 2] {
    [lat_lng.lng(), lat_lng.lat()]
}

/// A GeoJSON linear ring as the `LatLng` array Leaflet's `Polygon` takes. The closing
/// position (equal to the first) is left out: Leaflet closes polygons itself.
pub fn ring_to_lat_lngs(ring: &[[f64; 2]]) -> Array {
    let open = match ring {
        [first, rest @ .., last] if first == last && !rest.is_empty() => &ring[..ring.len() - 1],
        _ => ring,
    };
    open.iter().map(|p| position_to_lat_lng(*p)).collect()
}

/// Leaflet bounds as the API's `bbox`: `[west, south, east, north]`, clamped to valid
/// degrees (a zoomed-out Leaflet view reaches past ±180° longitude).
pub fn bounds_to_bbox(bounds: &LatLngBounds) -> [f64; 4] {
    let south_west = lat_lng_to_position(&bounds.get_south_west());
    let north_east = lat_lng_to_position(&bounds.get_north_east());
    [
        south_west[0].clamp(-180.0, 180.0),
        south_west[1].clamp(-90.0, 90.0),
        north_east[0].clamp(-180.0, 180.0),
        north_east[1].clamp(-90.0, 90.0),
    ]
}

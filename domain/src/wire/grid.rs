use serde::{Deserialize, Serialize};

use super::LatLng;

/// The requests in a map view counted per square grid cell
/// (`GET /api/v1/requests/grid`): what the map draws instead of every area once a view
/// holds too many to draw. Cells are aligned on a world grid (west edge at −180°, south
/// edge at −90°), so they stay put while the map pans.
///
/// ```
/// use porchlight_domain::wire::RequestGrid;
/// let json = r#"{"cell_deg":0.02197265625,"total":12,"hidden_by_preference":false,
///   "cells":[{"bbox":[-122.695,45.505,-122.673,45.527],"center":{"lat":45.5152,"lng":-122.6784},"count":12,"open":9}]}"#;
/// let grid: RequestGrid = serde_json::from_str(json).unwrap();
/// assert_eq!(grid.cells[0].count, 12);
/// assert_eq!(grid.total, grid.cells.iter().map(|c| c.count).sum::<u64>());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestGrid {
    /// Edge length of a cell, degrees (longitude and latitude).
    pub cell_deg: f64,
    /// Requests counted (the sum of the cells' counts).
    pub total: u64,
    /// Cells holding at least one request.
    pub cells: Vec<GridCell>,
    /// True (and `cells` empty) for a signed-in account that opted out of seeing requests.
    #[serde(default)]
    pub hidden_by_preference: bool,
}

/// One cell of a [`RequestGrid`].
///
/// ```
/// use porchlight_domain::wire::{GridCell, LatLng};
/// let cell = GridCell { bbox: [-122.695, 45.505, -122.673, 45.527],
///     center: LatLng { lat: 45.5152, lng: -122.6784 }, count: 12, open: 9 };
/// assert!(cell.open <= cell.count);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridCell {
    /// `[west, south, east, north]` of the cell, degrees.
    pub bbox: [f64; 4],
    /// Mean centre of the requests' areas in this cell (where the map puts the count).
    pub center: LatLng,
    /// Requests whose area's centre lies in the cell.
    pub count: u64,
    /// How many of them are still open.
    pub open: u64,
}

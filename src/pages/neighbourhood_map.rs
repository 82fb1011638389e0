//! `/`: the map of requests in view, and the feed of the same requests.

mod feed_body;
mod feed_filters;
mod feed_loader;
mod map_and_feed;
mod map_pane;
mod page;
mod view_tracker;

pub use page::NeighbourhoodMapPage;

//! Presentational pieces: plain data, signals and callbacks in, markup out. No API calls.

mod feed_item;
mod load_state;
mod log_badge;
mod map_legend;
mod opt_out_notice;
mod page_heading;
mod request_details;
mod site_header;
mod status_badge;

pub use feed_item::FeedItem;
pub use load_state::{ErrorNotice, LoadingList};
pub use log_badge::LogBadge;
pub use map_legend::MapLegend;
pub use opt_out_notice::OptOutNotice;
pub use page_heading::{HeadingFocus, PageHeading};
pub use request_details::RequestDetails;
pub use site_header::SiteHeader;
pub use status_badge::{incident_label, StatusBadge};

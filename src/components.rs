//! Presentational pieces: plain data, signals and callbacks in, markup out. No API calls.

mod agency_header;
mod agency_list_item;
mod agency_stats_panel;
mod feed_item;
mod history_item;
mod load_state;
mod log_badge;
mod map_legend;
mod month_chart;
mod opt_out_notice;
mod page_heading;
mod request_details;
mod site_header;
mod status_badge;

pub use agency_header::AgencyHeader;
pub use agency_list_item::AgencyListItem;
pub use agency_stats_panel::{format_count, AgencyStatsPanel};
pub use feed_item::FeedItem;
pub use history_item::HistoryItem;
pub use load_state::{ErrorNotice, LoadingList};
pub use log_badge::LogBadge;
pub use map_legend::MapLegend;
pub use month_chart::{month_label, MonthChart};
pub use opt_out_notice::OptOutNotice;
pub use page_heading::{HeadingFocus, PageHeading};
pub use request_details::RequestDetails;
pub use site_header::SiteHeader;
pub use status_badge::{incident_label, StatusBadge};

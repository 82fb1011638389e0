//! Presentational pieces: plain data, signals and callbacks in, markup out. No API calls.

mod area_by_keyboard;
mod area_meter;
mod confirm_post_dialog;
mod feed_item;
mod field_messages;
mod load_state;
mod log_badge;
mod map_legend;
mod opt_out_notice;
mod page_heading;
mod request_details;
mod site_header;
mod status_badge;
mod submit_blockers;
mod time_frame_fields;

pub use area_by_keyboard::{ring_from_geojson, AreaByKeyboard};
pub use area_meter::AreaMeter;
pub use confirm_post_dialog::{ConfirmPostDialog, PostSummary};
pub use feed_item::FeedItem;
pub use field_messages::FieldMessages;
pub use load_state::{ErrorNotice, LoadingList};
pub use log_badge::LogBadge;
pub use map_legend::MapLegend;
pub use opt_out_notice::OptOutNotice;
pub use page_heading::{HeadingFocus, PageHeading};
pub use request_details::RequestDetails;
pub use site_header::SiteHeader;
pub use status_badge::{incident_label, StatusBadge};
pub use submit_blockers::{focus_field, SubmitBlockers};
pub use time_frame_fields::TimeFrameFields;

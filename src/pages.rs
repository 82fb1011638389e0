//! One container per route: reads params, loads data, wires components.

mod agency_directory;
mod agency_profile;
pub(crate) mod agency_report;
mod alert_confirm;
mod alert_manage;
mod alert_subscribe;
mod login;
mod moderation_log;
mod moderation_queue;
mod moderation_reports;
mod moderator_only;
mod neighbourhood_map;
mod new_request;
mod not_found;
mod request_detail;
mod settings;
mod submission;
pub(crate) mod year_reports;

pub use agency_directory::AgencyDirectoryPage;
pub use agency_profile::AgencyProfilePage;
pub use agency_report::AgencyReportPage;
pub use alert_confirm::AlertConfirmPage;
pub use alert_manage::AlertManagePage;
pub use alert_subscribe::AlertSubscribePage;
pub use login::LoginPage;
pub use moderation_log::{ModerationLogPage, LOG_PAGE_SIZE};
pub use moderation_queue::ModerationQueuePage;
pub use moderation_reports::ModerationReportsPage;
pub use neighbourhood_map::NeighbourhoodMapPage;
pub use new_request::NewRequestPage;
pub use not_found::NotFoundPage;
pub use request_detail::RequestDetailPage;
pub use settings::SettingsPage;
pub use submission::SubmissionPage;
pub use year_reports::{sort_rows, Column, Sort, YearReportsPage};

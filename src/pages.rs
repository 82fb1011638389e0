//! One container per route: reads params, loads data, wires components.

mod agency_directory;
#[cfg(feature = "responses")]
mod agency_keys;
mod agency_profile;
pub(crate) mod agency_report;
#[cfg(feature = "responses")]
mod agency_responses;
mod alert_confirm;
mod alert_manage;
mod alert_subscribe;
mod login;
mod moderation_log;
mod moderation_queue;
mod moderation_reports;
mod moderator_only;
#[cfg(feature = "responses")]
mod my_responses;
mod neighbourhood_map;
mod new_request;
mod not_found;
mod request_detail;
mod settings;
#[cfg(feature = "responses")]
mod share_footage;
mod submission;
pub(crate) mod year_reports;

pub use agency_directory::AgencyDirectoryPage;
#[cfg(feature = "responses")]
pub use agency_keys::AgencyKeysPage;
pub use agency_profile::AgencyProfilePage;
pub use agency_report::AgencyReportPage;
#[cfg(feature = "responses")]
pub use agency_responses::AgencyResponsesPage;
pub use alert_confirm::AlertConfirmPage;
pub use alert_manage::AlertManagePage;
pub use alert_subscribe::AlertSubscribePage;
pub use login::LoginPage;
pub use moderation_log::{ModerationLogPage, LOG_PAGE_SIZE};
pub use moderation_queue::ModerationQueuePage;
pub use moderation_reports::ModerationReportsPage;
#[cfg(feature = "responses")]
pub use my_responses::MyResponsesPage;
pub use neighbourhood_map::NeighbourhoodMapPage;
pub use new_request::NewRequestPage;
pub use not_found::NotFoundPage;
pub use request_detail::RequestDetailPage;
pub use settings::SettingsPage;
#[cfg(feature = "responses")]
pub use share_footage::ShareFootagePage;
pub use submission::SubmissionPage;
pub use year_reports::{sort_rows, Column, Sort, YearReportsPage};

//! One container per route: reads params, loads data, wires components.

mod agency_directory;
mod agency_profile;
mod login;
mod neighbourhood_map;
mod new_request;
mod not_found;
mod request_detail;
mod settings;

pub use agency_directory::AgencyDirectoryPage;
pub use agency_profile::AgencyProfilePage;
pub use login::LoginPage;
pub use neighbourhood_map::NeighbourhoodMapPage;
pub use new_request::NewRequestPage;
pub use not_found::NotFoundPage;
pub use request_detail::RequestDetailPage;
pub use settings::SettingsPage;

//! The Porchlight single-page app: the neighbourhood map and feed, request pages,
//! agency profiles and accounts, over the HTTP API in `api/openapi.yaml`.

pub mod address;
pub mod api;
pub mod app;
pub mod components;
#[cfg(feature = "responses")]
pub mod footage;
pub mod format;
pub mod i18n;
pub mod loaded;
pub mod map;
pub mod pages;
pub mod public_log;
pub mod request_form;
pub mod routes;
pub mod session;

pub use app::{App, MapApp, PublicApp, ResponsesApp};

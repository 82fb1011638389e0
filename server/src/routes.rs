//! HTTP handlers, one module per resource; each has `router()`.

pub mod accounts;
pub mod agencies;
pub mod alerts;
pub mod feeds;
pub mod health;
pub mod moderation;
pub mod moderation_log;
pub mod not_found;
pub mod open_data;
pub mod public_log;
pub mod reports;
pub mod requests;
pub mod responses;

//! HTTP handlers, one module per resource; each has `router()`.

pub mod health;
pub mod not_found;

//! Porchlight's domain: the rules a Request for Assistance must follow and the JSON
//! types that travel between the app and any compatible backend.
//!
//! Pure Rust, no I/O and no clock reads: the current time is always a parameter.

pub mod wire;

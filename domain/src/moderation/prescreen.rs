//! The pre-screen: transparent phrase rules that warn a poster (and highlight for the
//! moderator) what a draft's title and description may contain that a request may
//! not. It never blocks; no hidden model. One file per rule, each with its word lists
//! and the edge decisions beside them.

mod address;
mod phone;
mod phrase;
mod pressure;
mod protest;
mod race;
mod screen;
mod text;
mod victim_name;

pub use screen::prescreen;

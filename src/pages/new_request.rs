//! `/requests/new`: the request form for agency staff; everyone else is told why they
//! cannot post.

mod area_section;
mod attestations_section;
mod clock;
mod details_section;
mod feedback;
mod field_ids;
mod fields;
mod form;
mod form_actions;
mod language_field;
mod page;
mod post_problems;
mod posting;
mod summary;

pub use page::NewRequestPage;

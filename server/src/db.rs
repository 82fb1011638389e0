//! Storage: the only module that speaks SQL. Handlers call [`Db`]'s methods, so a
//! PostgreSQL implementation can replace this one without touching them.

mod accounts;
mod agencies;
mod agency_stats;
mod log;
mod filters;
mod bulk;
mod grid;
mod extent_times;
mod requests;
mod rows;
mod store;

pub use accounts::{AccountRow, LoginThrottle, NewAccount};
pub use log::MAX_ENTRIES_PER_PAGE;
pub use bulk::BulkRequest;
pub use grid::GridQuery;
pub use requests::{
    FeedQuery, NewRequest, PageCursor, ResolveOutcome, StatusFilter,
};
pub use store::{Db, DbError};

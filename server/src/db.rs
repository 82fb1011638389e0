//! Storage: the only module that speaks SQL. Handlers hold a [`Db`], a handle on one
//! [`Store`] — SQLite, the embedded default, or PostgreSQL for deployments with
//! several server instances — chosen by `--db`. Each backend has its own SQL and its
//! own migrations (`server/migrations/<backend>/`); the log's append is worked out
//! once, in `public_log_append`, for both.

mod account;
mod alert_rows;
mod cached_reads;
pub mod copy;
mod error;
mod feed_query;
mod filters;
mod grid_query;
mod handle;
mod location;
mod migrations;
mod moderation_outcome;
mod moderation_rows;
mod new_request;
pub mod postgres;
mod public_log_append;
mod rate_limit;
mod report_query;
pub mod request_cache;
mod resolution_feed;
pub mod responses;
mod rows;
pub mod sqlite;
mod stats_window;
mod store;
mod unix_time;

pub use account::{AccountRow, LoginThrottle, NewAccount};
pub use alert_rows::{
    retry_delay, ConfirmOutcome, Delivery, NewSubscription, OutboxClaim, OutboxRow,
    SubscriptionRow, SubscriptionToken,
};
pub use error::DbError;
pub use feed_query::{FeedEntry, FeedQuery, PageCursor, StatusFilter};
pub use grid_query::GridQuery;
pub use handle::Db;
pub use location::{DbLocation, DbLocationError};
pub use migrations::{Migrations, PendingMigrations, StoreOptions};
pub use moderation_outcome::{
    MakeModeratorOutcome, ModerationLogQuery, ReportDecisionOutcome, ReportOutcome, ReviewOutcome,
};
pub use new_request::{BulkRequest, NewRequest, ResolveOutcome};
pub use public_log_append::MAX_ENTRIES_PER_PAGE;
pub use rate_limit::{LimitHit, LimitOutcome};
pub use report_query::{ReportFigures, ReportWindow};
pub use responses::{ChunkRecorded, NewResponse, ResponseRow, ResponseStore};
pub use stats_window::{STATS_MONTHS, TWELVE_MONTHS};
pub use store::{
    AccountStore, AgencyStatsStore, AgencyStore, AlertStore, Backend, BulkStore, CopyStore,
    GridStore, LogStore, ModerationStore, RateLimitStore, ReportStore, RequestStore, Store,
    ValidateDraft,
};
pub use unix_time::{from_unix, to_unix};

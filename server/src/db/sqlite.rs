//! The SQLite backend, the embedded default: one file, one machine, one server
//! process. Migrations in `server/migrations/sqlite/`.

mod accounts;
mod agencies;
mod agency_stats;
mod alerts;
mod backup;
mod bulk;
mod copy;
mod extent_times;
mod grid;
mod moderation;
mod public_log;
mod rate_limits;
mod reports;
mod request_reads;
mod requests;
mod responses;
mod store;

pub use backup::backup_checkpoint;
pub use store::SqliteStore;

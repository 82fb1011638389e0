//! The PostgreSQL backend: several server instances on one shared database. The same
//! tables, constraints and triggers as SQLite's; migrations in
//! `server/migrations/postgres/`. What two instances must agree on (the log's next
//! index, the case limit, sessions, sign-in throttling, abuse limits) is decided in the
//! database: every publishing transaction first takes the log's sequencer (an advisory
//! lock).

mod accounts;
mod agencies;
mod agency_stats;
mod alerts;
mod bulk;
mod copy;
mod extent;
mod grant;
mod grid;
mod moderation;
mod public_log;
mod rate_limits;
mod reports;
mod request_reads;
mod requests;
mod responses;
mod store;

pub use grant::GrantError;
pub use store::PgStore;

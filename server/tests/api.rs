//! Server tests: the real router on a fresh database per test, a temporary SQLite file
//! or, with `PORCHLIGHT_TEST_POSTGRES`, a PostgreSQL database of its own
//! (`api/support/test_db.rs`). One test binary (faster to link); its modules live in
//! `tests/api/`.

#[path = "api/support.rs"]
mod support;

#[path = "api/abuse_limits.rs"]
mod abuse_limits;
#[path = "api/accounts.rs"]
mod accounts;
#[path = "api/agencies.rs"]
mod agencies;
#[path = "api/agency_stats.rs"]
mod agency_stats;
#[path = "api/alerts.rs"]
mod alerts;
#[path = "api/authz.rs"]
mod authz;
#[path = "api/bad_input.rs"]
mod bad_input;
#[path = "api/blob_store.rs"]
mod blob_store;
#[path = "api/demo.rs"]
mod demo;
#[path = "api/feed_migration.rs"]
mod feed_migration;
#[path = "api/feed_reference.rs"]
mod feed_reference;
#[path = "api/feeds.rs"]
mod feeds;
#[path = "api/form_parity.rs"]
mod form_parity;
#[path = "api/grid.rs"]
mod grid;
#[path = "api/moderation.rs"]
mod moderation;
#[path = "api/moderation_store.rs"]
mod moderation_store;
#[path = "api/open_data.rs"]
mod open_data;
#[path = "api/openapi.rs"]
mod openapi;
#[path = "api/public_log.rs"]
mod public_log;
#[path = "api/rate_limits_store.rs"]
mod rate_limits_store;
#[path = "api/reports.rs"]
mod reports;
#[path = "api/request_cache.rs"]
mod request_cache;
#[path = "api/request_language.rs"]
mod request_language;
#[path = "api/requests.rs"]
mod requests;
#[path = "api/responses.rs"]
mod responses;
#[path = "api/sessions.rs"]
mod sessions;
#[path = "api/skeleton.rs"]
mod skeleton;

//! `store copy`: a deployment moved to another database, SQLite or PostgreSQL either
//! way, is the same deployment — the same signed log to the byte, the same feed, the
//! same statistics, the same accounts — and a copy either completes or leaves its
//! target empty. One test binary; its modules live in `tests/store_copy/`.
//!
//! The PostgreSQL tests need `PORCHLIGHT_TEST_POSTGRES` (the admin URL of a throwaway
//! cluster, which `scripts/test.sh` exports) and fail, saying so, without it: a
//! skipped test would let a broken PostgreSQL copy pass unnoticed.

#[path = "store_copy/deployment.rs"]
mod deployment;
#[path = "store_copy/same_deployment.rs"]
mod same_deployment;
#[path = "store_copy/snapshot.rs"]
mod snapshot;

#[path = "store_copy/sqlite_to_sqlite.rs"]
mod sqlite_to_sqlite;

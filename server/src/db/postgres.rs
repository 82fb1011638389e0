//! The PostgreSQL backend: several server instances on one shared database.
//! Migrations in `server/migrations/postgres/`.

mod store;

pub use store::PgStore;

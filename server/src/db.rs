//! Storage: the only module that speaks SQL. Handlers call [`Db`]'s methods, so a
//! PostgreSQL implementation can replace this one without touching them.

mod store;

pub use store::{Db, DbError};

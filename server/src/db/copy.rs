//! `store copy`: a whole deployment moved from one database to another, either backend
//! to either. The tables are listed once, here, as storage-neutral rows; each backend
//! reads and writes them with its own SQL (`sqlite/copy.rs`, `postgres/copy.rs`).

mod error;
mod run;
mod stream;
mod table;
mod value;

pub use error::CopyError;
pub use run::{copy_database, copy_store, CopyOptions, CopyReport};
pub use stream::{CopyReader, CopyWriter};
pub use table::{Column, ColumnKind, CopyTable};
pub use value::{CopyRow, CopyValue};

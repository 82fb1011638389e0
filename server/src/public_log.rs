//! The public log around the database: the checkpoint signing key, and the auditor
//! that checks any compatible server from the outside.

mod audit;
mod key;

pub use audit::{audit, AuditError, AuditOptions, AuditReport, SavedCheckpoint};
pub use key::{KeyError, LogSigner, KEY_FILE_NAME};

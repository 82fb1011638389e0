//! The resident's own check of the public log, in the browser: the request on screen
//! is in the log under a checkpoint the log signed, and the log still extends the
//! newest checkpoint this browser verified before (kept in local storage).

mod memory;
mod verify;

pub use memory::{forget_checkpoint, remember_checkpoint, remembered_checkpoint, RememberedCheckpoint, STORAGE_KEY};
pub use verify::{verify_agency_key_in_log, verify_in_log, verify_many_in_log, LogStatus};

//! The request form's state and checks, apart from any markup: what the user typed and
//! drew, the one domain call that judges it, where the server's errors belong, and the
//! draft kept in local storage.

mod check;
mod draft_store;
mod local_time;
mod server_problems;
mod state;
mod text;

pub use check::FormCheck;
pub use draft_store::{clear_draft, load_draft, save_draft, DRAFT_KEY};
pub use local_time::{local_input_to_utc, now_utc, utc_to_local_input};
pub use server_problems::ServerProblems;
pub use state::FormState;
pub use text::{
    area_with_limit_text, attestation_text, concern_field_text, concern_text, detail_text, draft_error_text,
};

//! Abuse limits (issue 18): how often one client address, one account's email and
//! everyone together may register, sign in, post and report, counted in the database
//! so that they hold across server instances; and who "one client address" is.

mod client_addr;
mod limiter;
mod rate;

pub use client_addr::{ClientAddr, TrustedProxy};
pub use limiter::{
    AbuseLimits, Action, ActionLimits, Limiter, SIGN_IN_ACCOUNT_BUCKET, SUBSCRIBE_EMAIL_BUCKET,
};
pub use rate::{Limit, Rate};

//! Accounts' secrets: argon2id password hashes, session tokens and the session cookie.

mod cookie;
mod extract;
mod password;
mod token;

pub use cookie::{
    clear_session_cookie, session_cookie, session_token_from_headers, SESSION_COOKIE,
};
pub use extract::{MaybeSignedIn, SignedIn};
pub use password::{hash_password, verify_password, HashingError, HashingPool};
pub use token::{hash_token, new_session_token, SESSION_LIFETIME};

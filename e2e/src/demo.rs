//! The accounts `porchlight-server --demo` seeds (see the README).

/// Staff of the Demo City Police Department (`demo-city-police`).
pub const OFFICER: &str = "officer@porchlight.test";
/// The moderator: reviews submissions and decides on reports.
pub const MODERATOR: &str = "moderator@porchlight.test";
/// A resident account.
pub const RESIDENT: &str = "resident@porchlight.test";
/// Every demo account's password.
pub const DEMO_PASSWORD: &str = "porchlight-demo";

use std::fmt;

/// Why the harness or a test step failed, as a message meant for a human reading the
/// test output: what was expected, what was seen, and where to look.
pub struct HarnessError(String);

/// The result of harness operations and of e2e tests.
pub type Result<T, E = HarnessError> = std::result::Result<T, E>;

impl HarnessError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// Prefixes the message with what was being done.
    pub fn context(self, what: impl fmt::Display) -> Self {
        Self(format!("{what}: {}", self.0))
    }
}

impl fmt::Display for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// A test returning `Err` prints the error with `Debug`: show the message as written,
// newlines included, rather than an escaped string.
impl fmt::Debug for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HarnessError {}

impl From<std::io::Error> for HarnessError {
    fn from(e: std::io::Error) -> Self {
        Self(format!("I/O error: {e}"))
    }
}

impl From<fantoccini::error::CmdError> for HarnessError {
    fn from(e: fantoccini::error::CmdError) -> Self {
        Self(format!("WebDriver command failed: {e}"))
    }
}

impl From<fantoccini::error::NewSessionError> for HarnessError {
    fn from(e: fantoccini::error::NewSessionError) -> Self {
        Self(format!(
            "could not start a Chromium session through chromedriver: {e}"
        ))
    }
}

//! A real SMTP server for the alert tests: the server's own test sink
//! (`server/tests/api/support/smtp_sink.rs`, shared, not copied), run on a thread and
//! runtime of its own so that it answers while a test waits on the browser, plus the
//! ways a test reads the emails it caught.

use std::time::{Duration, Instant};

#[path = "../../server/tests/api/support/smtp_sink.rs"]
#[allow(dead_code)]
mod smtp_sink;

pub use smtp_sink::{decoded_header, header, link_token, text_parts, Received, SmtpSink};

use crate::error::{HarnessError, Result};

/// Starts the sink on 127.0.0.1 and a port of its own; it runs until the test ends.
pub fn start_smtp_sink() -> SmtpSink {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the SMTP sink");
        runtime.block_on(async move {
            let _ = tx.send(SmtpSink::start().await);
            std::future::pending::<()>().await;
        });
    });
    rx.recv().expect("the SMTP sink starts")
}

/// Waits (up to `timeout`) for an email to `to` whose subject contains `subject`;
/// returns it as sent.
pub async fn wait_for_email(
    sink: &SmtpSink,
    to: &str,
    subject: &str,
    timeout: Duration,
) -> Result<String> {
    let start = Instant::now();
    loop {
        let found = sink.received().into_iter().find(|m| {
            m.recipients.iter().any(|r| r == to)
                && decoded_header(&m.data, "Subject").is_some_and(|s| s.contains(subject))
        });
        if let Some(message) = found {
            return Ok(message.data);
        }
        if start.elapsed() > timeout {
            let seen: Vec<_> = sink
                .received()
                .iter()
                .map(|m| {
                    format!(
                        "{:?}: {:?}",
                        m.recipients,
                        decoded_header(&m.data, "Subject")
                    )
                })
                .collect();
            return Err(HarnessError::new(format!(
                "no email to {to} about {subject:?} within {timeout:?}; received: {seen:?}"
            )));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// An email's plain-text part.
pub fn plain_text(message: &str) -> String {
    text_parts(message)
        .into_iter()
        .find(|(content_type, _)| content_type.starts_with("text/plain"))
        .map(|(_, text)| text)
        .unwrap_or_default()
}

/// The first link in `text` that starts with `prefix` (up to the next whitespace).
pub fn link_in(text: &str, prefix: &str) -> Option<String> {
    let at = text.find(prefix)?;
    Some(
        text[at..]
            .split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .next()?
            .to_owned(),
    )
}

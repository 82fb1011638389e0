//! Delivery: SMTP through lettre (rustls, no OpenSSL), configured by one URL, or files.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Where alert emails go (`--smtp-url`, `--mail-from`, `--mail-dir`).
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:port` (no TLS, e.g. a local relay), `smtp://host?tls=required`
    /// (STARTTLS), `smtps://user:pass@host` (TLS); `None`: write `.eml` files.
    pub smtp_url: Option<String>,
    /// The `From:` of every email.
    pub from: Mailbox,
    /// Where the `.eml` files go without SMTP.
    pub mail_dir: PathBuf,
}

/// Why a delivery failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The mail server refused it for good (SMTP 5xx): a bounce.
    #[error("refused for good: {0}")]
    Permanent(String),
    /// Anything that may pass: 4xx, a connection or a disk failure.
    #[error("failed for now: {0}")]
    Transient(String),
}

/// Sends emails.
#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// Writes each email as `<dir>/<name>.eml` (the demo, and servers without SMTP).
    Files { dir: PathBuf, from: Mailbox },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Files { dir, .. } => write!(f, "Mailer::Files({})", dir.display()),
        }
    }
}

impl Mailer {
    /// The mailer the settings describe.
    pub fn new(settings: &MailSettings) -> Result<Mailer, String> {
        match &settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("--smtp-url: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build();
                Ok(Mailer::Smtp {
                    transport,
                    from: settings.from.clone(),
                })
            }
            None => Ok(Mailer::Files {
                dir: settings.mail_dir.clone(),
                from: settings.from.clone(),
            }),
        }
    }

    /// The `From:` address.
    pub fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. } | Mailer::Files { from, .. } => from,
        }
    }

    /// Delivers one email; `name` names its file when written to disk.
    pub async fn send(&self, message: Message, name: &str) -> Result<(), SendError> {
        match self {
            Mailer::Smtp { transport, .. } => match transport.send(message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                Err(e) => Err(SendError::Transient(e.to_string())),
            },
            Mailer::Files { dir, .. } => {
                let transient = |e: std::io::Error| SendError::Transient(e.to_string());
                tokio::fs::create_dir_all(dir).await.map_err(transient)?;
                // Written whole, then renamed: a reader never sees half an email.
                let part = dir.join(format!(".{name}.eml.part"));
                tokio::fs::write(&part, message.formatted())
                    .await
                    .map_err(transient)?;
                tokio::fs::rename(&part, dir.join(format!("{name}.eml")))
                    .await
                    .map_err(transient)
            }
        }
    }
}

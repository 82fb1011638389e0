//! Email alerts (README, "Email alerts"): the emails, how they are delivered (SMTP, or
//! `.eml` files without it), and the outbox worker any server instance may run.

mod mailer;
mod message;
mod worker;

pub use mailer::{MailSettings, Mailer, SendError};
pub use message::{
    alert_email, confirmation_email, describe_time_frame, describe_time_frame_in, MailLinks,
};
pub use worker::{drain_outbox, run_outbox_worker, DrainReport, OutboxWorker, MAX_ATTEMPTS};

use porchlight_domain::wire::ErrorDetail;

use super::text::detail_text;
use crate::api::ApiError;
use crate::i18n::{t, tf};

/// The fields the form shows messages next to, as the API names them.
const FIELDS: [&str; 13] = [
    "area",
    "time_frame",
    "time_frame.start",
    "time_frame.end",
    "incident_type",
    "case_number",
    "title",
    "description",
    "contact",
    "contact.email",
    "contact.phone",
    "attestations.active_investigation",
    "attestations.no_lawful_activity",
];

/// A failed post, sorted for display: messages that belong to a field go next to it,
/// the rest (signed out, no connection, …) above the submit button.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerProblems {
    /// `(field, message)` for errors the server tied to a form field.
    pub by_field: Vec<(String, String)>,
    /// Messages for the whole form.
    pub general: Vec<String>,
    /// True when the session has ended (401): the user must sign in again.
    pub signed_out: bool,
}

impl ServerProblems {
    /// Sorts the error of `POST /requests`.
    pub fn from_error(error: &ApiError) -> ServerProblems {
        let mut problems = ServerProblems::default();
        match error {
            ApiError::Server { status: 401, .. } | ApiError::Status { status: 401 } => {
                problems.signed_out = true;
                problems.general.push(t("form.problems.signed_out"));
            }
            ApiError::Server { body, .. } => {
                for detail in &body.errors {
                    let ErrorDetail { field, .. } = detail;
                    match field.as_deref().filter(|f| FIELDS.contains(f)) {
                        Some(field) => problems.by_field.push((field.to_owned(), detail_text(detail))),
                        None => problems.general.push(detail_text(detail)),
                    }
                }
                if body.errors.is_empty() {
                    problems.general.push(detail_text(&body.error));
                }
            }
            ApiError::Network(_) => problems.general.push(tf("form.problems.network", &[("error", &error.text())])),
            other => problems.general.push(tf("form.problems.other", &[("error", &other.text())])),
        }
        problems
    }

    /// The server's messages for one field.
    pub fn messages(&self, field: &str) -> Vec<String> {
        self.by_field.iter().filter(|(f, _)| f == field).map(|(_, m)| m.clone()).collect()
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.general.is_empty()
    }
}

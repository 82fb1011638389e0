use porchlight_domain::wire::ErrorDetail;

use crate::api::ApiError;

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
                problems.general.push(
                    "You are signed out. Sign in again, then post: your draft is kept in this browser.".to_owned(),
                );
            }
            ApiError::Server { body, .. } => {
                for ErrorDetail { message, field, .. } in &body.errors {
                    match field.as_deref().filter(|f| FIELDS.contains(f)) {
                        Some(field) => problems.by_field.push((field.to_owned(), message.clone())),
                        None => problems.general.push(message.clone()),
                    }
                }
                if body.errors.is_empty() {
                    problems.general.push(body.error.message.clone());
                }
            }
            ApiError::Network(_) => {
                problems.general.push(format!("{error} Nothing was posted; your draft is kept, so you can try again."))
            }
            other => problems.general.push(format!("{other} Nothing was posted; your draft is kept.")),
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

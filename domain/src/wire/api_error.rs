use serde::{Deserialize, Serialize};

/// Every error response of the API has this body:
/// `{ "error": {code, message, field?}, "errors": [ … all of them … ] }`.
///
/// ```
/// use porchlight_domain::wire::{ApiErrorBody, ErrorDetail};
/// let body = ApiErrorBody::single(ErrorDetail::new("not_found", "No such request."));
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json["error"]["code"], "not_found");
/// assert_eq!(json["errors"].as_array().unwrap().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// The first (most important) error.
    pub error: ErrorDetail,
    /// All errors, the first one included.
    pub errors: Vec<ErrorDetail>,
}

impl ApiErrorBody {
    /// A body holding exactly one error.
    pub fn single(error: ErrorDetail) -> Self {
        Self { errors: vec![error.clone()], error }
    }
}

/// One error: a stable machine `code`, a message a resident understands, and the
/// input `field` it belongs to (`area`, `time_frame.end`, `contact.email`, …), if any.
///
/// ```
/// use porchlight_domain::wire::ErrorDetail;
/// let e = ErrorDetail::new("area_too_large", "Too big.").with_field("area");
/// assert_eq!(e.field.as_deref(), Some("area"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorDetail {
    /// An error without a field.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into(), field: None }
    }

    /// The same error, attached to an input field.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

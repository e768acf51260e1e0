//! The problem details body (RFC 9457) and its field errors, cut so that an
//! error never echoes large client input whole.

use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The most characters of client input an error echoes (in a field path or a message).
pub(super) const MAX_ECHO_CHARS: usize = 200;

/// `s` cut to `max` characters with an ellipsis: errors never echo large input whole.
pub fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field, e.g. `answers.would_feel_safe` or `responses[3].area`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    /// Field paths and messages are cut to a bounded length (they may quote input).
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        let (field, message) = (field.into(), message.into());
        Self { field: excerpt(&field, MAX_ECHO_CHARS), message: excerpt(&message, 2 * MAX_ECHO_CHARS) }
    }

    /// The same error, nested under `prefix` (`prefix.field`).
    pub fn nested(self, prefix: &str) -> Self {
        let field = if self.field.is_empty() || self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        Self { field, ..self }
    }
}

/// An RFC 9457 problem details body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI identifying the problem type.
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request path the problem occurred on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The invalid fields, for validation failures (at most 100 listed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// How many fields are invalid in all, when more than `errors` lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_count: Option<u32>,
    /// The request's `X-Request-Id`, as in the service's log lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

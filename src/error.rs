//! `ApiError`: every failure a client can see, rendered as RFC 9457 problem details.
//!
//! Client errors carry a human-readable `detail` and, for validation failures, one
//! entry per bad field. Server errors are opaque: the cause goes to the log only.
//! Database errors become `ApiError`s in `db::errors` (this module knows nothing
//! of the database).

mod problem;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use problem::MAX_ECHO_CHARS;
pub use problem::{excerpt, FieldError, Problem, PROBLEM_JSON};

/// The most field errors one answer lists; the rest are only counted.
pub const MAX_LISTED_ERRORS: usize = 100;

/// An error returned by a handler.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    slug: &'static str,
    detail: String,
    errors: Vec<FieldError>,
    /// How many field errors there were before the list was cut (u32 keeps the error small).
    error_count: u32,
    /// Whether retrying the whole transaction may succeed (deadlock, serialization failure).
    retryable: bool,
    /// Extra headers (`WWW-Authenticate`, `Allow`, `Retry-After`).
    headers: Vec<(header::HeaderName, String)>,
    /// The real cause of a 5xx, for the log only.
    cause: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, slug: &'static str, detail: impl Into<String>) -> Self {
        let detail = excerpt(&detail.into(), 4 * MAX_ECHO_CHARS);
        Self {
            status,
            slug,
            detail,
            errors: Vec::new(),
            error_count: 0,
            retryable: false,
            headers: Vec::new(),
            cause: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", detail)
    }

    /// 400 for a query string or path that does not parse, naming the parameter.
    pub fn bad_parameter(field: impl Into<String>, message: impl Into<String>) -> Self {
        let e = FieldError::new(field, message);
        let mut err = Self::bad_request(format!("invalid parameter `{}`: {}", e.field, e.message));
        err.errors.push(e);
        err
    }

    /// 401 with the `WWW-Authenticate` challenge RFC 6750 asks for.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        let challenge = format!(
            "Bearer realm=\"client-safety\", error=\"invalid_token\", error_description=\"{}\"",
            detail.replace('"', "'")
        );
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
            .with_header(header::WWW_AUTHENTICATE, challenge)
    }

    /// 401 for a request with no credentials at all (no error code in the challenge).
    pub fn missing_credentials() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "a bearer token is required")
            .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"client-safety\"".to_owned())
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 403 for a query parameter the caller's role may not use, naming it.
    pub fn forbidden_parameter(field: impl Into<String>, message: impl Into<String>) -> Self {
        let e = FieldError::new(field, message);
        let mut err = Self::forbidden(format!("parameter `{}` is not allowed: {}", e.field, e.message));
        err.errors.push(e);
        err
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    pub fn method_not_allowed(allow: &[&str]) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "this method is not allowed on this resource",
        )
        .with_header(header::ALLOW, allow.join(", "))
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", detail)
    }

    /// 410: what was asked for is no longer kept.
    pub fn gone(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::GONE, "gone", detail)
    }

    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PRECONDITION_FAILED, "precondition-failed", detail)
    }

    pub fn payload_too_large(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large", detail)
    }

    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", detail)
    }

    /// 406: none of the representations the request accepts is available.
    pub fn not_acceptable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_ACCEPTABLE, "not-acceptable", detail)
    }

    /// 408: the request body did not arrive in time.
    pub fn request_timeout(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "request-timeout", detail)
    }

    /// 414: the request target is longer than the service reads.
    pub fn uri_too_long(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::URI_TOO_LONG, "uri-too-long", detail)
    }

    /// 429 with `Retry-After`.
    pub fn too_many_requests(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", detail)
            .with_header(header::RETRY_AFTER, "1".to_owned())
    }

    /// 431: too many or too large header fields.
    pub fn headers_too_large(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "header-fields-too-large", detail)
    }

    /// 422 with one entry per invalid field (the first 100 listed, all counted).
    pub fn validation(mut errors: Vec<FieldError>) -> Self {
        let count = errors.len();
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            _ if count > MAX_LISTED_ERRORS => {
                format!("{count} fields are invalid; the first {MAX_LISTED_ERRORS} are listed")
            }
            _ => format!("{count} fields are invalid"),
        };
        errors.truncate(MAX_LISTED_ERRORS);
        let mut err = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation-error", detail);
        err.errors = errors;
        err.error_count = u32::try_from(count).unwrap_or(u32::MAX);
        err
    }

    /// 422 listing `listed`, the first of `count` invalid fields.
    pub fn validation_counted(listed: Vec<FieldError>, count: usize) -> Self {
        let mut err = Self::validation(listed);
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        if count > err.error_count {
            err.error_count = count;
            err.detail = format!("{count} fields are invalid; the first {} are listed", err.errors.len());
        }
        err
    }

    /// 422 for a single invalid field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    /// 422 that is about the request as a whole rather than one field.
    pub fn unprocessable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable", detail)
    }

    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        let mut err = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the service is temporarily unavailable",
        );
        err.cause = Some(cause.to_string());
        err.with_header(header::RETRY_AFTER, "5".to_owned())
    }

    /// An opaque 500; `cause` is logged, never sent.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let mut err = Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "an internal error occurred");
        err.cause = Some(cause.to_string());
        err
    }

    /// A 503 that a retry of the whole transaction may cure (deadlock, serialization failure).
    pub fn retryable(cause: impl std::fmt::Display) -> Self {
        let mut err = Self::unavailable(cause);
        err.retryable = true;
        err
    }

    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    fn with_header(mut self, name: header::HeaderName, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn field_errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The problem body this error renders to.
    pub fn problem(&self) -> Problem {
        Problem {
            type_uri: format!("urn:client-safety:problem:{}", self.slug),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            instance: None,
            errors: self.errors.clone(),
            error_count: (self.error_count as usize > self.errors.len()).then_some(self.error_count),
            request_id: None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            log::error!("{} {}: {cause}", self.status.as_u16(), self.slug);
        }
        let mut res = HttpResponse::build(self.status);
        res.content_type(PROBLEM_JSON);
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.json(self.problem())
    }
}

//! `ETag` from a resource's `version`, `If-Match` preconditions and the
//! `If-None-Match` comparison behind 304 answers.

use actix_web::{dev::Payload, http::header, FromRequest, HttpRequest};

use crate::error::ApiError;

/// The strong entity tag of a version: `"3"`.
pub fn etag_value(version: i32) -> String {
    format!("\"{version}\"")
}

/// The `If-Match` header: absent, `*`, or a list of entity tags.
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<Vec<String>>);

impl IfMatch {
    /// 412 unless the header is absent, `*`, or names `version`.
    pub fn check(&self, version: i32) -> Result<(), ApiError> {
        let Some(tags) = &self.0 else { return Ok(()) };
        let current = etag_value(version);
        if tags.iter().any(|t| t == "*" || *t == current) {
            Ok(())
        } else {
            Err(ApiError::precondition_failed(format!(
                "If-Match does not match the current version {current}: the resource has changed; fetch it again"
            )))
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let values: Vec<&str> =
            req.headers().get_all(header::IF_MATCH).filter_map(|v| v.to_str().ok()).collect();
        let result = if values.is_empty() {
            Ok(IfMatch(None))
        } else {
            // Weak tags never match under If-Match (RFC 9110 §13.1.1), so keep them as-is.
            let tags = values.iter().flat_map(|v| v.split(',')).map(|t| t.trim().to_owned()).collect();
            Ok(IfMatch(Some(tags)))
        };
        std::future::ready(result)
    }
}

/// 200 with the resource and its `ETag`.
pub fn ok_with_etag(body: &impl serde::Serialize, version: i32) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().insert_header((header::ETAG, etag_value(version))).json(body)
}

/// [`ok_with_etag`] for an answer that holds a secret (shown once): never
/// cached by proxies or browsers.
pub fn secret_with_etag(body: &impl serde::Serialize, version: i32) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .insert_header((header::ETAG, etag_value(version)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// Whether an `If-None-Match` list names `etag` (weak comparison, RFC 9110
/// §13.1.2: `W/"3"` and `"3"` match) or is `*`.
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let current = opaque(etag);
    if_none_match.split(',').map(str::trim).any(|t| t == "*" || opaque(t) == current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_current_or_star_only() {
        assert!(IfMatch(None).check(3).is_ok());
        assert!(IfMatch(Some(vec!["*".into()])).check(3).is_ok());
        assert!(IfMatch(Some(vec!["\"2\"".into(), "\"3\"".into()])).check(3).is_ok());
        assert!(IfMatch(Some(vec!["\"2\"".into()])).check(3).is_err());
        assert!(IfMatch(Some(vec!["W/\"3\"".into()])).check(3).is_err());
    }

    #[test]
    fn if_none_match_compares_weakly() {
        assert!(none_match("\"3\"", "\"3\""));
        assert!(none_match("W/\"3\"", "\"3\""));
        assert!(none_match("\"1\", \"3\"", "\"3\""));
        assert!(none_match("*", "\"3\""));
        assert!(!none_match("\"2\"", "\"3\""));
        assert!(!none_match("3", "\"3\""));
    }
}

//! NUL characters: PostgreSQL cannot store them in text, so they are refused
//! everywhere, on both backends alike, with a 4xx naming where they were.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use serde_json::Value;

use crate::error::ApiError;

const MESSAGE: &str = "must not contain NUL characters";

/// 422 naming the first JSON string (or key) holding a NUL. Cheap unless the
/// body has a `\u0000` escape (raw NULs are not valid JSON): only then is it
/// read again to find the field. Call it after the body parsed into its type,
/// which bounds what is read again.
pub fn reject_in_json(bytes: &[u8]) -> Result<(), ApiError> {
    if !bytes.contains(&b'\\') || !bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else { return Ok(()) };
    match find(&value, String::new()) {
        Some(path) => Err(ApiError::invalid(path, MESSAGE)),
        None => Ok(()),
    }
}

fn find(value: &Value, path: String) -> Option<String> {
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        Value::String(s) if s.contains('\0') => Some(path),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| find(v, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                Some(join(&k.replace('\0', "\\u0000")))
            } else {
                find(v, join(k))
            }
        }),
        _ => None,
    }
}

/// Middleware: 400 for a NUL (`%00`) in the path or in a query parameter,
/// naming the parameter (or `path`).
pub async fn reject_in_url(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(name) = nul_in_url(req.uri().path(), req.query_string()) {
        return Err(ApiError::bad_parameter(name, MESSAGE).into());
    }
    next.call(req).await
}

fn nul_in_url(path: &str, query: &str) -> Option<String> {
    let encoded_nul = |s: &str| s.as_bytes().windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"));
    if path.contains('\0') || encoded_nul(path) {
        return Some("path".to_owned());
    }
    if !encoded_nul(query) && !query.contains('\0') {
        return None;
    }
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        .map(|(k, _)| crate::error::excerpt(&k.replace('\0', "\\u0000"), 60))
        .or_else(|| Some("query".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_holding_a_nul_is_named() {
        let named = |s: &str| reject_in_json(s.as_bytes()).err().map(|e| e.field_errors()[0].field.clone());
        assert_eq!(named(r#"{"title": {"fi": "a\u0000"}}"#).as_deref(), Some("title.fi"));
        assert_eq!(named(r#"{"r": [{"a": 1}, {"a": "\u0000"}]}"#).as_deref(), Some("r[1].a"));
        assert_eq!(named(r#"{"a": "\\u0000 is text"}"#), None);
        assert_eq!(named(r#"{"a": "plain"}"#), None);
    }

    #[test]
    fn a_nul_in_the_path_or_a_parameter_is_named() {
        assert_eq!(nul_in_url("/api/v1/events/%00", "").as_deref(), Some("path"));
        assert_eq!(nul_in_url("/api/v1/events", "limit=5&area=hus%00").as_deref(), Some("area"));
        assert_eq!(nul_in_url("/api/v1/events", "area=hus"), None);
    }
}

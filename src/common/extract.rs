//! `ApiJson` and `ApiQuery`: like actix's `Json` and `Query`, but every failure
//! is a problem+json naming the field (415, 413, 400 for syntax, 422 for data).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use actix_web::error::PayloadError;
use actix_web::{dev::Payload, http::header, web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest request body accepted (a full batch of responses fits).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The largest body of every JSON request but a response batch.
pub const JSON_LIMIT: usize = 4 * 1024 * 1024;

/// A JSON request body, deserialized with unknown fields rejected by the DTO.
pub struct ApiJson<T>(pub T);

/// Whether the request declares a JSON body (`application/json` or `*+json`).
pub fn is_json(req: &HttpRequest) -> bool {
    let Some(ct) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// How long a client may take to send a whole request body (app data; 30 s when unset).
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub Duration);

impl Default for BodyTimeout {
    fn default() -> Self {
        Self(Duration::from_secs(30))
    }
}

/// Reads the whole body within the body timeout: 415 for a charset other than
/// UTF-8, 413 past [`BODY_LIMIT`], 408 when it does not arrive in time (the
/// connection is then closed, since the rest of the body is never read).
pub async fn read_body(req: &HttpRequest, payload: &mut Payload) -> Result<web::Bytes, ApiError> {
    check_charset(req)?;
    let limit = req.app_data::<BodyTimeout>().copied().unwrap_or_default().0;
    let read = web::Bytes::from_request(req, payload);
    let Ok(result) = actix_web::rt::time::timeout(limit, read).await else {
        crate::metrics::body_timed_out();
        return Err(ApiError::request_timeout(format!(
            "the request body did not arrive within {} s",
            limit.as_secs_f64()
        )));
    };
    result.map_err(|e| match e.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => too_large(),
        _ if e.error_response().status() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        _ => ApiError::bad_request(format!("the request body could not be read: {e}")),
    })
}

fn too_large() -> ApiError {
    ApiError::payload_too_large(format!("the request body is larger than {BODY_LIMIT} bytes"))
}

/// 415 unless the body's declared charset, if any, is UTF-8 (all the service reads).
fn check_charset(req: &HttpRequest) -> Result<(), ApiError> {
    let Ok(Some(mime)) = req.mime_type() else { return Ok(()) };
    match mime.get_param(actix_web::mime::CHARSET) {
        Some(charset) if !matches!(charset.as_str().to_ascii_lowercase().as_str(), "utf-8" | "utf8") => {
            Err(ApiError::unsupported_media_type(format!(
                "the request body's charset must be utf-8, not {}",
                charset.as_str()
            )))
        }
        _ => Ok(()),
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json(&req) {
                return Err(ApiError::unsupported_media_type("the request body must be application/json"));
            }
            let bytes = read_body(&req, &mut payload).await?;
            if bytes.len() > JSON_LIMIT {
                return Err(ApiError::payload_too_large(format!(
                    "the request body is larger than {JSON_LIMIT} bytes (only response batches may be larger)"
                )));
            }
            let value = parse_json(&bytes)?;
            super::nul::reject_in_json(&bytes)?;
            Ok(ApiJson(value))
        })
    }
}

/// Parses JSON, naming the offending field of a data error.
pub fn parse_json<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, ApiError> {
    // Syntax first, so that malformed JSON is a 400 even where its start would fit the type.
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        .map_err(|e| ApiError::bad_request(format!("the request body is not valid JSON: {e}")))?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_data() {
            let message = inner.to_string();
            let message = strip_position(&message);
            ApiError::invalid(field_of(&path, message), message.to_owned())
        } else {
            ApiError::bad_request(format!("the request body is not valid JSON: {inner}"))
        }
    })?;
    de.end().map_err(|e| ApiError::bad_request(format!("the request body is not valid JSON: {e}")))?;
    Ok(value)
}

/// serde's "unknown field `x`" and "missing field `x`" name the field in the message.
fn field_of(path: &str, message: &str) -> String {
    let named = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|p| message.strip_prefix(p))
        .and_then(|rest| rest.split('`').next());
    match (path, named) {
        (".", Some(name)) => name.to_owned(),
        (p, Some(name)) if p == name || p.ends_with(&format!(".{name}")) => p.to_owned(),
        (p, Some(name)) => format!("{p}.{name}"),
        (".", None) => String::new(),
        (p, None) => p.to_owned(),
    }
}

fn strip_position(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
}

/// A query string, deserialized with unknown parameters rejected by the DTO.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ApiQuery))
    }
}

/// Parses a query string. One rule for every parameter of every route: an empty
/// value (`?cursor=`, `?area=`) means the parameter is absent, as HTML forms and
/// generated clients send unset fields.
fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let present = without_empty_values(query);
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(present.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        ApiError::bad_parameter(field_of(&path, &message), message)
    })
}

/// The query string without its parameters whose value is empty.
fn without_empty_values(query: &str) -> String {
    let pairs = form_urlencoded::parse(query.as_bytes()).filter(|(_, v)| !v.is_empty());
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_dropped_and_others_kept_as_they_were() {
        assert_eq!(without_empty_values("a=&b=1&c&d=x%20y&a="), "b=1&d=x+y");
        assert_eq!(without_empty_values(""), "");
    }
}

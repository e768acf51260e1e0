//! Every error answer as problem+json: `instance` and `request_id` on the
//! service's own problems, and non-JSON errors written by other layers
//! (actix-cors, plain-text extractor errors) turned into problems. Also names the charset of
//! plain JSON answers (`application/json; charset=utf-8`).

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use serde_json::{Map, Value};

use super::request_id::RequestId;
use crate::error::PROBLEM_JSON;

/// The longest plain-text error of another layer kept as a problem's `detail`.
const MAX_FOREIGN_DETAIL: usize = 200;

pub async fn normalize_response(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut res = next.call(req).await?.map_into_boxed_body();
    let content_type =
        res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if content_type.as_deref() == Some("application/json") {
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    let is_problem = content_type.as_deref().is_some_and(|v| v.starts_with(PROBLEM_JSON));
    // JSON error bodies are deliberate (the token endpoint's RFC 6749 errors): kept as they are.
    let is_json = content_type.as_deref().is_some_and(|v| {
        let essence = v.split(';').next().unwrap_or("").trim();
        essence == "application/json" || essence.ends_with("+json")
    });
    let foreign_error = (res.status().is_client_error() || res.status().is_server_error()) && !is_json;
    if !is_problem && !foreign_error {
        return Ok(res);
    }
    Ok(into_problem(res, is_problem).await)
}

/// The answer with `instance` and `request_id` added to its problem, or (when
/// not `ours`) made a problem from what another layer wrote.
async fn into_problem(res: ServiceResponse<BoxBody>, ours: bool) -> ServiceResponse<BoxBody> {
    let path = res.request().path().to_owned();
    let request_id = res.request().extensions().get::<RequestId>().map(|r| r.0.clone());
    let status = res.status();
    let (req, res) = res.into_parts();
    let (mut res, body) = res.into_parts();
    let bytes = to_bytes(body).await.unwrap_or_default();
    let mut map = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) if ours => map,
        // Not ours (or not readable): a problem saying what the other layer said, never a 5xx's text.
        _ => foreign_problem(status, &bytes),
    };
    map.insert("instance".to_owned(), Value::String(path));
    if let Some(id) = request_id {
        map.insert("request_id".to_owned(), Value::String(id));
    }
    res.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static(PROBLEM_JSON));
    let body = serde_json::to_vec(&map).unwrap_or_else(|_| bytes.to_vec());
    ServiceResponse::new(req, res.set_body(BoxBody::new(body)))
}

/// A problem for an error answer that another layer wrote as text or nothing.
fn foreign_problem(status: StatusCode, body: &[u8]) -> Map<String, Value> {
    let title = status.canonical_reason().unwrap_or("Error");
    let text = std::str::from_utf8(body).unwrap_or("").trim();
    let detail = if status.is_server_error() || text.is_empty() || text.len() > MAX_FOREIGN_DETAIL {
        title.to_owned()
    } else {
        text.to_owned()
    };
    let slug = title.to_ascii_lowercase().replace(' ', "-");
    let mut map = Map::new();
    map.insert("type".to_owned(), Value::String(format!("urn:client-safety:problem:{slug}")));
    map.insert("title".to_owned(), Value::String(title.to_owned()));
    map.insert("status".to_owned(), Value::from(status.as_u16()));
    map.insert("detail".to_owned(), Value::String(detail));
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_error_keeps_a_short_client_error_text_but_never_a_server_error_text() {
        let p = foreign_problem(StatusCode::BAD_REQUEST, b"Origin is not allowed to make this request");
        assert_eq!(p["detail"], "Origin is not allowed to make this request");
        assert_eq!(p["type"], "urn:client-safety:problem:bad-request");
        let p = foreign_problem(StatusCode::INTERNAL_SERVER_ERROR, b"panicked at src/x.rs");
        assert_eq!(p["detail"], "Internal Server Error");
        assert_eq!(foreign_problem(StatusCode::NOT_FOUND, b"")["detail"], "Not Found");
    }
}

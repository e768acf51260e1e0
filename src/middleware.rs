//! Request logging and the `instance` member of problem bodies.

use std::time::Instant;

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::HttpMessage;

use crate::auth::caller::LoggedClient;
use crate::error::PROBLEM_JSON;

/// Logs method, path, status, duration and client id; never headers or bodies.
pub async fn log_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let (method, path) = (req.method().clone(), req.path().to_owned());
    let res = next.call(req).await?;
    let client = res.request().extensions().get::<LoggedClient>().map(|c| c.0.clone());
    log::info!(
        target: "client_safety::http",
        "{method} {path} {} {:.1}ms client={}",
        res.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0,
        client.as_deref().unwrap_or("-")
    );
    Ok(res)
}

/// Sets `instance` (the request path) on every problem+json body, and names
/// the charset of plain JSON answers (`application/json; charset=utf-8`).
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
    if !content_type.is_some_and(|v| v.starts_with(PROBLEM_JSON)) {
        return Ok(res);
    }
    let path = res.request().path().to_owned();
    let (req, res) = res.into_parts();
    let (res, body) = res.into_parts();
    let bytes = to_bytes(body).await.unwrap_or_default();
    let body = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut map)) => {
            map.insert("instance".to_owned(), serde_json::Value::String(path));
            serde_json::to_vec(&map).unwrap_or_else(|_| bytes.to_vec())
        }
        _ => bytes.to_vec(),
    };
    Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(body))))
}

//! `If-None-Match` → 304 Not Modified on any `GET` or `HEAD` whose 200 answer
//! carries an `ETag` (RFC 9110 §13.1.2): the handler still runs, the body is
//! not sent.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::HttpResponse;

use crate::common::etag::none_match;

/// What a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5).
const KEPT: [header::HeaderName; 5] =
    [header::ETAG, header::CACHE_CONTROL, header::VARY, header::CONTENT_LOCATION, header::EXPIRES];

pub async fn not_modified(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let condition = if matches!(*req.method(), Method::GET | Method::HEAD) {
        let values: Vec<&str> =
            req.headers().get_all(header::IF_NONE_MATCH).filter_map(|v| v.to_str().ok()).collect();
        (!values.is_empty()).then(|| values.join(","))
    } else {
        None
    };
    let res = next.call(req).await?;
    let Some(condition) = condition else { return Ok(res.map_into_left_body()) };
    let etag = res.headers().get(header::ETAG).and_then(|v| v.to_str().ok());
    if res.status() != StatusCode::OK || !etag.is_some_and(|etag| none_match(&condition, etag)) {
        return Ok(res.map_into_left_body());
    }
    let mut builder = HttpResponse::NotModified();
    for name in KEPT {
        for value in res.headers().get_all(&name) {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    Ok(res.into_response(builder.finish()).map_into_right_body())
}

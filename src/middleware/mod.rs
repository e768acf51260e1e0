//! The middleware around every request, outermost first:
//!
//! 1. [`observe`]: request id, the request log line, request metrics; `HEAD` as `GET`.
//! 2. actix-web's `Compress` (gzip, brotli, zstd as the client asks).
//! 3. [`normalize_response`]: every error answer as problem+json.
//! 4. actix-cors, when `CORS_ALLOWED_ORIGINS` is set.
//! 5. [`not_modified`]: `If-None-Match` → 304.
//! 6. [`guard`]: limits and negotiation before routing (414, 431, 429, 406).
//!
//! Compression sits outside the problem rewriting (which reads bodies) and the
//! 304 (which drops them).

mod conditional;
mod guard;
mod problem;
pub mod request_id;

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::HttpMessage;

pub use conditional::not_modified;
pub use guard::{guard, GuardState, Negotiation, PerAddress};
pub use problem::normalize_response;
use request_id::{RequestId, X_REQUEST_ID};

use crate::auth::caller::LoggedClient;

/// Gives the request its id, serves it with that id on every log line, echoes
/// it, and logs and counts the answer (method, path, status, duration, client;
/// never headers or bodies).
pub async fn observe(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let id = RequestId::from_headers(req.headers());
    req.extensions_mut().insert(id.clone());
    let method = req.method().clone();
    // HEAD is served as GET wherever GET is; actix-http still sends no body, as
    // it decides that from the request it parsed. (Routing needs the request
    // unshared, so it is not cloned here.)
    if method == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let path = req.path().to_owned();
    crate::logging::with_request_id(id.0.clone(), async move {
        // Inner layers turn every error into a response; one that does not is logged as such.
        let mut res = next.call(req).await.inspect_err(|e| {
            let status = e.as_response_error().status_code().as_u16();
            log::warn!(target: "client_safety::http", "{method} {path} {status} (error not rendered): {e}");
        })?;
        if let Ok(value) = HeaderValue::from_str(&id.0) {
            res.headers_mut().insert(X_REQUEST_ID, value);
        }
        let status = res.status().as_u16();
        let elapsed = start.elapsed();
        let client = res.request().extensions().get::<LoggedClient>().map(|c| c.0.clone());
        log::info!(
            target: "client_safety::http",
            "{method} {path} {status} {:.1}ms client={}",
            elapsed.as_secs_f64() * 1000.0,
            client.as_deref().unwrap_or("-")
        );
        crate::metrics::record_request(&method, res.request().match_pattern().as_deref(), status, elapsed);
        Ok(res)
    })
    .await
}

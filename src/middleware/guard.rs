//! Checks made before routing, each answering with a problem and without
//! running a handler: an over-long target (414) or header section (431), too
//! many requests in flight from one address (429), and an `Accept` that no
//! representation of the route satisfies (406).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::mime::{self, Mime};
use actix_web::web;

use crate::common::accept::{accepted, accepts_any};
use crate::error::ApiError;

/// The longest request target (path and query) read; longer ones get 414.
pub const MAX_TARGET_BYTES: usize = 8 * 1024;
/// The most header fields read; more get 431.
pub const MAX_HEADERS: usize = 64;
/// The largest header section read (names and values); larger ones get 431.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Paths that answer whatever the load from one address: probes must get through.
const UNCAPPED: [&str; 3] = ["/health/live", "/health/ready", "/metrics"];

/// What the guard needs, shared by all workers.
pub struct GuardState {
    pub per_address: Option<Arc<PerAddress>>,
    pub negotiation: Negotiation,
}

pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = req.app_data::<web::Data<GuardState>>().cloned();
    let slot = match check(&req, state.as_ref().map(|s| s.get_ref())) {
        Ok(slot) => slot,
        Err(e) => return Ok(req.error_response(e).map_into_right_body()),
    };
    let res = next.call(req).await;
    drop(slot);
    res.map(ServiceResponse::map_into_left_body)
}

/// Every check, in order; `Ok` holds the request's in-flight slot, if capped.
fn check(req: &ServiceRequest, state: Option<&GuardState>) -> Result<Option<Slot>, ApiError> {
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > MAX_TARGET_BYTES {
        return Err(ApiError::uri_too_long(format!(
            "the request target is longer than {MAX_TARGET_BYTES} bytes"
        )));
    }
    let headers = req.headers();
    let bytes: usize = headers.iter().map(|(n, v)| n.as_str().len() + v.len()).sum();
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        return Err(ApiError::headers_too_large(format!(
            "at most {MAX_HEADERS} header fields and {MAX_HEADER_BYTES} bytes of them are read"
        )));
    }
    let Some(state) = state else { return Ok(None) };
    state.negotiation.check(req)?;
    match (&state.per_address, req.peer_addr()) {
        (Some(cap), Some(peer)) if !UNCAPPED.contains(&req.path()) => cap.enter(peer.ip()).map(Some),
        _ => Ok(None),
    }
}

/// Caps the requests in flight from one client address.
pub struct PerAddress {
    max: u32,
    in_flight: Mutex<HashMap<IpAddr, u32>>,
}

impl PerAddress {
    pub fn new(max: u32) -> Arc<Self> {
        Arc::new(Self { max, in_flight: Mutex::new(HashMap::new()) })
    }

    /// A slot for one more request from `ip`, or 429 when it has `max` in flight.
    fn enter(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, ApiError> {
        let mut map = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        let count = map.entry(ip).or_insert(0);
        if *count >= self.max {
            crate::metrics::rejected("per_address");
            return Err(ApiError::too_many_requests(format!(
                "more than {} requests in flight from one address; retry when some have finished",
                self.max
            )));
        }
        *count += 1;
        Ok(Slot { cap: self.clone(), ip })
    }
}

/// One request in flight; leaves on drop.
struct Slot {
    cap: Arc<PerAddress>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self.cap.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = map.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// The media types each documented operation answers with (from the OpenAPI
/// document), so that an `Accept` none satisfies is refused before the handler.
#[derive(Default)]
pub struct Negotiation {
    offers: HashMap<(String, Method), Vec<Mime>>,
}

impl Negotiation {
    /// JSON (every operation's errors and most answers) plus each operation's documented 2xx types.
    pub fn from_document(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut offers = HashMap::new();
        for (path, item) in &doc.paths.paths {
            let ops = [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::PATCH, &item.patch),
            ];
            for (method, op) in ops {
                let Some(op) = op else { continue };
                let mut types = vec![mime::APPLICATION_JSON];
                for (status, response) in &op.responses.responses {
                    let utoipa::openapi::RefOr::T(response) = response else { continue };
                    if !status.starts_with('2') {
                        continue;
                    }
                    types.extend(response.content.keys().filter_map(|t| t.parse::<Mime>().ok()));
                }
                offers.insert((path.clone(), method), types);
            }
        }
        Self { offers }
    }

    /// 406 when the route is documented and the client accepts none of its types.
    fn check(&self, req: &ServiceRequest) -> Result<(), ApiError> {
        let Some(pattern) = req.match_pattern() else { return Ok(()) };
        let Some(types) = self.offers.get(&(pattern, req.method().clone())) else { return Ok(()) };
        let accept = accepted(req);
        if accepts_any(accept.as_ref(), types) {
            return Ok(());
        }
        crate::metrics::rejected("not_acceptable");
        let names: Vec<String> = types.iter().map(|m| m.essence_str().to_owned()).collect();
        Err(ApiError::not_acceptable(format!("this resource is available as {}", names.join(" or "))))
    }
}

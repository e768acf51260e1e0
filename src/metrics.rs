//! Prometheus metrics with the `metrics` facade and `metrics-exporter-prometheus`
//! (its recorder only: `/metrics` is served by actix, behind a bearer token or
//! on a separate address).
//!
//! - `http_requests_total{method, route, status}` and
//!   `http_request_duration_seconds{method, route, status}` (histogram): `route`
//!   is the matched template (`/api/v1/events/{id}`), `unmatched` otherwise.
//! - `http_connections_open`, `http_body_timeouts_total`, `http_requests_rejected_total{reason}`.
//! - `db_pool_connections{state="idle"|"in_use"}`, `db_pool_max_connections`.
//! - `responses_ingested_total`: survey responses stored.
//!
//! Recording is a no-op until `install` has run (only when metrics are enabled).

use std::sync::OnceLock;
use std::time::Duration;

use actix_web::http::{header, Method};
use actix_web::{web, HttpRequest, HttpResponse};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::db::DbPool;
use crate::error::ApiError;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Latency buckets in seconds: 1 ms .. 10 s.
const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// Installs the process-wide recorder once and returns its handle. Histograms
/// keep raw samples until upkeep folds them: a thread does that every 5 s.
fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new();
            let builder = builder
                .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), &LATENCY_BUCKETS)
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if let Err(e) = metrics::set_global_recorder(recorder) {
                log::warn!("metrics recorder not installed: {e}");
            }
            describe();
            let upkeep = handle.clone();
            std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                })
                .map_err(|e| log::warn!("no metrics upkeep thread: {e}"))
                .ok();
            handle
        })
        .clone()
}

fn describe() {
    metrics::describe_counter!(
        "http_requests_total",
        "Requests answered, by method, route template and status"
    );
    metrics::describe_histogram!(
        "http_request_duration_seconds",
        metrics::Unit::Seconds,
        "Time to answer, by method, route template and status"
    );
    metrics::describe_gauge!("http_connections_open", "Client connections open now");
    metrics::describe_counter!("http_body_timeouts_total", "Request bodies not received in time (408)");
    metrics::describe_counter!(
        "http_requests_rejected_total",
        "Requests refused before their handler, by reason"
    );
    metrics::describe_gauge!("db_pool_connections", "Database connections in the pool, idle or in use");
    metrics::describe_gauge!("db_pool_max_connections", "The pool's size");
    metrics::describe_counter!("responses_ingested_total", "Survey responses stored");
    metrics::counter!("responses_ingested_total").increment(0);
    metrics::counter!("http_body_timeouts_total").increment(0);
}

/// Counts and times one answered request.
pub fn record_request(method: &Method, route: Option<&str>, status: u16, elapsed: Duration) {
    let labels = [
        ("method", method_label(method)),
        ("route", route.unwrap_or("unmatched").to_owned()),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(elapsed.as_secs_f64());
}

/// Standard methods by name; anything else as `other`, so clients cannot grow the label set.
fn method_label(method: &Method) -> String {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
        Method::CONNECT,
    ];
    if KNOWN.contains(method) {
        method.as_str().to_owned()
    } else {
        "other".to_owned()
    }
}

/// `n` survey responses were stored (called by the response write path).
pub fn responses_ingested(n: usize) {
    metrics::counter!("responses_ingested_total").increment(n as u64);
}

/// A request body did not arrive within the body timeout.
pub fn body_timed_out() {
    metrics::counter!("http_body_timeouts_total").increment(1);
}

/// A request was refused before its handler (`reason`: a short fixed word).
pub fn rejected(reason: &'static str) {
    metrics::counter!("http_requests_rejected_total", "reason" => reason).increment(1);
}

/// Held by each open connection (in its connection data): counts it while it lives.
pub struct ConnectionGuard(());

impl ConnectionGuard {
    pub fn open() -> Self {
        metrics::gauge!("http_connections_open").increment(1.0);
        Self(())
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        metrics::gauge!("http_connections_open").decrement(1.0);
    }
}

/// What `/metrics` needs: the recorder's handle, the pool to sample, the token.
pub struct MetricsEndpoint {
    handle: PrometheusHandle,
    pool: DbPool,
    token_digest: Option<[u8; 32]>,
}

impl MetricsEndpoint {
    pub fn new(pool: DbPool, token: Option<&str>) -> Self {
        Self { handle: install(), pool, token_digest: token.map(digest) }
    }

    /// Compares digests in constant time, so neither content nor length leaks through timing.
    fn authorize(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let Some(expected) = &self.token_digest else { return Ok(()) };
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(ApiError::missing_credentials)?;
        if bool::from(digest(given.trim()).ct_eq(expected)) {
            Ok(())
        } else {
            Err(ApiError::unauthorized("the metrics token is not valid"))
        }
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// `GET /metrics`: the Prometheus text exposition format.
pub async fn serve_metrics(
    req: HttpRequest,
    endpoint: web::Data<MetricsEndpoint>,
) -> Result<HttpResponse, ApiError> {
    endpoint.authorize(&req)?;
    let state = endpoint.pool.state();
    let idle = f64::from(state.idle_connections);
    metrics::gauge!("db_pool_connections", "state" => "idle").set(idle);
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(state.connections) - idle);
    metrics::gauge!("db_pool_max_connections").set(f64::from(endpoint.pool.max_size()));
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(endpoint.handle.render()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "other");
    }
}

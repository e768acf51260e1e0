//! The HTTP servers: the API with its middleware and connection limits, and
//! the optional separate metrics listener.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, Condition};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use super::fallback::{fallback, Routes};
use crate::common::extract::{BodyTimeout, BODY_LIMIT};
use crate::config::server::{Cors, ServerSettings};
use crate::error::ApiError;
use crate::metrics::{serve_metrics, ConnectionGuard, MetricsEndpoint};
use crate::middleware::{
    guard, normalize_response, not_modified, observe, GuardState, Negotiation, PerAddress,
};
use crate::openapi::{self, DOCUMENT_PATH};
use crate::routes;
use crate::state::AppState;

/// The API on `listener`. `metrics`: serve `/metrics` here too.
pub fn main_listener(
    listener: TcpListener,
    state: web::Data<AppState>,
    ops: &ServerSettings,
    metrics: Option<web::Data<MetricsEndpoint>>,
) -> anyhow::Result<Server> {
    let shared = Shared::new(state, ops, metrics);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let connections = shared.state.pool.max_size() as usize;
    log::info!(
        "limits: bodies within {:?}, {} connections ({} workers), {} requests in flight per address (0: no cap)",
        ops.body_timeout,
        ops.max_connections,
        workers,
        ops.max_requests_per_address
    );
    let server = HttpServer::new(move || shared.clone().app())
        .workers(workers)
        // actix counts connections per worker: the total cap spread over them.
        .max_connections(ops.max_connections.div_ceil(workers).max(1))
        // actix's defaults, stated: a request head within 5 s (else its own bodiless 408), idle
        // keep-alive connections closed after 5 s, 1 s to finish closing.
        .client_request_timeout(Duration::from_secs(5))
        .keep_alive(Duration::from_secs(5))
        .client_disconnect_timeout(Duration::from_secs(1))
        .on_connect(|_, ext| drop(ext.insert(ConnectionGuard::open())))
        // Each worker's blocking pool gets its share of the connections: a
        // thread beyond that only waits for a connection, and the wait and
        // wake-up cost two context switches a request (measured: a page of
        // 50 events at 16,000 requests/s with 6 threads a worker, 20,000 with 2).
        .worker_max_blocking_threads(connections.div_ceil(workers).max(1))
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
    Ok(server)
}

/// What every worker's `App` is built from.
#[derive(Clone)]
struct Shared {
    state: web::Data<AppState>,
    guard: web::Data<GuardState>,
    routes: Routes,
    /// The served OpenAPI document (exact, as committed).
    doc: serde_json::Value,
    metrics: Option<web::Data<MetricsEndpoint>>,
    body_timeout: BodyTimeout,
    cors: Cors,
}

impl Shared {
    /// Reads the routes' methods and media types from the OpenAPI document.
    fn new(
        state: web::Data<AppState>,
        ops: &ServerSettings,
        metrics: Option<web::Data<MetricsEndpoint>>,
    ) -> Self {
        let doc = openapi::document();
        let per_address = ops.max_requests_per_address;
        Shared {
            state,
            guard: web::Data::new(GuardState {
                per_address: (per_address > 0).then(|| PerAddress::new(per_address)),
                negotiation: Negotiation::from_document(&doc),
            }),
            routes: Arc::new(openapi::route_table(&doc)),
            doc: openapi::document_value(),
            metrics,
            body_timeout: BodyTimeout(ops.body_timeout),
            cors: ops.cors.clone(),
        }
    }

    /// The routes, Swagger UI, `/metrics` if served here, and the middleware
    /// in the order `crate::middleware` describes (the last `wrap` is outermost).
    fn app(
        self,
    ) -> App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<impl MessageBody>,
            Error = actix_web::Error,
            InitError = (),
        >,
    > {
        let Shared { state, guard: guard_state, routes, doc, metrics, body_timeout, cors } = self;
        let (app, _) = App::new().into_utoipa_app().configure(routes::configure).split_for_parts();
        app.app_data(state)
            .app_data(guard_state)
            .app_data(web::PayloadConfig::new(BODY_LIMIT))
            .app_data(body_timeout)
            .configure(|cfg| {
                if let Some(endpoint) = metrics {
                    cfg.app_data(endpoint).route("/metrics", web::get().to(serve_metrics));
                }
            })
            .service(
                SwaggerUi::new("/swagger-ui/{_:.*}")
                    .external_url_unchecked(DOCUMENT_PATH, doc)
                    .config(Config::new([DOCUMENT_PATH]).persist_authorization(true)),
            )
            .service(web::redirect("/swagger-ui", "/swagger-ui/"))
            .default_service(web::to(move |req: HttpRequest| fallback(req, routes.clone())))
            .wrap(from_fn(crate::common::nul::reject_in_url))
            .wrap(from_fn(guard))
            .wrap(from_fn(not_modified))
            .wrap(Condition::new(cors != Cors::Off, cors_middleware(&cors)))
            .wrap(from_fn(normalize_response))
            .wrap(Compress::default())
            .wrap(from_fn(observe))
    }
}

/// actix-cors for the configured origins: the API's methods and headers, and
/// the response headers a browser client needs to read.
fn cors_middleware(cors: &Cors) -> actix_cors::Cors {
    let base = actix_cors::Cors::default()
        .allowed_methods(["GET", "HEAD", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::WWW_AUTHENTICATE,
            header::HeaderName::from_static("idempotent-replayed"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .max_age(3600);
    match cors {
        Cors::Off => base,
        Cors::Any => base.allow_any_origin().send_wildcard(),
        Cors::Origins(origins) => origins.iter().fold(base, |c, origin| c.allowed_origin(origin)),
    }
}

/// `/metrics` alone on its own address (one worker; stopped with the main server).
pub fn metrics_listener(
    addr: SocketAddr,
    endpoint: web::Data<MetricsEndpoint>,
) -> anyhow::Result<(u16, Server)> {
    let listener = TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr} for metrics"))?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(endpoint.clone())
            .route("/metrics", web::get().to(serve_metrics))
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(ApiError::not_found("only /metrics is served on this address"))
            }))
            .wrap(from_fn(normalize_response))
            .wrap(from_fn(observe))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run();
    log::info!("metrics at http://{}:{port}/metrics", addr.ip());
    Ok((port, server))
}

//! Building the application: database, state, routes and middleware. Used by
//! `main` and by the tests (bind to port 0 and read `port()`).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use anyhow::Context;
use utoipa::OpenApi;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::auth::{ClientStatusCache, TokenService};
use crate::common::{extract::BODY_LIMIT, idempotency};
use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::middleware::{log_requests, normalize_response};
use crate::openapi::{self, ApiDoc, DOCUMENT_PATH};
use crate::state::AppState;
use crate::{areas, audit, auth, clients, events, health, proposals, reports, responses, results, surveys};

/// Every documented route.
fn configure_api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(scope::scope("/health").configure(health::configure))
        .service(scope::scope("/api/v1/auth").service(auth::token::issue_token))
        .service(scope::scope("/api/v1/clients").configure(clients::configure))
        .service(scope::scope("/api/v1/areas").configure(areas::configure))
        .service(scope::scope("/api/v1/events").configure(events::configure))
        .service(scope::scope("/api/v1/proposals").configure(proposals::configure))
        .service(scope::scope("/api/v1/reports").configure(reports::configure))
        .service(scope::scope("/api/v1/audit").configure(audit::configure))
        .service(
            scope::scope("/api/v1/surveys")
                .configure(surveys::configure)
                .configure(responses::configure)
                .configure(results::configure),
        );
}

/// The OpenAPI document the routes describe.
pub fn api_document() -> utoipa::openapi::OpenApi {
    let (_, doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(configure_api).split_for_parts();
    openapi::finish(doc)
}

/// Connects, migrates and makes sure the reference data is there.
pub fn prepare_database(settings_db: &db::DbUrl, pool_size: u32) -> anyhow::Result<DbPool> {
    let pool = db::connect(settings_db, pool_size)?;
    let mut conn = pool.get().context("no database connection")?;
    db::migrate(&mut conn)?;
    areas::seed::ensure_reference_areas(&mut conn)?;
    Ok(pool)
}

/// A running (not yet awaited) HTTP server.
pub struct Application {
    port: u16,
    server: Server,
    pool: DbPool,
}

impl Application {
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = prepare_database(&settings.database, settings.pool_size)?;
        crate::bootstrap::first_admin(&pool, &settings.data_dir)?;
        if settings.demo {
            crate::demo::load(&pool)?;
        }
        let listener = TcpListener::bind(settings.bind_addr)
            .with_context(|| format!("cannot listen on {}", settings.bind_addr))?;
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState {
            pool: pool.clone(),
            tokens: TokenService::new(&settings.jwt),
            client_status: ClientStatusCache::new(settings.client_status_ttl),
            token_guard: Default::default(),
            min_group_size: settings.min_group_size,
        });
        let doc = openapi::document();
        let routes = Arc::new(openapi::route_table(&doc));
        let server = HttpServer::new(move || {
            let routes = routes.clone();
            let swagger_config = Config::new([DOCUMENT_PATH]).persist_authorization(true);
            let (app, _) = App::new()
                .into_utoipa_app()
                .openapi(ApiDoc::openapi())
                .configure(configure_api)
                .split_for_parts();
            app.app_data(state.clone())
                .app_data(web::PayloadConfig::new(BODY_LIMIT))
                .service(
                    SwaggerUi::new("/swagger-ui/{_:.*}")
                        .url(DOCUMENT_PATH, doc.clone())
                        .config(swagger_config),
                )
                .service(web::redirect("/swagger-ui", "/swagger-ui/"))
                .default_service(web::to(move |req: HttpRequest| fallback(req, routes.clone())))
                .wrap(from_fn(crate::common::nul::reject_in_url))
                .wrap(from_fn(normalize_response))
                .wrap(from_fn(log_requests))
        })
        .listen(listener)?
        // Blocking work waits for a pooled connection anyway: more threads than
        // connections only add stacks and allocator arenas (memory), not speed.
        .worker_max_blocking_threads(settings.pool_size as usize + 2)
        .shutdown_timeout(10)
        .run();
        spawn_housekeeping(pool.clone());
        log::info!("listening on http://{}:{port} (Swagger UI at /swagger-ui/)", settings.bind_addr.ip());
        Ok(Self { port, server, pool })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from elsewhere (tests, embedding).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Serves until SIGINT/SIGTERM, then finishes in-flight requests (graceful shutdown).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// 405 with `Allow` for a known path with another method; 404 otherwise.
async fn fallback(
    req: HttpRequest,
    routes: Arc<Vec<(String, Vec<&'static str>)>>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().trim_end_matches('/');
    let matches = |template: &str| {
        let (a, b): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
        a.len() == b.len() && a.iter().zip(&b).all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()))
    };
    match routes.iter().find(|(template, _)| matches(template)) {
        Some((_, methods)) => {
            let allow: Vec<String> = methods.iter().map(|m| m.to_ascii_uppercase()).collect();
            Err(ApiError::method_not_allowed(&allow.iter().map(String::as_str).collect::<Vec<_>>()))
        }
        None => Err(ApiError::not_found(format!("no route {} {}", req.method(), req.path()))),
    }
}

/// Forgets expired idempotency keys every hour.
fn spawn_housekeeping(pool: DbPool) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let result = db::run(&pool, |c| Ok(idempotency::purge_expired(c)?)).await;
            match result {
                Ok(n) if n > 0 => log::info!("forgot {n} expired idempotency key(s)"),
                Ok(_) => {}
                Err(e) => log::warn!("idempotency housekeeping failed: {e}"),
            }
        }
    });
}

//! Building the application: database, state, routes and middleware. Used by
//! `main` and by the tests (bind to port 0 and read `port()`). The HTTP
//! servers themselves are set up in [`serve`].

mod fallback;
mod serve;

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::web;
use anyhow::Context;

use crate::areas;
use crate::auth::{ClientStatusCache, TokenService};
use crate::common::idempotency;
use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::metrics::MetricsEndpoint;
use crate::state::AppState;

/// Connects, migrates and makes sure the reference data is there.
pub fn prepare_database(settings_db: &db::DbUrl, pool_size: u32) -> anyhow::Result<DbPool> {
    let pool = db::connect(settings_db, pool_size)?;
    let mut conn = pool.get().context("no database connection")?;
    db::migrate(&mut conn)?;
    areas::seed::ensure_reference_areas(&mut conn)?;
    store_missing_docs(&mut conn)?;
    Ok(pool)
}

/// Renders the representations that lists copy for rows written without one
/// (seeded, or stored before they were kept), and the JSON of responses, feed
/// and audit entries written before it was kept.
fn store_missing_docs(c: &mut db::DbConn) -> anyhow::Result<()> {
    let err = |e: crate::error::ApiError| anyhow::anyhow!("storing representations failed: {e}");
    let n = crate::write::backfill::<crate::events::model::EventRow>(c).map_err(err)?
        + crate::write::backfill::<crate::areas::model::AreaRow>(c).map_err(err)?
        + crate::write::backfill::<crate::surveys::model::SurveyRow>(c).map_err(err)?
        + crate::write::backfill::<crate::proposals::model::ProposalRow>(c).map_err(err)?
        + crate::write::backfill::<crate::clients::model::ClientRow>(c).map_err(err)?
        + crate::write::backfill::<crate::webhooks::model::WebhookRow>(c).map_err(err)?;
    if n > 0 {
        log::info!("stored the representation of {n} resource(s)");
    }
    let n = db::backfill::store_missing::<crate::responses::model::ResponseRow>(c).map_err(err)?
        + db::backfill::store_missing::<crate::changes::model::ChangeRow>(c).map_err(err)?
        + db::backfill::store_missing::<crate::audit::model::AuditRow>(c).map_err(err)?;
    if n > 0 {
        log::info!(
            "stored the JSON of {n} row(s) (responses, feed and audit entries) written before it was kept"
        );
    }
    Ok(())
}

/// A running (not yet awaited) HTTP server, and the metrics listener if configured.
pub struct Application {
    port: u16,
    server: Server,
    metrics: Option<(u16, Server)>,
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
            allow_insecure_webhooks: settings.webhooks.allow_insecure,
        });
        let ops = &settings.server;
        let endpoint = ops
            .metrics_enabled()
            .then(|| web::Data::new(MetricsEndpoint::new(pool.clone(), ops.metrics_token.as_deref())));
        let metrics = match (ops.metrics_bind_addr, &endpoint) {
            (Some(addr), Some(endpoint)) => Some(serve::metrics_listener(addr, endpoint.clone())?),
            _ => None,
        };
        // On the main listener only when no separate address is set.
        let main_endpoint = if metrics.is_some() { None } else { endpoint };
        let server = serve::main_listener(listener, state, ops, main_endpoint)?;
        spawn_housekeeping(pool.clone(), settings.changes_retention_days);
        crate::webhooks::dispatch::spawn(pool.clone(), settings.webhooks.clone());
        log::info!("listening on http://{}:{port} (Swagger UI at /swagger-ui/)", settings.bind_addr.ip());
        Ok(Self { port, server, metrics, pool })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the separate metrics listener (`METRICS_BIND_ADDR`), if any.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
    }

    /// Stops the server from elsewhere (tests, embedding).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Serves until SIGINT/SIGTERM, then finishes in-flight requests (graceful
    /// shutdown); the metrics listener stops with the main one.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics.map(|(_, server)| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let result = self.server.await;
        if let Some(handle) = metrics {
            handle.stop(true).await;
        }
        result
    }
}

/// Forgets expired idempotency keys, and change-feed entries and finished
/// webhook deliveries older than `retention_days`, at start-up and every hour.
fn spawn_housekeeping(pool: DbPool, retention_days: u32) {
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
            match db::run(&pool, move |c| crate::changes::service::prune(c, retention_days)).await {
                Ok(n) if n > 0 => {
                    log::info!("forgot {n} change-feed entr(ies) older than {retention_days} days")
                }
                Ok(_) => {}
                Err(e) => log::warn!("change-feed housekeeping failed: {e}"),
            }
            let pruned = db::run(&pool, move |c| crate::webhooks::deliveries::prune(c, retention_days)).await;
            if let Err(e) = pruned {
                log::warn!("webhook delivery housekeeping failed: {e}");
            }
        }
    });
}

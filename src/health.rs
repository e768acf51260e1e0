//! `/health/live` and `/health/ready` (no auth).

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct HealthStatus {
    /// `ok`.
    pub status: &'static str,
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(live).service(ready);
}

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, body = HealthStatus)))]
#[get("/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus { status: "ok" })
}

/// The database is reachable and takes writes (503 otherwise, within 2 s
/// even when the database does not answer at all).
#[utoipa::path(tag = "health", responses((status = 200, body = HealthStatus), (status = 503, description = "The database is unreachable", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let probe = crate::db::run_within(Duration::from_millis(1800), &state.pool, |c| {
        c.batch_execute("SELECT 1").map_err(ApiError::unavailable)?;
        crate::db::probe::storage(c).map_err(ApiError::unavailable)
    });
    probe.await.map_err(|e| match e.status().as_u16() {
        503 => e,
        _ => ApiError::unavailable(e),
    })?;
    Ok(HttpResponse::Ok().json(HealthStatus { status: "ok" }))
}

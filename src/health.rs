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

/// The database is reachable (503 otherwise).
#[utoipa::path(tag = "health", responses((status = 200, body = HealthStatus), (status = 503, description = "The database is unreachable", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool.get_timeout(Duration::from_secs(2)).map_err(ApiError::unavailable)?;
        conn.batch_execute("SELECT 1").map_err(ApiError::unavailable)
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(HttpResponse::Ok().json(HealthStatus { status: "ok" }))
}

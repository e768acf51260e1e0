//! `/api/v1/proposals/{id}/endorsements`: a county's integration client
//! endorses a proposal once; everyone authenticated reads the endorsements.

use actix_web::{get, post, web, HttpResponse};

use super::dto::EndorsementResponse;
use super::service;
use crate::auth::{Caller, Role};
use crate::common::{idempotency, Created, Fingerprint, IdempotencyKey, Page};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Endorse a proposal for the caller's county (integration clients): 201 the first
/// time (the proposal's `endorsement_count`, `version` and ETag change), 200 with
/// the same endorsement when the county has endorsed it already.
#[utoipa::path(tag = "proposals", params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = EndorsementResponse), (status = 200, body = EndorsementResponse)))]
#[post("/{id}/endorsements")]
pub async fn endorse_proposal(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Integration])?;
    let county = caller.county().map(str::to_owned).ok_or_else(|| ApiError::forbidden("no county"))?;
    let id = id.into_inner();
    let path = format!("/api/v1/proposals/{id}/endorsements");
    let fingerprint = Fingerprint::of(&path, &county)?;
    let actor = caller.actor();
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let endorsed = service::endorse(c, &actor, &id, &county)?;
        let status = if endorsed.added { 201 } else { 200 };
        Created::with_status(status, &EndorsementResponse::from(endorsed.row), Some(path.clone()))
    })
    .await
}

/// The counties that endorse a proposal, by county code.
#[utoipa::path(tag = "proposals", responses((status = 200, body = Page<EndorsementResponse>)))]
#[get("/{id}/endorsements")]
pub async fn list_endorsements(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let rows = db::run(&state.pool, move |c| service::endorsements(c, &id)).await?;
    let items = rows.into_iter().map(EndorsementResponse::from).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

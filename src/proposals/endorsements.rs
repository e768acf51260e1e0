//! `/api/v1/proposals/{id}/endorsements`: a county's integration client
//! endorses a proposal once; everyone authenticated reads the endorsements.

use actix_web::{get, post, web, HttpResponse};

use super::dto::EndorsementResponse;
use super::model::EndorsementRow;
use super::repo;
use crate::audit;
use crate::auth::{Caller, Role};
use crate::common::{idempotency, Created, Fingerprint, IdempotencyKey, Page};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::state::AppState;

fn require_proposal(c: &mut DbConn, id: &str) -> Result<(), ApiError> {
    match repo::find(c, id)? {
        Some(_) => Ok(()),
        None => Err(ApiError::not_found(format!("no proposal `{id}`"))),
    }
}

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
    let client = caller.client_id.clone();
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        require_proposal(c, &id)?;
        let row = EndorsementRow {
            proposal_id: id.clone(),
            area_code: county.clone(),
            client_id: client.clone(),
            created_at: db::now(),
        };
        let added = repo::insert_endorsement(c, &row)?;
        let stored = repo::find_endorsement(c, &id, &county)?
            .ok_or_else(|| ApiError::internal("an endorsement vanished inside its transaction"))?;
        if added {
            repo::bump_version(c, &id)?;
            let after = EndorsementResponse::from(stored.clone());
            let entity = format!("{id}:{county}");
            audit::record(c, &client, "create", "endorsement", &entity, None::<&()>, Some(&after))?;
        }
        let (status, row) = (if added { 201 } else { 200 }, stored);
        Created::with_status(status, &EndorsementResponse::from(row), Some(path.clone()))
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
    let rows = db::run(&state.pool, move |c| {
        require_proposal(c, &id)?;
        Ok(repo::endorsements(c, &id)?)
    })
    .await?;
    let items = rows.into_iter().map(EndorsementResponse::from).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor: None }))
}

//! `/api/v1/proposals`: everyone authenticated reads; admins and editors write.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{CreateProposalRequest, ProposalResponse, UpdateProposalRequest};
use super::input::ProposalFields;
use super::repo::ProposalFilter;
use super::{service, Category, ProposalStatus};
use crate::auth::Caller;
use crate::common::{
    idempotency, ok_with_etag, pagination, ApiJson, ApiQuery, Created, Fingerprint, IdempotencyKey, IfMatch,
    Page,
};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProposalQuery {
    category: Option<Category>,
    /// 1, 2 or 3.
    #[param(minimum = 1, maximum = 3)]
    tier: Option<i64>,
    status: Option<ProposalStatus>,
    /// Proposals linked to this area or to an organisation under it.
    area: Option<String>,
    /// Proposals linked to this event.
    event_id: Option<String>,
    /// The sub-proposals of this proposal; `none` for top-level proposals only.
    parent: Option<String>,
    /// Only items changed (or created) at or after this time (RFC 3339,
    /// e.g. `2026-11-29T12:00:00Z`), for simple pollers; the change feed
    /// (`/api/v1/changes`) also tells of deletions.
    updated_since: Option<String>,
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

impl ProposalQuery {
    /// The filter, except for `area` (which needs the database).
    fn filter(&self) -> Result<ProposalFilter, ApiError> {
        Ok(ProposalFilter {
            parent: self.parent.clone().map(|p| Some(p).filter(|p| p != "none")),
            after_id: service::decode_cursor(self.cursor.as_deref())?,
            updated_since: crate::common::parse_since(self.updated_since.as_deref())?,
            ..service::base_filter(self.category, self.tier, self.status, self.event_id.clone())?
        })
    }
}

/// List proposals in creation order; filter by category, tier, status, area, event and parent.
#[utoipa::path(tag = "proposals", params(ProposalQuery), responses((status = 200, body = Page<ProposalResponse>)))]
#[get("")]
pub async fn list_proposals(
    state: web::Data<AppState>,
    _caller: Caller,
    query: ApiQuery<ProposalQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    let filter = q.filter()?;
    let page = db::run(&state.pool, move |c| service::list(c, q.area.as_deref(), filter, limit)).await?;
    Ok(page.into_response())
}

/// Get a proposal.
#[utoipa::path(tag = "proposals", responses((status = 200, body = ProposalResponse)))]
#[get("/{id}")]
pub async fn get_proposal(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let proposal = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    Ok(ok_with_etag(&proposal, proposal.version))
}

/// Add a proposal or a sub-proposal (admin, editor).
#[utoipa::path(tag = "proposals", request_body = CreateProposalRequest,
    params(("Idempotency-Key" = Option<String>, Header)), responses((status = 201, body = ProposalResponse)))]
#[post("")]
pub async fn create_proposal(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateProposalRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let fingerprint = Fingerprint::of("/api/v1/proposals", &body.0)?;
    let fields = ProposalFields::from_create(body.0)?;
    let actor = caller.actor();
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let proposal = service::create(c, &actor, fields.clone())?.view;
        let location = format!("/api/v1/proposals/{}", proposal.id);
        Created::new(&proposal, proposal.version, location)
    })
    .await
}

/// Change a proposal or move it in the workflow (admin, editor); illegal moves are 409.
#[utoipa::path(tag = "proposals", request_body = UpdateProposalRequest,
    params(("If-Match" = Option<String>, Header)), responses((status = 200, body = ProposalResponse)))]
#[patch("/{id}")]
pub async fn update_proposal(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateProposalRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let actor = caller.actor();
    let written =
        db::run_tx(&state.pool, move |c| service::update(c, &actor, &id, &if_match, body.0)).await?;
    Ok(ok_with_etag(&written.view, written.version()))
}

/// Delete a proposal with its links and endorsements (admin, editor); 409 while it has sub-proposals.
#[utoipa::path(tag = "proposals", params(("If-Match" = Option<String>, Header)),
    responses((status = 204, description = "Deleted")))]
#[delete("/{id}")]
pub async fn delete_proposal(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let actor = caller.actor();
    db::run_tx(&state.pool, move |c| service::delete(c, &actor, &id, &if_match)).await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/proposals`: everyone authenticated reads; admins and editors write.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::domain::check_tier;
use super::dto::{CreateProposalRequest, ProposalResponse, UpdateProposalRequest};
use super::input::ProposalFields;
use super::model::ProposalRow;
use super::repo::{self, ProposalFilter};
use super::{Category, ProposalStatus};
use crate::areas::area_filter;
use crate::audit;
use crate::auth::Caller;
use crate::common::{
    idempotency, ok_with_etag, pagination, ApiJson, ApiQuery, Created, Cursor, Fingerprint, IdempotencyKey,
    IfMatch, Page,
};
use crate::db::{self, DbConn};
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
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

/// The filters the proposal list and the proposal report share; `area` (which
/// needs the database), `parent` and the cursor are set by the caller.
pub fn base_filter(
    category: Option<Category>,
    tier: Option<i64>,
    status: Option<ProposalStatus>,
    event_id: Option<String>,
) -> Result<ProposalFilter, ApiError> {
    let tier = tier.map(check_tier).transpose().map_err(|m| ApiError::bad_parameter("tier", m))?;
    Ok(ProposalFilter {
        category: category.map(|c| c.as_str().to_owned()),
        tier,
        status: status.map(|s| s.as_str().to_owned()),
        event_id,
        ..ProposalFilter::default()
    })
}

impl ProposalQuery {
    /// The filter, except for `area` (which needs the database).
    fn filter(&self) -> Result<ProposalFilter, ApiError> {
        Ok(ProposalFilter {
            parent: self.parent.clone().map(|p| Some(p).filter(|p| p != "none")),
            after_id: Cursor::decode(self.cursor.as_deref(), 1)?.map(|c| c.part(0).to_owned()),
            ..base_filter(self.category, self.tier, self.status, self.event_id.clone())?
        })
    }
}

fn load(c: &mut DbConn, id: &str) -> Result<ProposalRow, ApiError> {
    repo::find(c, id)?.ok_or_else(|| ApiError::not_found(format!("no proposal `{id}`")))
}

fn response(c: &mut DbConn, row: ProposalRow) -> Result<ProposalResponse, ApiError> {
    let links = repo::links_of(c, &row.id)?;
    Ok(ProposalResponse::new(row, links))
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
    let mut filter = q.filter()?;
    let page = db::run(&state.pool, move |c| {
        filter.areas = area_filter(c, q.area.as_deref())?;
        let rows = repo::list(c, &filter, limit + 1)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let links = repo::links_for(c, &ids)?;
        let key = |r: &ProposalRow| Cursor::encode(&[&r.id]);
        Ok(pagination::page(rows, limit, key, |r| {
            let l = links.get(&r.id).cloned().unwrap_or_default();
            ProposalResponse::new(r, l)
        }))
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a proposal.
#[utoipa::path(tag = "proposals", responses((status = 200, body = ProposalResponse)))]
#[get("/{id}")]
pub async fn get_proposal(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let proposal = db::run(&state.pool, move |c| {
        let row = load(c, &id)?;
        response(c, row)
    })
    .await?;
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
        fields.check_references(c, None)?;
        let row = repo::insert(c, &fields.to_row(uuid::Uuid::now_v7().to_string(), db::now()))?;
        repo::set_links(c, &row.id, &fields.event_ids, &fields.areas)?;
        let proposal = response(c, row)?;
        audit::record(c, &actor, "create", "proposal", &proposal.id, None::<&()>, Some(&proposal))?;
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
    let proposal = db::run(&state.pool, move |c| {
        db::write_tx(c, |c| {
            let before = load(c, &id)?;
            if_match.check(before.version)?;
            let links = repo::links_of(c, &id)?;
            let fields = ProposalFields::patched(&before, &links, body.0)?;
            fields.check_references(c, Some(&id))?;
            let stored =
                repo::update(c, &id, &fields.changes_for(&before), before.version)?.ok_or_else(|| {
                    ApiError::precondition_failed("the proposal changed meanwhile; fetch it again")
                })?;
            repo::set_links(c, &id, &fields.event_ids, &fields.areas)?;
            let (b, a) = (ProposalResponse::new(before, links), response(c, stored)?);
            audit::record(c, &actor, "update", "proposal", &id, Some(&b), Some(&a))?;
            Ok(a)
        })
    })
    .await?;
    Ok(ok_with_etag(&proposal, proposal.version))
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
    db::run(&state.pool, move |c| {
        db::write_tx(c, |c| {
            let before = load(c, &id)?;
            if_match.check(before.version)?;
            let children = repo::children(c, &id)?;
            if children > 0 {
                return Err(ApiError::conflict(format!(
                    "the proposal has {children} sub-proposal(s); delete or move them first"
                )));
            }
            let before = response(c, before)?;
            if repo::delete(c, &id, before.version)? == 0 {
                return Err(ApiError::precondition_failed("the proposal changed meanwhile; fetch it again"));
            }
            audit::record(c, &actor, "delete", "proposal", &id, Some(&before), None::<&()>)?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/areas`: everyone authenticated reads; admins and editors write.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{AreaResponse, CreateAreaRequest, UpdateAreaRequest};
use super::input::{AreaChanges, NewArea};
use super::repo::AreaFilter;
use super::{service, AreaKind};
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
pub struct AreaQuery {
    /// `collaboration_area`, `wellbeing_services_county`, `city` or `joint_authority`.
    kind: Option<AreaKind>,
    /// Areas under this collaboration area.
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

/// List areas, ordered by code.
#[utoipa::path(tag = "areas", params(AreaQuery), responses((status = 200, body = Page<AreaResponse>)))]
#[get("")]
pub async fn list_areas(
    state: web::Data<AppState>,
    _caller: Caller,
    query: ApiQuery<AreaQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    let filter = AreaFilter {
        kind: q.kind,
        parent: q.parent,
        after_code: service::decode_cursor(q.cursor.as_deref())?,
        updated_since: crate::common::parse_since(q.updated_since.as_deref())?,
    };
    let page = db::run(&state.pool, move |c| service::list(c, &filter, limit)).await?;
    Ok(page.into_response())
}

/// Get an area by code.
#[utoipa::path(tag = "areas", responses((status = 200, body = AreaResponse)))]
#[get("/{code}")]
pub async fn get_area(
    state: web::Data<AppState>,
    _caller: Caller,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let area = db::run(&state.pool, move |c| service::get(c, &code)).await?;
    Ok(ok_with_etag(&area, area.version))
}

/// Add an area (admin, editor).
#[utoipa::path(tag = "areas", request_body = CreateAreaRequest, params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = AreaResponse)))]
#[post("")]
pub async fn create_area(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateAreaRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let fingerprint = Fingerprint::of("/api/v1/areas", &body.0)?;
    let new = NewArea::parse(body.0)?;
    let actor = caller.actor();
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let area = service::create(c, &actor, new.clone())?.view;
        Created::new(&area, area.version, format!("/api/v1/areas/{}", area.code))
    })
    .await
}

/// Change an area's names, statistics code or collaboration area (admin, editor).
#[utoipa::path(tag = "areas", request_body = UpdateAreaRequest, params(("If-Match" = Option<String>, Header)),
    responses((status = 200, body = AreaResponse)))]
#[patch("/{code}")]
pub async fn update_area(
    state: web::Data<AppState>,
    caller: Caller,
    code: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateAreaRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let changes = AreaChanges::parse(body.0)?;
    let actor = caller.actor();
    let written =
        db::run_tx(&state.pool, move |c| service::update(c, &actor, &code, &if_match, changes)).await?;
    Ok(ok_with_etag(&written.view, written.version()))
}

//! `/api/v1/events`: everyone authenticated reads; admins and editors write.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::dto::{CreateEventRequest, EventResponse, UpdateEventRequest};
use super::input::EventFields;
use super::repo::EventFilter;
use super::{service, EventStatus};
use crate::auth::Caller;
use crate::common::{
    check_range, idempotency, ok_with_etag, pagination, ApiJson, ApiQuery, Created, Fingerprint,
    IdempotencyKey, IfMatch, Page,
};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// The order of a list by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// Events of this area and of every organisation under it.
    area: Option<String>,
    /// Events on or after this day (`YYYY-MM-DD`).
    from: Option<NaiveDate>,
    /// Events on or before this day (`YYYY-MM-DD`).
    to: Option<NaiveDate>,
    status: Option<EventStatus>,
    /// `desc` (newest first, the default) or `asc`.
    #[param(inline)]
    order: Option<SortOrder>,
    /// Only items changed (or created) at or after this time (RFC 3339,
    /// e.g. `2026-11-29T12:00:00Z`), for simple pollers; the change feed
    /// (`/api/v1/changes`) also tells of deletions.
    updated_since: Option<String>,
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

/// List events, newest first; filter by area (with the organisations under it), dates and status.
#[utoipa::path(tag = "events", params(EventQuery), responses((status = 200, body = Page<EventResponse>)))]
#[get("")]
pub async fn list_events(
    state: web::Data<AppState>,
    _caller: Caller,
    query: ApiQuery<EventQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    check_range(q.from, q.to)?;
    let filter = EventFilter {
        areas: None,
        from: q.from,
        to: q.to,
        status: q.status,
        updated_since: crate::common::parse_since(q.updated_since.as_deref())?,
        ascending: q.order == Some(SortOrder::Asc),
        after: service::decode_cursor(q.cursor.as_deref())?,
    };
    let page = db::run(&state.pool, move |c| service::list(c, q.area.as_deref(), filter, limit)).await?;
    Ok(page.into_response())
}

/// Get an event.
#[utoipa::path(tag = "events", responses((status = 200, body = EventResponse)))]
#[get("/{id}")]
pub async fn get_event(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let event = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    Ok(ok_with_etag(&event, event.version))
}

/// Add an event (admin, editor).
#[utoipa::path(tag = "events", request_body = CreateEventRequest,
    params(("Idempotency-Key" = Option<String>, Header)), responses((status = 201, body = EventResponse)))]
#[post("")]
pub async fn create_event(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateEventRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let fingerprint = Fingerprint::of("/api/v1/events", &body.0)?;
    let fields = EventFields::from_create(body.0)?;
    let actor = caller.actor();
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let event = service::create(c, &actor, fields.clone())?.view;
        Created::new(&event, event.version, format!("/api/v1/events/{}", event.id))
    })
    .await
}

/// Change an event (admin, editor); `If-Match` guards against lost updates.
#[utoipa::path(tag = "events", request_body = UpdateEventRequest,
    params(("If-Match" = Option<String>, Header)), responses((status = 200, body = EventResponse)))]
#[patch("/{id}")]
pub async fn update_event(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateEventRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let actor = caller.actor();
    let written =
        db::run_tx(&state.pool, move |c| service::update(c, &actor, &id, &if_match, body.0)).await?;
    Ok(ok_with_etag(&written.view, written.version()))
}

/// Delete an event (admin, editor); 409 while proposals link to it.
#[utoipa::path(tag = "events", params(("If-Match" = Option<String>, Header)),
    responses((status = 204, description = "Deleted")))]
#[delete("/{id}")]
pub async fn delete_event(
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

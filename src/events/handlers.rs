//! `/api/v1/events`: everyone authenticated reads; admins and editors write.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::dto::{CreateEventRequest, EventResponse, UpdateEventRequest};
use super::input::EventFields;
use super::model::EventRow;
use super::repo::{self, EventFilter};
use super::EventStatus;
use crate::areas::area_filter;
use crate::audit;
use crate::auth::Caller;
use crate::common::{
    check_range, idempotency, ok_with_etag, pagination, ApiJson, ApiQuery, Created, Cursor, Fingerprint,
    IdempotencyKey, IfMatch, Page,
};
use crate::db::{self, DbConn};
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
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

fn load(c: &mut DbConn, id: &str) -> Result<EventRow, ApiError> {
    repo::find(c, id)?.ok_or_else(|| ApiError::not_found(format!("no event `{id}`")))
}

/// 422 unless `code` is a known area.
pub fn check_area(c: &mut DbConn, field: &str, code: &str) -> Result<(), ApiError> {
    match crate::areas::repo::find(c, code)? {
        Some(_) => Ok(()),
        None => Err(ApiError::invalid(field, format!("unknown area `{code}`"))),
    }
}

fn decode_cursor(raw: Option<&str>) -> Result<Option<(NaiveDate, String)>, ApiError> {
    let Some(cursor) = Cursor::decode(raw, 2)? else { return Ok(None) };
    let date = NaiveDate::parse_from_str(cursor.part(0), "%Y-%m-%d")
        .map_err(|_| ApiError::bad_parameter("cursor", "is not a cursor returned by this list"))?;
    Ok(Some((date, cursor.part(1).to_owned())))
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
    let mut filter = EventFilter {
        areas: None,
        from: q.from,
        to: q.to,
        status: q.status.map(|s| s.as_str().to_owned()),
        ascending: q.order == Some(SortOrder::Asc),
        after: decode_cursor(q.cursor.as_deref())?,
    };
    let rows = db::run(&state.pool, move |c| {
        filter.areas = area_filter(c, q.area.as_deref())?;
        Ok(repo::list(c, &filter, limit + 1)?)
    })
    .await?;
    let key = |r: &EventRow| Cursor::encode(&[&r.starts_on.to_string(), &r.id]);
    Ok(HttpResponse::Ok().json(pagination::page(rows, limit, key, EventResponse::from)))
}

/// Get an event.
#[utoipa::path(tag = "events", responses((status = 200, body = EventResponse)))]
#[get("/{id}")]
pub async fn get_event(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = db::run(&state.pool, move |c| load(c, &id)).await?;
    let version = row.version;
    Ok(ok_with_etag(&EventResponse::from(row), version))
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
    idempotency::create(&state.pool, &caller, key, fingerprint, move |c| {
        check_area(c, "area", &fields.area)?;
        let row = repo::insert(c, &fields.clone().into_row(uuid::Uuid::now_v7().to_string(), db::now()))?;
        let event = EventResponse::from(row);
        audit::record(c, &actor, "create", "event", &event.id, None::<&()>, Some(&event))?;
        let location = format!("/api/v1/events/{}", event.id);
        Created::new(&event, event.version, location)
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
    let row = db::run(&state.pool, move |c| {
        db::write_tx(c, |c| {
            let before = load(c, &id)?;
            if_match.check(before.version)?;
            let area_changed = body.0.area.is_some();
            let fields = EventFields::patched(&before, body.0)?;
            if area_changed {
                check_area(c, "area", &fields.area)?;
            }
            let stored =
                repo::update(c, &id, &fields.changes_for(&before), before.version)?.ok_or_else(|| {
                    ApiError::precondition_failed("the event changed meanwhile; fetch it again")
                })?;
            let (b, a) = (EventResponse::from(before), EventResponse::from(stored.clone()));
            audit::record(c, &actor, "update", "event", &id, Some(&b), Some(&a))?;
            Ok(stored)
        })
    })
    .await?;
    let version = row.version;
    Ok(ok_with_etag(&EventResponse::from(row), version))
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
    db::run(&state.pool, move |c| {
        db::write_tx(c, |c| {
            let before = load(c, &id)?;
            if_match.check(before.version)?;
            let links = repo::proposal_links(c, &id)?;
            if links > 0 {
                return Err(ApiError::conflict(format!(
                    "{links} proposal(s) link to this event; remove the links first"
                )));
            }
            if repo::delete(c, &id, before.version)? == 0 {
                return Err(ApiError::precondition_failed("the event changed meanwhile; fetch it again"));
            }
            audit::record(
                c,
                &actor,
                "delete",
                "event",
                &id,
                Some(&EventResponse::from(before)),
                None::<&()>,
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

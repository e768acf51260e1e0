//! `/api/v1/webhooks`: admins manage any client's subscriptions, integration
//! clients their own.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{
    CreateWebhookRequest, DeliveryResponse, UpdateWebhookRequest, WebhookCreated, WebhookResponse,
    WebhookSecret,
};
use super::model::DeliveryStatus;
use super::{deliveries, service};
use crate::auth::Caller;
use crate::common::{
    idempotency, ok_with_etag, pagination, secret_with_etag, ApiJson, ApiQuery, Created, Cursor, Fingerprint,
    IdempotencyKey, IfMatch, Page, PageQuery,
};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    status: Option<DeliveryStatus>,
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

/// List webhook subscriptions (admins: all; integration clients: their own).
#[utoipa::path(tag = "webhooks", params(PageQuery), responses((status = 200, body = Page<WebhookResponse>)))]
#[get("")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let limit = pagination::limit(query.0.limit)?;
    let page =
        db::run(&state.pool, move |c| service::list(c, &caller, query.0.cursor.as_deref(), limit)).await?;
    Ok(page.into_response())
}

/// Subscribe a URL to changes; the signing secret is in this answer only.
#[utoipa::path(tag = "webhooks", request_body = CreateWebhookRequest,
    params(("Idempotency-Key" = Option<String>, Header)), responses((status = 201, body = WebhookCreated)))]
#[post("")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let req = body.0;
    let fingerprint = Fingerprint::of("/api/v1/webhooks", &req)?;
    let insecure = state.allow_insecure_webhooks;
    let client = caller.client_id.clone();
    idempotency::create(&state.pool, &client, key, fingerprint, move |c| {
        let (written, secret) = service::create(c, &caller, &req, insecure)?;
        let created = WebhookCreated { webhook: written.view, secret: Some(secret) };
        let location = format!("/api/v1/webhooks/{}", created.webhook.id);
        // The secret is shown once: a replay shows the subscription without it.
        Created::new(&created, created.webhook.version, location)?.replayed_as(&created.webhook)
    })
    .await
}

/// Get a webhook subscription.
#[utoipa::path(tag = "webhooks", responses((status = 200, body = WebhookResponse)))]
#[get("/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let hook = db::run(&state.pool, move |c| service::get(c, &caller, &id)).await?;
    Ok(ok_with_etag(&hook, hook.version))
}

/// Change a subscription's URL or types, pause it, or activate it again.
#[utoipa::path(tag = "webhooks", request_body = UpdateWebhookRequest,
    params(("If-Match" = Option<String>, Header)), responses((status = 200, body = WebhookResponse)))]
#[patch("/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let insecure = state.allow_insecure_webhooks;
    let written =
        db::run_tx(&state.pool, move |c| service::update(c, &caller, &id, &if_match, &body.0, insecure))
            .await?;
    Ok(ok_with_etag(&written.view, written.version()))
}

/// Delete a subscription and its delivery log.
#[utoipa::path(tag = "webhooks", params(("If-Match" = Option<String>, Header)),
    responses((status = 204, description = "Deleted")))]
#[delete("/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    db::run_tx(&state.pool, move |c| service::delete(c, &caller, &id, &if_match)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate the signing secret: deliveries are signed with the new one from now on.
#[utoipa::path(tag = "webhooks", responses((status = 200, body = WebhookSecret)))]
#[post("/{id}/secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let (written, secret) = db::run_tx(&state.pool, move |c| service::rotate(c, &caller, &id)).await?;
    let version = written.version();
    Ok(secret_with_etag(&WebhookSecret { webhook: written.view, secret }, version))
}

/// A subscription's deliveries, newest first: status, attempts, the receiver's answer.
#[utoipa::path(tag = "webhooks", params(DeliveryQuery), responses((status = 200, body = Page<DeliveryResponse>)))]
#[get("/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: ApiQuery<DeliveryQuery>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    let before = Cursor::decode(q.cursor.as_deref(), 1)?.map(|c| c.part(0).to_owned());
    let rows = db::run(&state.pool, move |c| {
        deliveries::list(c, &caller, &id, q.status, before.as_deref(), limit + 1)
    })
    .await?;
    let page = pagination::page(rows, limit, |r| Cursor::encode(&[&r.id]), DeliveryResponse::from);
    Ok(HttpResponse::Ok().json(page))
}

/// Send a delivery again now (same message id), whatever its status.
#[utoipa::path(tag = "webhooks", responses((status = 202, body = DeliveryResponse)))]
#[post("/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let (id, delivery) = path.into_inner();
    let queued = db::run_tx(&state.pool, move |c| deliveries::redeliver(c, &caller, &id, &delivery)).await?;
    Ok(HttpResponse::Accepted().json(queued))
}

/// Queue a ping to the subscription's URL, to check that it is reached and verifies signatures.
#[utoipa::path(tag = "webhooks", responses((status = 202, body = DeliveryResponse)))]
#[post("/{id}/ping")]
pub async fn ping(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    service::require_manager(&caller)?;
    let queued = db::run_tx(&state.pool, move |c| deliveries::ping(c, &caller, &id)).await?;
    Ok(HttpResponse::Accepted().json(queued))
}

//! `/api/v1/clients` (admin only).

use actix_web::{get, patch, post, web, HttpResponse};

use super::dto::{
    ClientCreated, ClientCredentials, ClientResponse, CreateClientRequest, UpdateClientRequest,
};
use super::service;
use crate::auth::Caller;
use crate::common::{
    idempotency, ok_with_etag, pagination, secret_with_etag, ApiJson, ApiQuery, Created, Fingerprint,
    IdempotencyKey, IfMatch, Page, PageQuery,
};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// List API clients.
#[utoipa::path(tag = "clients", params(PageQuery), responses((status = 200, body = Page<ClientResponse>)))]
#[get("")]
pub async fn list_clients(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let limit = pagination::limit(query.0.limit)?;
    let page = db::run(&state.pool, move |c| service::list(c, query.0.cursor.as_deref(), limit)).await?;
    Ok(page.into_response())
}

/// Create an API client; the secret is in this answer only.
#[utoipa::path(tag = "clients", request_body = CreateClientRequest, params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ClientCreated)))]
#[post("")]
pub async fn create_client(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateClientRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let req = body.0;
    let actor = caller.actor();
    let fingerprint = Fingerprint::of("/api/v1/clients", &req)?;
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let created = service::create(c, &actor, &req.name, req.role, req.area.as_deref())?;
        let location = format!("/api/v1/clients/{}", created.client.client_id);
        // The secret is shown once: a replay shows the client without it.
        Created::new(&created, created.client.version, location)?.replayed_as(&created.client)
    })
    .await
}

/// Get an API client.
#[utoipa::path(tag = "clients", responses((status = 200, body = ClientResponse)))]
#[get("/{id}")]
pub async fn get_client(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let client = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    Ok(ok_with_etag(&client, client.version))
}

/// Rename, deactivate or reactivate an API client.
#[utoipa::path(tag = "clients", request_body = UpdateClientRequest, params(("If-Match" = Option<String>, Header)),
    responses((status = 200, body = ClientResponse)))]
#[patch("/{id}")]
pub async fn update_client(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateClientRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let req = body.0;
    let name = req
        .name
        .as_deref()
        .map(service::parse_name)
        .transpose()
        .map_err(|e| ApiError::validation(vec![e]))?;
    let actor = caller.actor();
    let target = id.clone();
    let written =
        db::run_tx(&state.pool, move |c| service::update(c, &actor, &id, &if_match, name, req.active))
            .await?;
    state.client_status.invalidate(&target);
    Ok(ok_with_etag(&written.view, written.version()))
}

/// Rotate a client's secret: the old secret, and every token issued before, stop working at once.
#[utoipa::path(tag = "clients", responses((status = 200, body = ClientCredentials)))]
#[post("/{id}/secret")]
pub async fn rotate_secret(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let actor = caller.actor();
    let target = id.clone();
    let creds = db::run_tx(&state.pool, move |c| service::rotate(c, &actor, &id)).await?;
    state.client_status.invalidate(&target);
    let version = creds.client.version;
    Ok(secret_with_etag(&creds, version))
}

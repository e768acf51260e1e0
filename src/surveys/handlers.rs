//! `/api/v1/surveys`: everyone authenticated reads; admins and editors write.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::domain::{SurveyKind, SurveyStatus};
use super::dto::{CreateSurveyRequest, SurveyResponse, UpdateSurveyRequest};
use super::repo::SurveyFilter;
use super::service;
use crate::auth::Caller;
use crate::common::{
    idempotency, ok_with_etag, pagination, ApiJson, ApiQuery, Created, Cursor, Fingerprint, IdempotencyKey,
    IfMatch, Page,
};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SurveyQuery {
    /// `draft`, `open` or `closed`.
    status: Option<SurveyStatus>,
    /// `pre_assignment`, `feedback` or `other`.
    kind: Option<SurveyKind>,
    /// Only items changed (or created) at or after this time (RFC 3339,
    /// e.g. `2026-11-29T12:00:00Z`), for simple pollers; the change feed
    /// (`/api/v1/changes`) also tells of deletions.
    updated_since: Option<String>,
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

/// List surveys in creation order.
#[utoipa::path(tag = "surveys", params(SurveyQuery), responses((status = 200, body = Page<SurveyResponse>)))]
#[get("")]
pub async fn list_surveys(
    state: web::Data<AppState>,
    _caller: Caller,
    query: ApiQuery<SurveyQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    let filter = SurveyFilter {
        status: q.status,
        kind: q.kind,
        after_id: Cursor::decode(q.cursor.as_deref(), 1)?.map(|c| c.part(0).to_owned()),
        updated_since: crate::common::parse_since(q.updated_since.as_deref())?,
    };
    let page = db::run(&state.pool, move |c| service::list(c, &filter, limit)).await?;
    Ok(page.into_response())
}

/// Get a survey with its questions.
#[utoipa::path(tag = "surveys", responses((status = 200, body = SurveyResponse)))]
#[get("/{id}")]
pub async fn get_survey(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let survey = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    Ok(ok_with_etag(&survey, survey.version))
}

/// Add a survey (admin, editor).
#[utoipa::path(tag = "surveys", request_body = CreateSurveyRequest, params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = SurveyResponse)))]
#[post("")]
pub async fn create_survey(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateSurveyRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let req = body.0;
    let row = service::new_row(&req)?;
    let actor = caller.actor();
    let fingerprint = Fingerprint::of("/api/v1/surveys", &req)?;
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let survey = service::create(c, &actor, &row)?.view;
        let location = format!("/api/v1/surveys/{}", survey.id);
        Created::new(&survey, survey.version, location)
    })
    .await
}

/// Change a survey's title, kind, status or (before any response) questions (admin, editor).
#[utoipa::path(tag = "surveys", request_body = UpdateSurveyRequest, params(("If-Match" = Option<String>, Header)),
    responses((status = 200, body = SurveyResponse)))]
#[patch("/{id}")]
pub async fn update_survey(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateSurveyRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let req = body.0;
    let actor = caller.actor();
    let written = db::run_tx(&state.pool, move |c| service::update(c, &actor, &id, &if_match, req)).await?;
    Ok(ok_with_etag(&written.view, written.version()))
}

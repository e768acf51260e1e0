//! `POST /api/v1/surveys/{id}/responses` (one) and `.../responses/batch` (up to 5000).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use actix_web::{post, web, HttpRequest, HttpResponse};

use super::body::{parse_batch, RawJson};
use super::dto::{BatchCreated, BatchRequest, Items, ResponseInput, ResponseOut};
use super::service;
use super::store::Checked;
use super::validate::{check_batch, check_county, Context};
use crate::auth::{Caller, Role};
use crate::common::{idempotency, ApiJson, Created, Fingerprint, IdempotencyKey};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Who may submit responses (integration clients for their own county).
const SUBMITTERS: [Role; 3] = [Role::Admin, Role::Editor, Role::Integration];

/// Submit one response (admin, editor, integration for its own county). A known
/// `external_id` answers 200 with the stored response instead of storing a duplicate.
#[utoipa::path(tag = "surveys", request_body = ResponseInput, params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ResponseOut), (status = 200, description = "Already stored", body = ResponseOut),
              (status = 409, description = "The survey is not open", body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/{id}/responses")]
pub async fn create_response(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    survey_id: web::Path<String>,
    body: ApiJson<ResponseInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&SUBMITTERS)?;
    let req = body.0;
    check_county(&caller, &req.area)?;
    let (sid, client) = (survey_id.into_inner(), caller.client_id.clone());
    let fingerprint = Fingerprint::of(&format!("/api/v1/surveys/{sid}/responses"), &req)?;
    let ctx = db::run(&state.pool, move |c| Context::load(c, &sid, &client)).await?;
    let valid = ctx.check(req).map_err(ApiError::validation)?;
    let (client, actor) = (caller.client_id.clone(), caller.actor());
    let (counted, count) = ingested();
    let checked = Checked::try_from(vec![valid])?;
    let res = idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let (row, new) = service::store_one(c, &ctx, &client, &actor, &checked)?;
        count.store(usize::from(new), Ordering::Relaxed);
        Created::with_status(if new { 201 } else { 200 }, &ResponseOut::try_from(&row)?, None)
    })
    .await?;
    crate::metrics::responses_ingested(counted.load(Ordering::Relaxed));
    Ok(res)
}

/// A counter of newly stored responses that a (possibly retried) write sets,
/// read once the write committed: rolled-back attempts count nothing.
fn ingested() -> (Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    (count.clone(), count)
}

/// What identifies a batch request for `Idempotency-Key`. Digesting a large
/// batch costs a serialisation and a hash: only when a key asks for it.
fn batch_fingerprint(http: &HttpRequest, survey_id: &str, items: &Items) -> Result<Fingerprint, ApiError> {
    let path = format!("/api/v1/surveys/{survey_id}/responses/batch");
    if http.headers().contains_key("Idempotency-Key") {
        Fingerprint::of(&path, items)
    } else {
        Fingerprint::of(&path, &())
    }
}

/// Submit up to 5000 responses, all or nothing: 201 with the ids in item order
/// (a known `external_id` gives its stored id and stores nothing), or 422 naming
/// every bad item (`responses[17].answers.overall_grade`). 403 if any item names
/// a county other than an integration client's own.
#[utoipa::path(tag = "surveys", request_body = BatchRequest, params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = BatchCreated),
              (status = 409, description = "The survey is not open", body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/{id}/responses/batch")]
pub async fn create_batch(
    state: web::Data<AppState>,
    caller: Caller,
    http: HttpRequest,
    key: IdempotencyKey,
    survey_id: web::Path<String>,
    body: RawJson,
) -> Result<HttpResponse, ApiError> {
    caller.require(&SUBMITTERS)?;
    // Parsing and checking up to 16 MiB is CPU work: off the async workers.
    let bytes = body.0;
    let items = web::block(move || parse_batch(&bytes)).await.map_err(ApiError::internal)??;
    let (sid, client) = (survey_id.into_inner(), caller.client_id.clone());
    let fingerprint = batch_fingerprint(&http, &sid, &items)?;
    let ctx = db::run(&state.pool, move |c| Context::load(c, &sid, &client)).await?;
    let checker = caller.clone();
    let (ctx, valid) = web::block(move || {
        let valid = check_batch(&ctx, &checker, items);
        (ctx, valid)
    })
    .await
    .map_err(ApiError::internal)?;
    let valid = valid?;
    let (client, actor) = (caller.client_id.clone(), caller.actor());
    let (counted, count) = ingested();
    let checked = Checked::try_from(valid)?;
    let res = idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let (ids, new) = service::store_batch(c, &ctx, &client, &actor, &checked)?;
        count.store(new, Ordering::Relaxed);
        Created::with_status(201, &ids, None)
    })
    .await?;
    crate::metrics::responses_ingested(counted.load(Ordering::Relaxed));
    Ok(res)
}

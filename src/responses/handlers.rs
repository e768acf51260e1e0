//! `POST /api/v1/surveys/{id}/responses` (one) and `.../responses/batch` (up to 5000).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::body::{parse_batch, RawJson};
use super::dto::{BatchCreated, BatchRequest, ResponseInput, ResponseOut};
use super::repo;
use super::store::{store, Checked};
use super::validate::{check_batch, check_county, Context};
use crate::audit;
use crate::auth::{Caller, Role};
use crate::common::{idempotency, ApiJson, Created, Fingerprint, IdempotencyKey};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// The most responses one batch may hold.
pub const MAX_BATCH: usize = 5000;

/// Who may submit responses (integration clients for their own county).
const SUBMITTERS: [Role; 3] = [Role::Admin, Role::Editor, Role::Integration];

/// What the audit log keeps of a response: never its answers.
#[derive(Serialize)]
pub struct AuditedResponse<'a> {
    pub id: &'a str,
    pub survey_id: &'a str,
    pub area: &'a str,
    pub external_id: Option<&'a str>,
}

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
    let checked = Checked::from(vec![valid]);
    let res = idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let stored = store(c, &ctx, &client, &checked, false)?;
        count.store(stored.iter().filter(|(_, new)| *new).count(), Ordering::Relaxed);
        let Some((id, new)) = stored.into_iter().next() else {
            return Err(ApiError::internal("nothing stored"));
        };
        let row = repo::find(c, &ctx.survey_id, &id)?
            .ok_or_else(|| ApiError::internal("stored response vanished"))?;
        if new {
            let audited = AuditedResponse {
                id: &row.id,
                survey_id: &row.survey_id,
                area: &row.area_code,
                external_id: row.external_id.as_deref(),
            };
            audit::record(c, &actor, "create", "survey_response", &row.id, None::<&()>, Some(&audited))?;
        }
        Created::with_status(if new { 201 } else { 200 }, &ResponseOut::from(row), None)
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
    // Digesting a large batch costs a serialisation and a hash: only when a key asks for it.
    let path = format!("/api/v1/surveys/{sid}/responses/batch");
    let fingerprint = if http.headers().contains_key("Idempotency-Key") {
        Fingerprint::of(&path, &items)?
    } else {
        Fingerprint::of(&path, &())?
    };
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
    let checked = Checked::from(valid);
    let res = idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let stored = store(c, &ctx, &client, &checked, true)?;
        let new = stored.iter().filter(|(_, new)| *new).count();
        count.store(new, Ordering::Relaxed);
        let summary = serde_json::json!({"stored": new, "already_stored": stored.len() - new});
        audit::record(c, &actor, "create_responses", "survey", &ctx.survey_id, None::<&()>, Some(&summary))?;
        let ids = BatchCreated { ids: stored.into_iter().map(|(id, _)| id).collect() };
        Created::with_status(201, &ids, None)
    })
    .await?;
    crate::metrics::responses_ingested(counted.load(Ordering::Relaxed));
    Ok(res)
}

//! `/api/v1/surveys`: everyone authenticated reads; admins and editors write.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::domain::{check_survey_code, Questions, SurveyKind, SurveyStatus};
use super::dto::{CreateSurveyRequest, SurveyResponse, UpdateSurveyRequest};
use super::model::SurveyRow;
use super::repo::{self, SurveyFilter};
use crate::audit;
use crate::auth::Caller;
use crate::common::{
    idempotency, ok_with_etag, pagination, ApiJson, ApiQuery, Created, Cursor, Fingerprint, IdempotencyKey,
    IfMatch, Page,
};
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SurveyQuery {
    /// `draft`, `open` or `closed`.
    status: Option<SurveyStatus>,
    /// `pre_assignment`, `feedback` or `other`.
    kind: Option<SurveyKind>,
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

/// The survey `id`, or 404.
pub fn load(c: &mut DbConn, id: &str) -> Result<SurveyRow, ApiError> {
    repo::find(c, id)?.ok_or_else(|| ApiError::not_found(format!("no survey `{id}`")))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(ApiError::internal)
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
        status: q.status.map(|s| s.as_str().to_owned()),
        kind: q.kind.map(|k| k.as_str().to_owned()),
        after_id: Cursor::decode(q.cursor.as_deref(), 1)?.map(|c| c.part(0).to_owned()),
    };
    let rows = db::run(&state.pool, move |c| Ok(repo::list(c, &filter, limit + 1)?)).await?;
    let items = rows.into_iter().map(SurveyResponse::try_from).collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(pagination::page(items, limit, |s| Cursor::encode(&[&s.id]), |s| s)))
}

/// Get a survey with its questions.
#[utoipa::path(tag = "surveys", responses((status = 200, body = SurveyResponse)))]
#[get("/{id}")]
pub async fn get_survey(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = db::run(&state.pool, move |c| load(c, &id)).await?;
    let version = row.version;
    Ok(ok_with_etag(&SurveyResponse::try_from(row)?, version))
}

/// Validates a new survey into the row to store.
pub fn new_row(req: &CreateSurveyRequest) -> Result<SurveyRow, ApiError> {
    let mut errors = Vec::new();
    if let Err(m) = check_survey_code(&req.code) {
        errors.push(FieldError::new("code", m));
    }
    let title = req.title.clone().validate("title", 300, &mut errors);
    if req.status == Some(SurveyStatus::Closed) {
        errors.push(FieldError::new("status", "a new survey is `draft` or `open`"));
    }
    let questions = Questions::parse(req.questions.clone()).map_err(|e| errors.extend(e)).ok();
    let (Some(title), Some(questions)) = (title, questions) else { return Err(ApiError::validation(errors)) };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let now = db::now();
    Ok(SurveyRow {
        id: uuid::Uuid::now_v7().to_string(),
        code: req.code.clone(),
        title: to_json(&title)?,
        kind: req.kind.as_str().to_owned(),
        status: req.status.unwrap_or(SurveyStatus::Draft).as_str().to_owned(),
        questions: to_json(&questions.into_inner())?,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// Stores a validated new survey (409 when its code is taken) and audits it.
pub fn insert_new(c: &mut DbConn, actor: &str, row: &SurveyRow) -> Result<SurveyResponse, ApiError> {
    if repo::find_by_code(c, &row.code)?.is_some() {
        return Err(ApiError::conflict(format!("a survey `{}` already exists", row.code)));
    }
    let survey = SurveyResponse::try_from(repo::insert(c, row)?)?;
    audit::record(c, actor, "create", "survey", &survey.id, None::<&()>, Some(&survey))?;
    Ok(survey)
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
    let row = new_row(&req)?;
    let actor = caller.actor();
    let fingerprint = Fingerprint::of("/api/v1/surveys", &req)?;
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        let survey = insert_new(c, &actor, &row)?;
        let location = format!("/api/v1/surveys/{}", survey.id);
        Created::new(&survey, survey.version, location)
    })
    .await
}

/// Applies a PATCH to `before`, enforcing the status and frozen-question rules.
fn apply_update(c: &mut DbConn, before: &SurveyRow, req: UpdateSurveyRequest) -> Result<SurveyRow, ApiError> {
    let mut errors = Vec::new();
    let title = req.title.map(|t| t.validate("title", 300, &mut errors));
    let questions = req.questions.map(|q| Questions::parse(q).map_err(|e| errors.extend(e)).ok());
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut after = before.clone();
    if let Some(Some(t)) = title {
        after.title = to_json(&t)?;
    }
    if let Some(k) = req.kind {
        after.kind = k.as_str().to_owned();
    }
    if let Some(s) = req.status {
        if !before.status().can_move_to(s) {
            return Err(ApiError::conflict(format!(
                "a survey cannot move from `{}` to `{}`",
                before.status().as_str(),
                s.as_str()
            )));
        }
        after.status = s.as_str().to_owned();
    }
    if let Some(Some(q)) = questions {
        after.questions = to_json(&q.into_inner())?;
        if after.questions != before.questions && repo::has_responses(c, &before.id)? {
            return Err(ApiError::conflict("the questions cannot change: the survey has responses"));
        }
    }
    Ok(after)
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
    let survey = db::run(&state.pool, move |c| {
        db::write_tx(c, |c| {
            let before = load(c, &id)?;
            if_match.check(before.version)?;
            let after = apply_update(c, &before, req)?;
            let stored = repo::update(c, &after, before.version)?.ok_or_else(|| {
                ApiError::precondition_failed("the survey changed meanwhile; fetch it again")
            })?;
            let (b, a) = (SurveyResponse::try_from(before)?, SurveyResponse::try_from(stored)?);
            audit::record(c, &actor, "update", "survey", &a.id, Some(&b), Some(&a))?;
            Ok(a)
        })
    })
    .await?;
    let version = survey.version;
    Ok(ok_with_etag(&survey, version))
}

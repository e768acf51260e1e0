//! What the survey handlers and other modules (responses, results, the demo
//! data set) need, apart from HTTP: loading, validating new surveys and
//! changes, and every write through the one versioned-write path (`crate::write`).

use super::domain::{check_survey_code, Questions, SurveyStatus};
use super::dto::{CreateSurveyRequest, SurveyResponse, UpdateSurveyRequest};
use super::model::SurveyRow;
use super::repo::{self, SurveyFilter};
use crate::common::pagination::DocPage;
use crate::common::{Cursor, IfMatch};
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError};
use crate::write::{self, Written};

/// The survey `id`, or 404.
pub fn load(c: &mut DbConn, id: &str) -> Result<SurveyRow, ApiError> {
    write::load::<SurveyRow>(c, id)
}

/// 404 unless the survey `id` exists (cheaper than [`load`] when only that matters).
pub fn check_exists(c: &mut DbConn, id: &str) -> Result<(), ApiError> {
    if repo::exists(c, id)? {
        return Ok(());
    }
    Err(write::not_found::<SurveyRow>(id))
}

pub fn get(c: &mut DbConn, id: &str) -> Result<SurveyResponse, ApiError> {
    SurveyResponse::try_from(load(c, id)?)
}

/// One page of surveys, as their stored representations.
pub fn list(c: &mut DbConn, filter: &SurveyFilter, limit: i64) -> Result<DocPage, ApiError> {
    let rows = repo::list(c, filter, limit + 1)?;
    write::page::<SurveyRow, _>(c, rows, limit, |r| Cursor::encode(&[&r.id]), |r| (r.id, r.doc))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(ApiError::internal)
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
        kind: req.kind,
        status: req.status.unwrap_or(SurveyStatus::Draft),
        questions: to_json(&questions.into_inner())?,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// Stores a validated new survey (409 when its code is taken).
pub fn create(c: &mut DbConn, actor: &str, row: &SurveyRow) -> Result<Written<SurveyRow>, ApiError> {
    write::create(c, actor, |c| {
        if repo::find_by_code(c, &row.code)?.is_some() {
            return Err(ApiError::conflict(format!("a survey `{}` already exists", row.code)));
        }
        Ok(row.clone())
    })
}

/// Applies a PATCH, enforcing the status and frozen-question rules.
pub fn update(
    c: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: &IfMatch,
    req: UpdateSurveyRequest,
) -> Result<Written<SurveyRow>, ApiError> {
    write::update(c, actor, id, if_match, |c, before: &SurveyRow| apply_update(c, before, req))
}

/// The next state of `before` after a PATCH.
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
        after.kind = k;
    }
    if let Some(s) = req.status {
        if !before.status.can_move_to(s) {
            let (from, to) = (before.status, s);
            return Err(ApiError::conflict(format!("a survey cannot move from `{from}` to `{to}`")));
        }
        after.status = s;
    }
    if let Some(Some(q)) = questions {
        after.questions = to_json(&q.into_inner())?;
        if after.questions != before.questions && repo::has_responses(c, &before.id)? {
            return Err(ApiError::conflict("the questions cannot change: the survey has responses"));
        }
    }
    Ok(after)
}

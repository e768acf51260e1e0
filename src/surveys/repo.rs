//! Queries on `surveys`.

use diesel::prelude::*;

use super::model::SurveyRow;
use crate::db::schema::{survey_responses as sr, surveys as s};
use crate::db::DbConn;

pub fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<SurveyRow>> {
    s::table.find(id).select(SurveyRow::as_select()).first(c).optional()
}

pub fn find_by_code(c: &mut DbConn, code: &str) -> QueryResult<Option<SurveyRow>> {
    s::table.filter(s::code.eq(code)).select(SurveyRow::as_select()).first(c).optional()
}

/// Filters of the survey list.
#[derive(Debug, Default, Clone)]
pub struct SurveyFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub after_id: Option<String>,
}

/// Surveys in creation order (ids are time-ordered).
pub fn list(c: &mut DbConn, f: &SurveyFilter, limit: i64) -> QueryResult<Vec<SurveyRow>> {
    let mut q = s::table.select(SurveyRow::as_select()).into_boxed();
    if let Some(v) = &f.status {
        q = q.filter(s::status.eq(v.clone()));
    }
    if let Some(v) = &f.kind {
        q = q.filter(s::kind.eq(v.clone()));
    }
    if let Some(v) = &f.after_id {
        q = q.filter(s::id.gt(v.clone()));
    }
    q.order(s::id.asc()).limit(limit).load(c)
}

pub fn insert(c: &mut DbConn, row: &SurveyRow) -> QueryResult<SurveyRow> {
    diesel::insert_into(s::table).values(row.clone()).execute(c)?;
    s::table.find(&row.id).select(SurveyRow::as_select()).first(c)
}

/// Writes the mutable fields if `expected_version` is still current.
pub fn update(c: &mut DbConn, row: &SurveyRow, expected_version: i32) -> QueryResult<Option<SurveyRow>> {
    let n = diesel::update(s::table.find(&row.id).filter(s::version.eq(expected_version)))
        .set((
            s::title.eq(&row.title),
            s::kind.eq(&row.kind),
            s::status.eq(&row.status),
            s::questions.eq(&row.questions),
            s::version.eq(expected_version + 1),
            s::updated_at.eq(crate::db::now()),
        ))
        .execute(c)?;
    if n == 0 {
        return Ok(None);
    }
    s::table.find(&row.id).select(SurveyRow::as_select()).first(c).optional()
}

/// Whether any response to the survey is stored.
pub fn has_responses(c: &mut DbConn, survey_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(sr::table.filter(sr::survey_id.eq(survey_id)))).get_result(c)
}

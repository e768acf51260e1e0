//! Queries on `surveys`, and how a survey is written through `crate::write`.

use diesel::prelude::*;

use super::dto::SurveyResponse;
use super::model::SurveyRow;
use super::{SurveyKind, SurveyStatus};
use crate::db::schema::{survey_responses as sr, surveys as s};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::Versioned;

crate::stored_row!(SurveyRow, crate::db::schema::surveys, id, doc);

impl Versioned for SurveyRow {
    const KIND: &'static str = "survey";
    type View = SurveyResponse;

    fn view(&self, _c: &mut DbConn) -> Result<SurveyResponse, ApiError> {
        SurveyResponse::try_from(self.clone())
    }
}

pub fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<SurveyRow>> {
    s::table.find(id).select(SurveyRow::as_select()).first(c).optional()
}

/// Whether the survey `id` exists (without reading its questions).
pub fn exists(c: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(s::table.find(id))).get_result(c)
}

pub fn find_by_code(c: &mut DbConn, code: &str) -> QueryResult<Option<SurveyRow>> {
    s::table.filter(s::code.eq(code)).select(SurveyRow::as_select()).first(c).optional()
}

/// A survey of a list: its id (the sort key) and stored representation.
#[derive(Debug, Queryable)]
pub struct Listed {
    pub id: String,
    pub doc: Option<String>,
}

/// Filters of the survey list.
#[derive(Debug, Default, Clone)]
pub struct SurveyFilter {
    pub status: Option<SurveyStatus>,
    pub kind: Option<SurveyKind>,
    pub after_id: Option<String>,
    /// Changed at or after this time.
    pub updated_since: Option<chrono::NaiveDateTime>,
}

/// Surveys in creation order (ids are time-ordered).
pub fn list(c: &mut DbConn, f: &SurveyFilter, limit: i64) -> QueryResult<Vec<Listed>> {
    let mut q = s::table.select((s::id, s::doc)).into_boxed();
    if let Some(v) = f.status {
        q = q.filter(s::status.eq(v));
    }
    if let Some(v) = f.kind {
        q = q.filter(s::kind.eq(v));
    }
    if let Some(t) = f.updated_since {
        q = q.filter(s::updated_at.ge(t));
    }
    if let Some(v) = &f.after_id {
        q = q.filter(s::id.gt(v.clone()));
    }
    q.order(s::id.asc()).limit(limit).load(c)
}

/// Whether any response to the survey is stored.
pub fn has_responses(c: &mut DbConn, survey_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(sr::table.filter(sr::survey_id.eq(survey_id)))).get_result(c)
}

//! Queries on `surveys`, and how a survey is written through `crate::write`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::SurveyResponse;
use super::model::SurveyRow;
use super::{SurveyKind, SurveyStatus};
use crate::db::schema::{survey_responses as sr, surveys as s};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::Versioned;

impl Versioned for SurveyRow {
    const KIND: &'static str = "survey";
    type View = SurveyResponse;

    fn id(&self) -> &str {
        &self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
    fn stamp(&mut self, version: i32, now: NaiveDateTime) {
        (self.version, self.updated_at) = (version, now);
        if version == 1 {
            self.created_at = now;
        }
    }
    fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<Self>> {
        find(c, id)
    }
    fn insert(&self, c: &mut DbConn) -> QueryResult<()> {
        diesel::insert_into(s::table).values(self.clone()).execute(c).map(drop)
    }
    fn save(&self, c: &mut DbConn, expected: i32) -> QueryResult<bool> {
        let target = s::table.find(&self.id).filter(s::version.eq(expected));
        Ok(diesel::update(target).set(self.clone()).execute(c)? == 1)
    }
    fn remove(c: &mut DbConn, id: &str, expected: i32) -> QueryResult<bool> {
        Ok(diesel::delete(s::table.find(id).filter(s::version.eq(expected))).execute(c)? == 1)
    }
    fn view(&self, _c: &mut DbConn) -> Result<SurveyResponse, ApiError> {
        SurveyResponse::try_from(self.clone())
    }
    fn store_doc(c: &mut DbConn, id: &str, doc: &str) -> QueryResult<()> {
        diesel::update(s::table.find(id)).set(s::doc.eq(doc)).execute(c).map(drop)
    }
    fn without_doc(c: &mut DbConn) -> QueryResult<Vec<Self>> {
        s::table.filter(s::doc.is_null()).select(SurveyRow::as_select()).load(c)
    }
}

pub fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<SurveyRow>> {
    s::table.find(id).select(SurveyRow::as_select()).first(c).optional()
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
    if let Some(v) = &f.after_id {
        q = q.filter(s::id.gt(v.clone()));
    }
    q.order(s::id.asc()).limit(limit).load(c)
}

/// Whether any response to the survey is stored.
pub fn has_responses(c: &mut DbConn, survey_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(sr::table.filter(sr::survey_id.eq(survey_id)))).get_result(c)
}

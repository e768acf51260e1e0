//! Queries on `areas`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::AreaResponse;
use super::model::AreaRow;
use super::AreaKind;
use crate::db::{schema::areas as a, DbConn};
use crate::error::ApiError;
use crate::on_backend;
use crate::write::Versioned;

impl Versioned for AreaRow {
    const KIND: &'static str = "area";
    type View = AreaResponse;

    fn id(&self) -> &str {
        &self.code
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
    fn find(c: &mut DbConn, code: &str) -> QueryResult<Option<Self>> {
        find(c, code)
    }
    fn insert(&self, c: &mut DbConn) -> QueryResult<()> {
        diesel::insert_into(a::table).values(self.clone()).execute(c).map(drop)
    }
    fn save(&self, c: &mut DbConn, expected: i32) -> QueryResult<bool> {
        let target = a::table.find(&self.code).filter(a::version.eq(expected));
        Ok(diesel::update(target).set(self.clone()).execute(c)? == 1)
    }
    fn remove(c: &mut DbConn, code: &str, expected: i32) -> QueryResult<bool> {
        Ok(diesel::delete(a::table.find(code).filter(a::version.eq(expected))).execute(c)? == 1)
    }
    fn view(&self, _c: &mut DbConn) -> Result<AreaResponse, ApiError> {
        Ok(AreaResponse::from(self.clone()))
    }
    fn store_doc(c: &mut DbConn, code: &str, doc: &str) -> QueryResult<()> {
        diesel::update(a::table.find(code)).set(a::doc.eq(doc)).execute(c).map(drop)
    }
    fn without_doc(c: &mut DbConn) -> QueryResult<Vec<Self>> {
        a::table.filter(a::doc.is_null()).select(AreaRow::as_select()).load(c)
    }
}

pub fn find(c: &mut DbConn, code: &str) -> QueryResult<Option<AreaRow>> {
    a::table.find(code).select(AreaRow::as_select()).first(c).optional()
}

/// Filters of the area list.
#[derive(Debug, Default, Clone)]
pub struct AreaFilter {
    pub kind: Option<AreaKind>,
    pub parent: Option<String>,
    pub after_code: Option<String>,
}

/// An area of a list: its code (the sort key) and stored representation.
#[derive(Debug, Queryable)]
pub struct Listed {
    pub code: String,
    pub doc: Option<String>,
}

/// Areas ordered by code, as rows (for modules that read a few fields of every area).
pub fn list(c: &mut DbConn, f: &AreaFilter, limit: i64) -> QueryResult<Vec<AreaRow>> {
    filtered(f).select(AreaRow::as_select()).limit(limit).load(c)
}

/// Areas ordered by code, as stored representations (for the API's list).
pub fn listed(c: &mut DbConn, f: &AreaFilter, limit: i64) -> QueryResult<Vec<Listed>> {
    filtered(f).select((a::code, a::doc)).limit(limit).load(c)
}

fn filtered(f: &AreaFilter) -> a::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut q = a::table.into_boxed();
    if let Some(k) = f.kind {
        q = q.filter(a::kind.eq(k));
    }
    if let Some(p) = &f.parent {
        q = q.filter(a::parent_code.eq(p.clone()));
    }
    if let Some(after) = &f.after_code {
        q = q.filter(a::code.gt(after.clone()));
    }
    q.order(a::code.asc())
}

/// Inserts rows whose code is not there yet; returns how many were new.
pub fn insert_missing(c: &mut DbConn, rows: &[AreaRow]) -> QueryResult<usize> {
    on_backend!(c, |c| diesel::insert_into(a::table).values(rows).on_conflict_do_nothing().execute(c))
}

/// The codes of `code` and every area directly under it (for `?area=` filters).
pub fn with_children(c: &mut DbConn, code: &str) -> QueryResult<Vec<String>> {
    a::table.filter(a::code.eq(code).or(a::parent_code.eq(code))).select(a::code).load(c)
}

//! Queries on `areas`.

use diesel::prelude::*;

use super::dto::AreaResponse;
use super::model::AreaRow;
use super::AreaKind;
use crate::db::{schema::areas as a, DbConn};
use crate::error::ApiError;
use crate::on_backend;
use crate::write::Versioned;

crate::stored_row!(AreaRow, crate::db::schema::areas, code, doc);

impl Versioned for AreaRow {
    const KIND: &'static str = "area";
    type View = AreaResponse;

    fn view(&self, _c: &mut DbConn) -> Result<AreaResponse, ApiError> {
        Ok(AreaResponse::from(self.clone()))
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
    /// Changed at or after this time.
    pub updated_since: Option<chrono::NaiveDateTime>,
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
    if let Some(t) = f.updated_since {
        q = q.filter(a::updated_at.ge(t));
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
    super::children::query(code).load(c)
}

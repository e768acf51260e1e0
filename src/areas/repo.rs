//! Queries on `areas`.

use diesel::prelude::*;

use super::model::AreaRow;
use crate::db::{schema::areas as a, DbConn};
use crate::on_backend;

pub fn find(c: &mut DbConn, code: &str) -> QueryResult<Option<AreaRow>> {
    a::table.find(code).select(AreaRow::as_select()).first(c).optional()
}

/// Filters of the area list.
#[derive(Debug, Default, Clone)]
pub struct AreaFilter {
    pub kind: Option<String>,
    pub parent: Option<String>,
    pub after_code: Option<String>,
}

/// Areas ordered by code.
pub fn list(c: &mut DbConn, f: &AreaFilter, limit: i64) -> QueryResult<Vec<AreaRow>> {
    let mut q = a::table.select(AreaRow::as_select()).into_boxed();
    if let Some(k) = &f.kind {
        q = q.filter(a::kind.eq(k.clone()));
    }
    if let Some(p) = &f.parent {
        q = q.filter(a::parent_code.eq(p.clone()));
    }
    if let Some(after) = &f.after_code {
        q = q.filter(a::code.gt(after.clone()));
    }
    q.order(a::code.asc()).limit(limit).load(c)
}

pub fn insert(c: &mut DbConn, row: &AreaRow) -> QueryResult<AreaRow> {
    diesel::insert_into(a::table).values(row.clone()).execute(c)?;
    a::table.find(&row.code).select(AreaRow::as_select()).first(c)
}

/// Inserts rows whose code is not there yet; returns how many were new.
pub fn insert_missing(c: &mut DbConn, rows: &[AreaRow]) -> QueryResult<usize> {
    on_backend!(c, |c| diesel::insert_into(a::table).values(rows).on_conflict_do_nothing().execute(c))
}

/// Writes the mutable fields if `expected_version` is still current.
pub fn update(c: &mut DbConn, row: &AreaRow, expected_version: i32) -> QueryResult<Option<AreaRow>> {
    let n = diesel::update(a::table.find(&row.code).filter(a::version.eq(expected_version)))
        .set((
            a::parent_code.eq(&row.parent_code),
            a::name_fi.eq(&row.name_fi),
            a::name_sv.eq(&row.name_sv),
            a::name_en.eq(&row.name_en),
            a::statistics_code.eq(&row.statistics_code),
            a::version.eq(expected_version + 1),
            a::updated_at.eq(crate::db::now()),
        ))
        .execute(c)?;
    if n == 0 {
        return Ok(None);
    }
    a::table.find(&row.code).select(AreaRow::as_select()).first(c).optional()
}

/// The codes of `code` and every area directly under it (for `?area=` filters).
pub fn with_children(c: &mut DbConn, code: &str) -> QueryResult<Vec<String>> {
    a::table.filter(a::code.eq(code).or(a::parent_code.eq(code))).select(a::code).load(c)
}

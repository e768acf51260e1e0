//! Queries on `proposals`, and the proposal's part in the versioned-write path.

use diesel::prelude::*;

use super::dto::ProposalResponse;
use super::links;
use super::model::ProposalRow;
use super::{Category, ProposalStatus};
use crate::db::schema::{areas, proposals as p};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::Versioned;

crate::stored_row!(ProposalRow, crate::db::schema::proposals, id, doc);

/// A proposal's links are part of its representation: whoever changes them
/// does it inside `write::update` of the proposal, which renders and stores it again.
impl Versioned for ProposalRow {
    const KIND: &'static str = "proposal";
    type View = ProposalResponse;

    fn view(&self, c: &mut DbConn) -> Result<ProposalResponse, ApiError> {
        Ok(ProposalResponse::new(self.clone(), links::links_of(c, &self.id)?))
    }
}

/// Filters of the proposal list (and of the proposal report).
#[derive(Debug, Default, Clone)]
pub struct ProposalFilter {
    pub category: Option<Category>,
    pub tier: Option<i32>,
    pub status: Option<ProposalStatus>,
    /// Proposals linked to any of these areas.
    pub areas: Option<Vec<String>>,
    pub event_id: Option<String>,
    /// `Some(None)`: top-level proposals only; `Some(Some(id))`: the sub-proposals of `id`.
    pub parent: Option<Option<String>>,
    pub after_id: Option<String>,
    /// Changed at or after this time.
    pub updated_since: Option<chrono::NaiveDateTime>,
}

/// Applies a `ProposalFilter` to a boxed query over `proposals` (grouped or not).
macro_rules! proposal_filter {
    ($q:expr, $f:expr) => {{
        use $crate::db::schema::{proposal_areas as pa, proposal_events as pe, proposals as p};
        let (mut q, f) = ($q, $f);
        if let Some(v) = f.category {
            q = q.filter(p::category.eq(v));
        }
        if let Some(v) = f.tier {
            q = q.filter(p::tier.eq(v));
        }
        if let Some(v) = f.status {
            q = q.filter(p::status.eq(v));
        }
        if let Some(t) = f.updated_since {
            q = q.filter(p::updated_at.ge(t));
        }
        if let Some(codes) = &f.areas {
            let linked = pa::table.filter(pa::area_code.eq_any(codes.clone())).select(pa::proposal_id);
            q = q.filter(p::id.eq_any(linked));
        }
        if let Some(ev) = &f.event_id {
            q = q.filter(p::id.eq_any(pe::table.filter(pe::event_id.eq(ev.clone())).select(pe::proposal_id)));
        }
        match &f.parent {
            Some(Some(parent)) => q = q.filter(p::parent_id.eq(parent.clone())),
            Some(None) => q = q.filter(p::parent_id.is_null()),
            None => {}
        }
        q
    }};
}
pub(crate) use proposal_filter;

/// The filtered proposals as a boxed query.
pub fn filtered<'a>(f: &ProposalFilter) -> p::BoxedQuery<'a, crate::db::MultiBackend> {
    proposal_filter!(p::table.into_boxed(), f)
}

/// A proposal of a list: its id (the sort key) and stored representation.
#[derive(Debug, Queryable)]
pub struct Listed {
    pub id: String,
    pub doc: Option<String>,
}

/// Proposals in creation order (ids are time-ordered).
pub fn list(c: &mut DbConn, f: &ProposalFilter, limit: i64) -> QueryResult<Vec<Listed>> {
    let mut q = filtered(f).select((p::id, p::doc));
    if let Some(after) = &f.after_id {
        q = q.filter(p::id.gt(after.clone()));
    }
    q.order(p::id.asc()).limit(limit).load(c)
}

/// The id of the proposal with this id or this Finnish title, if any (the demo data loads once).
pub fn find_id_or_title(c: &mut DbConn, id: &str, title_fi: &str) -> QueryResult<Option<String>> {
    p::table
        .filter(p::id.eq(id).or(p::title_fi.eq(title_fi)))
        .select(p::id)
        .order(p::id.asc())
        .first(c)
        .optional()
}

/// How many sub-proposals `id` has.
pub fn children(c: &mut DbConn, id: &str) -> QueryResult<i64> {
    p::table.filter(p::parent_id.eq(id)).count().get_result(c)
}

/// The proposal other than `except` that holds `order`, if any.
pub fn holder_of_order(c: &mut DbConn, order: i32, except: Option<&str>) -> QueryResult<Option<String>> {
    let mut q = p::table.filter(p::selected_order.eq(order)).select(p::id).into_boxed();
    if let Some(id) = except {
        q = q.filter(p::id.ne(id.to_owned()));
    }
    q.first(c).optional()
}

/// Which of `codes` are areas.
pub fn existing_areas(c: &mut DbConn, codes: &[String]) -> QueryResult<Vec<String>> {
    areas::table.filter(areas::code.eq_any(codes.to_vec())).select(areas::code).load(c)
}

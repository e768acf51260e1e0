//! Queries on `proposals`, its link tables and endorsements.

use std::collections::HashMap;

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::dto::Links;
use super::model::{EndorsementRow, ProposalChanges, ProposalRow};
use crate::db::schema::{
    areas, proposal_areas as pa, proposal_endorsements as pn, proposal_events as pe, proposals as p,
};
use crate::db::DbConn;
use crate::on_backend;

pub fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<ProposalRow>> {
    p::table.find(id).select(ProposalRow::as_select()).first(c).optional()
}

/// Filters of the proposal list (and of the proposal report).
#[derive(Debug, Default, Clone)]
pub struct ProposalFilter {
    pub category: Option<String>,
    pub tier: Option<i32>,
    pub status: Option<String>,
    /// Proposals linked to any of these areas.
    pub areas: Option<Vec<String>>,
    pub event_id: Option<String>,
    /// `Some(None)`: top-level proposals only; `Some(Some(id))`: the sub-proposals of `id`.
    pub parent: Option<Option<String>>,
    pub after_id: Option<String>,
}

/// Applies a `ProposalFilter` to a boxed query over `proposals` (grouped or not).
macro_rules! proposal_filter {
    ($q:expr, $f:expr) => {{
        use $crate::db::schema::{proposal_areas as pa, proposal_events as pe, proposals as p};
        let (mut q, f) = ($q, $f);
        if let Some(v) = &f.category {
            q = q.filter(p::category.eq(v.clone()));
        }
        if let Some(v) = f.tier {
            q = q.filter(p::tier.eq(v));
        }
        if let Some(v) = &f.status {
            q = q.filter(p::status.eq(v.clone()));
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

/// Proposals in creation order (ids are time-ordered).
pub fn list(c: &mut DbConn, f: &ProposalFilter, limit: i64) -> QueryResult<Vec<ProposalRow>> {
    let mut q = filtered(f).select(ProposalRow::as_select());
    if let Some(after) = &f.after_id {
        q = q.filter(p::id.gt(after.clone()));
    }
    q.order(p::id.asc()).limit(limit).load(c)
}

/// The links and endorsement counts of `ids`, in one query per table.
pub fn links_for(c: &mut DbConn, ids: &[String]) -> QueryResult<HashMap<String, Links>> {
    let mut out: HashMap<String, Links> = ids.iter().map(|id| (id.clone(), Links::default())).collect();
    let events: Vec<(String, String)> = pe::table
        .filter(pe::proposal_id.eq_any(ids.to_vec()))
        .select((pe::proposal_id, pe::event_id))
        .order((pe::proposal_id, pe::event_id))
        .load(c)?;
    for (pid, eid) in events {
        out.entry(pid).or_default().event_ids.push(eid);
    }
    let codes: Vec<(String, String)> = pa::table
        .filter(pa::proposal_id.eq_any(ids.to_vec()))
        .select((pa::proposal_id, pa::area_code))
        .order((pa::proposal_id, pa::area_code))
        .load(c)?;
    for (pid, code) in codes {
        out.entry(pid).or_default().areas.push(code);
    }
    let counts: Vec<(String, i64)> = pn::table
        .filter(pn::proposal_id.eq_any(ids.to_vec()))
        .group_by(pn::proposal_id)
        .select((pn::proposal_id, count_star()))
        .load(c)?;
    for (pid, n) in counts {
        out.entry(pid).or_default().endorsement_count = n;
    }
    Ok(out)
}

pub fn links_of(c: &mut DbConn, id: &str) -> QueryResult<Links> {
    Ok(links_for(c, &[id.to_owned()])?.remove(id).unwrap_or_default())
}

/// Replaces the event and area links of a proposal.
pub fn set_links(c: &mut DbConn, id: &str, event_ids: &[String], area_codes: &[String]) -> QueryResult<()> {
    diesel::delete(pe::table.filter(pe::proposal_id.eq(id))).execute(c)?;
    diesel::delete(pa::table.filter(pa::proposal_id.eq(id))).execute(c)?;
    let ev: Vec<_> = event_ids.iter().map(|e| (pe::proposal_id.eq(id), pe::event_id.eq(e))).collect();
    let ar: Vec<_> = area_codes.iter().map(|a| (pa::proposal_id.eq(id), pa::area_code.eq(a))).collect();
    if !ev.is_empty() {
        on_backend!(c, |c| diesel::insert_into(pe::table).values(&ev).on_conflict_do_nothing().execute(c))?;
    }
    if !ar.is_empty() {
        on_backend!(c, |c| diesel::insert_into(pa::table).values(&ar).on_conflict_do_nothing().execute(c))?;
    }
    Ok(())
}

pub fn insert(c: &mut DbConn, row: &ProposalRow) -> QueryResult<ProposalRow> {
    diesel::insert_into(p::table).values(row.clone()).execute(c)?;
    p::table.find(&row.id).select(ProposalRow::as_select()).first(c)
}

/// Writes `changes` if `expected_version` is still current.
pub fn update(
    c: &mut DbConn,
    id: &str,
    ch: &ProposalChanges,
    expected_version: i32,
) -> QueryResult<Option<ProposalRow>> {
    let n = diesel::update(p::table.find(id).filter(p::version.eq(expected_version)))
        .set(ch.clone())
        .execute(c)?;
    if n == 0 {
        return Ok(None);
    }
    p::table.find(id).select(ProposalRow::as_select()).first(c).optional()
}

/// Deletes the proposal, its links and endorsements if `expected_version` is current.
pub fn delete(c: &mut DbConn, id: &str, expected_version: i32) -> QueryResult<usize> {
    diesel::delete(pe::table.filter(pe::proposal_id.eq(id))).execute(c)?;
    diesel::delete(pa::table.filter(pa::proposal_id.eq(id))).execute(c)?;
    diesel::delete(pn::table.filter(pn::proposal_id.eq(id))).execute(c)?;
    diesel::delete(p::table.find(id).filter(p::version.eq(expected_version))).execute(c)
}

/// A new version of the proposal whose representation changed without a write
/// to its row (an endorsement changes `endorsement_count`), so that ETags change too.
pub fn bump_version(c: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(p::table.find(id))
        .set((p::version.eq(p::version + 1), p::updated_at.eq(crate::db::now())))
        .execute(c)
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

pub fn find_endorsement(c: &mut DbConn, id: &str, area: &str) -> QueryResult<Option<EndorsementRow>> {
    pn::table.find((id, area)).select(EndorsementRow::as_select()).first(c).optional()
}

/// Inserts the endorsement unless the county has one already; returns whether it was new.
/// (ON CONFLICT, so that two first endorsements racing on PostgreSQL still make one.)
pub fn insert_endorsement(c: &mut DbConn, row: &EndorsementRow) -> QueryResult<bool> {
    let n = on_backend!(c, |c| diesel::insert_into(pn::table)
        .values(row.clone())
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

/// A proposal's endorsements by county code.
pub fn endorsements(c: &mut DbConn, id: &str) -> QueryResult<Vec<EndorsementRow>> {
    pn::table.filter(pn::proposal_id.eq(id)).order(pn::area_code).select(EndorsementRow::as_select()).load(c)
}

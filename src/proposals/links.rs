//! Queries on what links to a proposal: its events and areas, and the counties'
//! endorsements. They are written only inside a write of the proposal itself
//! (`crate::write`), so that its version and stored representation follow.

use std::collections::HashMap;

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::dto::Links;
use super::model::EndorsementRow;
use crate::db::schema::{proposal_areas as pa, proposal_endorsements as pn, proposal_events as pe};
use crate::db::DbConn;
use crate::on_backend;

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

/// Deletes every link and endorsement of a proposal (before the proposal itself).
pub fn delete_all(c: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(pe::table.filter(pe::proposal_id.eq(id))).execute(c)?;
    diesel::delete(pa::table.filter(pa::proposal_id.eq(id))).execute(c)?;
    diesel::delete(pn::table.filter(pn::proposal_id.eq(id))).execute(c)?;
    Ok(())
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

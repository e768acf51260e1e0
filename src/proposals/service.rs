//! What the proposal handlers (and the reports) need apart from HTTP: the list
//! filter, loading, and every write through the one versioned-write path
//! (`crate::write`), links and endorsements included.

use super::domain::check_tier;
use super::dto::{ProposalResponse, UpdateProposalRequest};
use super::input::ProposalFields;
use super::links;
use super::model::{EndorsementRow, ProposalRow};
use super::repo::{self, ProposalFilter};
use super::{Category, ProposalStatus};
use crate::common::pagination::DocPage;
use crate::common::{Cursor, IfMatch};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::{self, Action, Versioned, Written};

/// The filters the proposal list and the proposal report share; `area` (which
/// needs the database), `parent` and the cursor are set by the caller.
pub fn base_filter(
    category: Option<Category>,
    tier: Option<i64>,
    status: Option<ProposalStatus>,
    event_id: Option<String>,
) -> Result<ProposalFilter, ApiError> {
    let tier = tier.map(check_tier).transpose().map_err(|m| ApiError::bad_parameter("tier", m))?;
    Ok(ProposalFilter { category, tier, status, event_id, ..ProposalFilter::default() })
}

/// The id after which a page starts.
pub fn decode_cursor(raw: Option<&str>) -> Result<Option<String>, ApiError> {
    Ok(Cursor::decode(raw, 1)?.map(|c| c.part(0).to_owned()))
}

/// One page of proposals, as their stored representations.
pub fn list(
    c: &mut DbConn,
    area: Option<&str>,
    mut filter: ProposalFilter,
    limit: i64,
) -> Result<DocPage, ApiError> {
    filter.areas = crate::areas::area_filter(c, area)?;
    let rows = repo::list(c, &filter, limit + 1)?;
    write::page::<ProposalRow, _>(c, rows, limit, |r| Cursor::encode(&[&r.id]), |r| (r.id, r.doc))
}

pub fn get(c: &mut DbConn, id: &str) -> Result<ProposalResponse, ApiError> {
    write::load::<ProposalRow>(c, id)?.view(c)
}

/// Stores a new proposal, then its links (they refer to it).
pub fn create(c: &mut DbConn, actor: &str, fields: ProposalFields) -> Result<Written<ProposalRow>, ApiError> {
    write::create_linked(
        c,
        actor,
        |c| {
            fields.check_references(c, None)?;
            Ok(fields.to_row(uuid::Uuid::now_v7().to_string(), crate::db::now()))
        },
        |c, row| Ok(links::set_links(c, &row.id, &fields.event_ids, &fields.areas)?),
    )
}

/// Applies a PATCH, checked as a whole against the stored proposal; illegal moves are 409.
pub fn update(
    c: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: &IfMatch,
    req: UpdateProposalRequest,
) -> Result<Written<ProposalRow>, ApiError> {
    write::update(c, actor, id, if_match, |c, before: &ProposalRow| {
        let fields = ProposalFields::patched(before, &links::links_of(c, id)?, req)?;
        fields.check_references(c, Some(id))?;
        links::set_links(c, id, &fields.event_ids, &fields.areas)?;
        Ok(fields.to_row(before.id.clone(), before.created_at))
    })
}

/// Deletes a proposal with its links and endorsements; 409 while it has sub-proposals.
pub fn delete(c: &mut DbConn, actor: &str, id: &str, if_match: &IfMatch) -> Result<(), ApiError> {
    write::delete(c, actor, id, if_match, |c, _: &ProposalRow| {
        let children = repo::children(c, id)?;
        if children > 0 {
            return Err(ApiError::conflict(format!(
                "the proposal has {children} sub-proposal(s); delete or move them first"
            )));
        }
        // The links and endorsements refer to the row: they go first, in the same transaction.
        Ok(links::delete_all(c, id)?)
    })
}

/// A county's endorsement, and whether this request added it.
pub struct Endorsed {
    pub row: EndorsementRow,
    pub added: bool,
}

/// Endorses a proposal for `county` once. The first endorsement is a write of
/// the proposal (its `endorsement_count`, version and ETag change) with an audit
/// entry of its own; a repeat changes nothing.
pub fn endorse(c: &mut DbConn, client_id: &str, id: &str, county: &str) -> Result<Endorsed, ApiError> {
    write::load::<ProposalRow>(c, id)?;
    if let Some(row) = links::find_endorsement(c, id, county)? {
        return Ok(Endorsed { row, added: false });
    }
    let row = EndorsementRow {
        proposal_id: id.to_owned(),
        area_code: county.to_owned(),
        client_id: client_id.to_owned(),
        created_at: crate::db::now(),
    };
    // `Some(false)`: another request endorsed it first (a race on PostgreSQL);
    // the refused update wrote nothing, and the answer is that endorsement.
    let mut inserted = None;
    let written = write::update(c, client_id, id, &IfMatch::default(), |c, before: &ProposalRow| {
        let added = links::insert_endorsement(c, &row)?;
        inserted = Some(added);
        if added {
            Ok(before.clone())
        } else {
            Err(ApiError::conflict("the county endorsed it meanwhile"))
        }
    });
    let added = match (written, inserted) {
        (Ok(_), _) => true,
        (Err(_), Some(false)) => false,
        (Err(e), _) => return Err(e),
    };
    // As stored (the database may keep the time less precisely).
    let row = stored_endorsement(c, id, county)?;
    if added {
        record_endorsement(c, client_id, &row)?;
    }
    Ok(Endorsed { row, added })
}

fn stored_endorsement(c: &mut DbConn, id: &str, county: &str) -> Result<EndorsementRow, ApiError> {
    links::find_endorsement(c, id, county)?
        .ok_or_else(|| ApiError::internal("an endorsement vanished inside its transaction"))
}

/// The endorsement's own audit entry, besides the proposal's update.
fn record_endorsement(c: &mut DbConn, client_id: &str, row: &EndorsementRow) -> Result<(), ApiError> {
    let after = super::dto::EndorsementResponse::from(row.clone());
    let after = serde_json::to_string(&after).map_err(ApiError::internal)?;
    let entity = format!("{}:{}", row.proposal_id, row.area_code);
    let action = Action::Created.audit_name();
    // No feed entry of its own: the proposal's update (its new version) shows it.
    let audit = write::Audit {
        actor: client_id,
        action,
        kind: "endorsement",
        id: &entity,
        before: None,
        after: Some(&after),
    };
    write::record(c, audit, &[])
}

/// A proposal's endorsements by county code; 404 for an unknown proposal.
pub fn endorsements(c: &mut DbConn, id: &str) -> Result<Vec<EndorsementRow>, ApiError> {
    write::load::<ProposalRow>(c, id)?;
    Ok(links::endorsements(c, id)?)
}

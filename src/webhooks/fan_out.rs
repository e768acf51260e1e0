//! Fan-out: each active subscription follows the change feed from its own
//! position, and what its client may read (its role, its county) becomes
//! delivery rows. Rows and the new position are written in one transaction,
//! with the subscription locked (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
//! instances sharing the database never queue a change twice).

use super::model::DeliveryRow;
use super::{repo, service};
use crate::auth::Role;
use crate::changes::repo::FeedFilter;
use crate::changes::service::readable;
use crate::clients::model::ClientRow;
use crate::db::{self, DbConn};
use crate::error::ApiError;

/// Feed entries read per subscription and transaction: few, since a stored
/// batch's entry lists up to 5000 ids (~200 kB), and memory stays flat.
const PER_ROUND: i64 = 25;
/// Rounds per subscription and call, so that one busy subscription cannot
/// hold up the others (10,000 entries).
const ROUNDS: usize = 400;

/// Queues the changes every active subscription has not seen; how many.
pub fn run(c: &mut DbConn) -> Result<usize, ApiError> {
    let last = repo::last_seq(c)?;
    let mut queued = 0;
    for (id, after) in repo::active_positions(c)? {
        if after >= last {
            continue;
        }
        for _ in 0..ROUNDS {
            let (n, more) = db::write_tx(c, |c| one(c, &id))?;
            queued += n;
            if !more {
                break;
            }
        }
    }
    Ok(queued)
}

/// One round for one subscription (inside a write transaction): how many
/// deliveries it queued, and whether entries may be left.
fn one(c: &mut DbConn, id: &str) -> Result<(usize, bool), ApiError> {
    let Some((hook, after)) = repo::lock_active(c, id)? else { return Ok((0, false)) };
    let client = crate::write::load::<ClientRow>(c, &hook.client_id)?;
    if !client.active {
        service::disable(c, id, "its client was deactivated")?;
        return Ok((0, false));
    }
    let allowed = readable(client.role);
    let kinds: Vec<_> = hook.kinds().into_iter().filter(|k| allowed.contains(k)).collect();
    let last = repo::last_seq(c)?;
    let response_county = client.area_code.clone().filter(|_| client.role == Role::Integration);
    let filter = FeedFilter { after, kinds, response_county };
    let rows = if filter.kinds.is_empty() {
        Vec::new()
    } else {
        crate::changes::repo::list_typed(c, &filter, PER_ROUND)?
    };
    // Below a full round every matching entry up to `last` was read: skip past
    // the rest too (entries commit in seq order, see `changes::repo::append`).
    let next = match rows.last() {
        Some(r) if rows.len() as i64 == PER_ROUND => r.row.seq,
        Some(r) => r.row.seq.max(last),
        None => last,
    };
    let with_actor = client.role == Role::Admin;
    let mut queued = Vec::with_capacity(rows.len());
    for typed in rows {
        let Some(payload) = crate::changes::service::entry(c, &typed.row, with_actor)? else { continue };
        let kind = format!("{}.{}", typed.kind, typed.action);
        queued.push(DeliveryRow::new(id, Some(typed.row.seq), kind, payload));
    }
    repo::insert_deliveries(c, &queued)?;
    repo::set_after_seq(c, id, next)?;
    Ok((queued.len(), next < last))
}

//! Reading the feed within what the caller may read, and retention.

use super::dto::{listed, write_listed, ChangeEntry, FeedPage};
use super::model::{ChangeKind, FeedRow};
use super::repo::{self, FeedFilter};
use crate::auth::{Caller, Role};
use crate::common::items::ItemsBody;
use crate::db::DbConn;
use crate::error::ApiError;

/// A feed page stops growing past this many bytes of representations.
const MAX_PAGE_BYTES: usize = 4 << 20;
/// Bytes set aside for a page before it is read: about 640 an entry, at most
/// this (a poll at the feed's end with `limit=1000` finds few entries; a
/// larger page grows as it is written).
const PAGE_ROOM: usize = 64 << 10;
/// Entries read at a time while filling a page.
const ROWS_PER_READ: i64 = 100;

/// The types a role may follow: what it can read directly, no more.
pub fn readable(role: Role) -> &'static [ChangeKind] {
    use ChangeKind::*;
    match role {
        Role::Admin => ChangeKind::ALL,
        // Responses are listed for editors and integration clients (their own
        // county), never for viewers; clients for admins only.
        Role::Editor | Role::Integration => &[Area, Event, Proposal, Survey, SurveyResponse],
        Role::Viewer => &[Area, Event, Proposal, Survey],
    }
}

/// The `types` parameter: comma-separated type names (400 for an unknown one);
/// none: every type.
pub fn parse_types(raw: Option<&str>) -> Result<Option<Vec<ChangeKind>>, ApiError> {
    let Some(raw) = raw else { return Ok(None) };
    let mut kinds = Vec::new();
    for name in raw.split(',').map(str::trim) {
        let kind = ChangeKind::parse(name).ok_or_else(|| {
            let known: Vec<_> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
            ApiError::bad_parameter("types", format!("unknown type `{name}` (known: {})", known.join(", ")))
        })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(Some(kinds))
}

/// What `caller` asks to follow: the types asked for (403 for one its role
/// cannot read) or every type it can; integration clients' responses are
/// narrowed to their county in [`read`].
pub fn scope(caller: &Caller, asked: Option<Vec<ChangeKind>>) -> Result<Vec<ChangeKind>, ApiError> {
    let allowed = readable(caller.role);
    let Some(asked) = asked else { return Ok(allowed.to_vec()) };
    if let Some(k) = asked.iter().find(|k| !allowed.contains(k)) {
        return Err(ApiError::forbidden_parameter(
            "types",
            format!("this client cannot follow `{k}` changes"),
        ));
    }
    Ok(asked)
}

/// A page of the feed after `after`: 410 when retention removed entries after
/// it (`after = 0` starts at the oldest kept entry).
pub fn read(
    c: &mut DbConn,
    caller: &Caller,
    kinds: Vec<ChangeKind>,
    after: i64,
    limit: i64,
) -> Result<FeedPage, ApiError> {
    let horizon = check_kept(c, after)?;
    let filter = FeedFilter { after, kinds, response_county: caller.county().map(str::to_owned) };
    let (entries, last) = bounded_entries(c, filter, limit, caller.role == Role::Admin)?;
    Ok(FeedPage { entries, next_after: last.unwrap_or(after.max(horizon)) })
}

/// Up to `limit` entries (the actor only if `with_actor`), read a few at a
/// time and cut once they pass [`MAX_PAGE_BYTES`] (a stored batch lists up
/// to 5000 ids): a page stays bounded whatever it holds, and holds at least
/// one entry. Also the seq of the last entry read.
fn bounded_entries(
    c: &mut DbConn,
    mut filter: FeedFilter,
    limit: i64,
    with_actor: bool,
) -> Result<(ItemsBody, Option<i64>), ApiError> {
    let room = usize::try_from(limit).map_or(PAGE_ROOM, |n| n.saturating_mul(640).min(PAGE_ROOM));
    let (mut out, mut written, mut last) = (ItemsBody::with_capacity(room), 0, None);
    while written < limit && out.bytes() < MAX_PAGE_BYTES {
        let want = (limit - written).min(ROWS_PER_READ);
        let got = repo::list(c, &filter, want)?;
        let done = (got.len() as i64) < want;
        for row in got {
            if out.bytes() >= MAX_PAGE_BYTES {
                break;
            }
            (filter.after, last) = (row.seq, Some(row.seq));
            let actor = row.actor.as_deref().filter(|_| with_actor);
            match &row.doc {
                Some(doc) => write_listed(&mut out, row.seq, actor, doc)?,
                None => match rendered(c, row.seq, with_actor)? {
                    Some(entry) => out.push(&entry),
                    None => continue,
                },
            }
            written += 1;
        }
        if done {
            break;
        }
    }
    Ok((out, last))
}

/// The entry `row` read, as the feed shows it (the actor only if
/// `with_actor`): the JSON it stored, with its seq and actor put first (none
/// if it was pruned meanwhile).
pub fn entry(c: &mut DbConn, row: &FeedRow, with_actor: bool) -> Result<Option<String>, ApiError> {
    match &row.doc {
        Some(doc) => listed(row.seq, row.actor.as_deref().filter(|_| with_actor), doc).map(Some),
        None => rendered(c, row.seq, with_actor),
    }
}

/// Entry `seq` rendered from its columns, as entries appended before they
/// were stored are (none if it was pruned meanwhile).
fn rendered(c: &mut DbConn, seq: i64, with_actor: bool) -> Result<Option<String>, ApiError> {
    let Some(full) = repo::at(c, seq)? else { return Ok(None) };
    let entry = ChangeEntry::from_row(&full, with_actor).map_err(ApiError::internal)?;
    Ok(Some(serde_json::to_string(&entry).map_err(ApiError::internal)?))
}

/// 410 when retention removed entries after `after` (`after = 0`: from the
/// oldest kept entry); else the highest removed seq.
pub fn check_kept(c: &mut DbConn, after: i64) -> Result<i64, ApiError> {
    let horizon = repo::horizon(c)?;
    if after > 0 && after < horizon {
        return Err(ApiError::gone(format!(
            "changes after {after} are no longer kept (kept: after {horizon}); copy the resources afresh \
             and follow the feed from the `next_after` of a read with `after=0`"
        )));
    }
    Ok(horizon)
}

/// Forgets entries older than `days` days, moving the horizon past them; how many went.
pub fn prune(c: &mut DbConn, days: u32) -> Result<usize, ApiError> {
    let cutoff = crate::db::now() - chrono::Duration::days(i64::from(days));
    crate::db::write_tx(c, |c| Ok(repo::prune(c, cutoff)?))
}

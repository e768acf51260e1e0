//! Reading the feed within what the caller may read, and retention.

use super::dto::FeedRows;
use super::model::{ChangeKind, ChangeRow};
use super::repo::{self, FeedFilter};
use crate::auth::{Caller, Role};
use crate::db::DbConn;
use crate::error::ApiError;

/// A feed page stops growing past this many bytes of representations.
const MAX_PAGE_BYTES: usize = 4 << 20;
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
) -> Result<FeedRows, ApiError> {
    let horizon = check_kept(c, after)?;
    let filter = FeedFilter { after, kinds, response_county: caller.county().map(str::to_owned) };
    let rows = bounded_rows(c, filter, limit)?;
    let next_after = rows.last().map_or(after.max(horizon), |r| r.seq);
    Ok(FeedRows { rows, next_after, with_actor: caller.role == Role::Admin })
}

/// Up to `limit` entries, read a few at a time and cut once their
/// representations pass [`MAX_PAGE_BYTES`] (a stored batch lists up to 5000
/// ids): a page stays bounded whatever it holds, and holds at least one entry.
fn bounded_rows(c: &mut DbConn, mut filter: FeedFilter, limit: i64) -> Result<Vec<ChangeRow>, ApiError> {
    let mut rows: Vec<ChangeRow> = Vec::new();
    let mut bytes = 0;
    while (rows.len() as i64) < limit && bytes < MAX_PAGE_BYTES {
        let want = (limit - rows.len() as i64).min(ROWS_PER_READ);
        let got = repo::list(c, &filter, want)?;
        let done = (got.len() as i64) < want;
        for row in got {
            if bytes >= MAX_PAGE_BYTES {
                break;
            }
            bytes += row.resource.as_ref().map_or(0, String::len);
            filter.after = row.seq;
            rows.push(row);
        }
        if done {
            break;
        }
    }
    Ok(rows)
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

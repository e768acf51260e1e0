//! The one way a versioned resource (area, client, event, proposal, survey,
//! webhook subscription) is written.
//!
//! Every create, update and delete goes through [`create`], [`update`] or
//! [`delete`], inside the caller's write transaction: load, check `If-Match`,
//! apply the change, bump `version` (and `updated_at`) whenever the
//! representation may change, keep the stored representation that lists copy
//! (`doc`), and call [`record`]. [`record`] is the single place where a write's
//! side effects happen: the audit entry and the change-feed entry.

mod docs;
mod record;
mod stored;

use serde::Serialize;

use crate::changes::model::{ChangeKind, NewChange};
use crate::common::IfMatch;
use crate::db::DbConn;
use crate::error::ApiError;
pub use docs::{backfill, page};
pub use record::{record, Action, Audit};
pub use stored::Stored;

/// A resource with a `version` column, written only through this module; its
/// table side is [`Stored`] (see [`stored_row!`](crate::stored_row)).
pub trait Versioned: Stored {
    /// Its type name in audit entries and (when [`Self::IN_FEED`]) the change feed, e.g. `event`.
    const KIND: &'static str;
    /// Whether its writes appear in the change feed (webhook subscriptions do not).
    const IN_FEED: bool = true;
    /// What the API answers for it.
    type View: Serialize;

    /// The representation (it may read linked rows).
    fn view(&self, c: &mut DbConn) -> Result<Self::View, ApiError>;
}

/// A written resource: the stored row and what the API answers.
pub struct Written<R: Versioned> {
    pub row: R,
    pub view: R::View,
}

impl<R: Versioned> Written<R> {
    pub fn version(&self) -> i32 {
        self.row.version()
    }
}

/// 404 naming the resource.
pub fn not_found<R: Versioned>(id: &str) -> ApiError {
    ApiError::not_found(format!("no {} `{id}`", R::KIND.replace('_', " ")))
}

/// The current row, or 404.
pub fn load<R: Versioned>(c: &mut DbConn, id: &str) -> Result<R, ApiError> {
    R::find(c, id)?.ok_or_else(|| not_found::<R>(id))
}

fn changed_meanwhile<R: Versioned>() -> ApiError {
    ApiError::precondition_failed(format!(
        "the {} changed meanwhile; fetch it again",
        R::KIND.replace('_', " ")
    ))
}

/// Stores a new resource (version 1) made by `make`.
pub fn create<R: Versioned>(
    c: &mut DbConn,
    actor: &str,
    make: impl FnOnce(&mut DbConn) -> Result<R, ApiError>,
) -> Result<Written<R>, ApiError> {
    create_linked(c, actor, make, |_, _| Ok(()))
}

/// [`create`], with `link` writing the rows that refer to the new one (a
/// proposal's event links) after it is stored and before it is rendered.
pub fn create_linked<R: Versioned>(
    c: &mut DbConn,
    actor: &str,
    make: impl FnOnce(&mut DbConn) -> Result<R, ApiError>,
    link: impl FnOnce(&mut DbConn, &R) -> Result<(), ApiError>,
) -> Result<Written<R>, ApiError> {
    let mut row = make(c)?;
    row.stamp(1, crate::db::now());
    row.insert(c)?;
    link(c, &row)?;
    let (view, doc) = render(c, &row)?;
    R::store_doc(c, row.id(), &doc)?;
    let audit = Audit {
        actor,
        action: Action::Created.audit_name(),
        kind: R::KIND,
        id: row.id(),
        before: None,
        after: Some(&doc),
    };
    record(c, audit, feed_entry::<R>(row.id(), Action::Created, row.version(), Some(&doc))?.as_slice())?;
    Ok(Written { row, view })
}

/// Changes a resource: `change` gets the stored row (after `If-Match` was
/// checked) and returns the next state, which is stored as the next version.
/// It may write linked rows too; all of it is one transaction with the rest.
pub fn update<R: Versioned>(
    c: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: &IfMatch,
    change: impl FnOnce(&mut DbConn, &R) -> Result<R, ApiError>,
) -> Result<Written<R>, ApiError> {
    update_as(c, actor, Action::Updated.audit_name(), id, if_match, change)
}

/// [`update`] recorded under another action name (e.g. `rotate_secret`).
pub fn update_as<R: Versioned>(
    c: &mut DbConn,
    actor: &str,
    action: &str,
    id: &str,
    if_match: &IfMatch,
    change: impl FnOnce(&mut DbConn, &R) -> Result<R, ApiError>,
) -> Result<Written<R>, ApiError> {
    let before = load::<R>(c, id)?;
    if_match.check(before.version())?;
    let (_, before_doc) = render(c, &before)?;
    let mut row = change(c, &before)?;
    row.stamp(before.version() + 1, crate::db::now());
    if !row.save(c, before.version())? {
        return Err(changed_meanwhile::<R>());
    }
    let (view, doc) = render(c, &row)?;
    R::store_doc(c, id, &doc)?;
    let audit = Audit { actor, action, kind: R::KIND, id, before: Some(&before_doc), after: Some(&doc) };
    record(c, audit, feed_entry::<R>(id, Action::Updated, row.version(), Some(&doc))?.as_slice())?;
    Ok(Written { row, view })
}

/// Deletes a resource. `prepare` sees the stored row and may refuse (e.g. 409
/// while others link to it) or remove rows that refer to it.
pub fn delete<R: Versioned>(
    c: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: &IfMatch,
    prepare: impl FnOnce(&mut DbConn, &R) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let before = load::<R>(c, id)?;
    if_match.check(before.version())?;
    let (_, before_doc) = render(c, &before)?;
    prepare(c, &before)?;
    if !R::remove(c, id, before.version())? {
        return Err(changed_meanwhile::<R>());
    }
    let audit = Audit {
        actor,
        action: Action::Deleted.audit_name(),
        kind: R::KIND,
        id,
        before: Some(&before_doc),
        after: None,
    };
    record(c, audit, feed_entry::<R>(id, Action::Deleted, before.version(), None)?.as_slice())
}

/// The feed entry of a write to `R`, if it has one (a kind the feed does not
/// know is a bug: 500).
fn feed_entry<'a, R: Versioned>(
    id: &'a str,
    action: Action,
    version: i32,
    resource: Option<&'a str>,
) -> Result<Option<NewChange<'a>>, ApiError> {
    if !R::IN_FEED {
        return Ok(None);
    }
    let kind = ChangeKind::parse(R::KIND)
        .ok_or_else(|| ApiError::internal(format!("`{}` has no change-feed type", R::KIND)))?;
    Ok(Some(NewChange {
        kind,
        id,
        action: action.change(),
        version: Some(version),
        area: None,
        survey: None,
        resource,
    }))
}

/// The representation, as a value and as JSON.
fn render<R: Versioned>(c: &mut DbConn, row: &R) -> Result<(R::View, String), ApiError> {
    let view = row.view(c)?;
    let doc = serde_json::to_string(&view).map_err(ApiError::internal)?;
    Ok((view, doc))
}

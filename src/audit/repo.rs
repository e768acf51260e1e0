//! Writing and reading audit entries. Entries are written in the same
//! transaction as the change they describe.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{schema::audit_log as al, DbConn};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = al)]
pub struct AuditRow {
    pub id: i64,
    pub at: crate::common::Stamp,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
}

/// Inserts one entry; `before`/`after` are JSON as the API answers. Called by
/// `write::record`.
pub fn insert(
    c: &mut DbConn,
    actor: &str,
    action: &str,
    entity_type: &str,
    entity_id: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> QueryResult<()> {
    diesel::insert_into(al::table)
        .values((
            al::at.eq(crate::db::now()),
            al::actor.eq(actor),
            al::action.eq(action),
            al::entity_type.eq(entity_type),
            al::entity_id.eq(entity_id),
            al::before_state.eq(before),
            al::after_state.eq(after),
        ))
        .execute(c)?;
    Ok(())
}

/// Filters of the audit list.
#[derive(Debug, Default)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    /// Only entries older than this id (the cursor).
    pub before_id: Option<i64>,
}

/// Newest first, up to `limit` entries.
pub fn list(c: &mut DbConn, f: &AuditFilter, limit: i64) -> QueryResult<Vec<AuditRow>> {
    let mut q = al::table.select(AuditRow::as_select()).into_boxed();
    if let Some(v) = &f.entity_type {
        q = q.filter(al::entity_type.eq(v.clone()));
    }
    if let Some(v) = &f.entity_id {
        q = q.filter(al::entity_id.eq(v.clone()));
    }
    if let Some(v) = &f.actor {
        q = q.filter(al::actor.eq(v.clone()));
    }
    if let Some(v) = f.from {
        q = q.filter(al::at.ge(v));
    }
    if let Some(v) = f.to {
        q = q.filter(al::at.lt(v));
    }
    if let Some(v) = f.before_id {
        q = q.filter(al::id.lt(v));
    }
    q.order(al::id.desc()).limit(limit).load(c)
}

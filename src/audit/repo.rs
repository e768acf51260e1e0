//! Writing and reading audit entries. Entries are written in the same
//! transaction as the change they describe.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::Audit;
use super::model::{AuditRow, ListedRow};
use crate::common::Stamp;
use crate::db::{schema::audit_log as al, DbConn};
use crate::error::ApiError;

/// Inserts one entry with the JSON the list copies. Called by `write::record`.
pub fn insert(c: &mut DbConn, audit: &Audit) -> Result<(), ApiError> {
    let at = crate::db::now();
    let doc = audit.render(Stamp(at))?;
    diesel::insert_into(al::table)
        .values((
            al::at.eq(at),
            al::actor.eq(audit.actor),
            al::action.eq(audit.action),
            al::entity_type.eq(audit.kind),
            al::entity_id.eq(audit.id),
            al::before_state.eq(audit.before),
            al::after_state.eq(audit.after),
            al::doc.eq(doc),
        ))
        .execute(c)?;
    Ok(())
}

/// The entry `id`, if it is kept.
pub fn find(c: &mut DbConn, id: i64) -> QueryResult<Option<AuditRow>> {
    al::table.find(id).select(AuditRow::as_select()).first(c).optional()
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
pub fn list(c: &mut DbConn, f: &AuditFilter, limit: i64) -> QueryResult<Vec<ListedRow>> {
    let mut q = al::table.select(ListedRow::as_select()).into_boxed();
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

impl crate::db::backfill::AppendOnly for AuditRow {
    const TABLE: &'static str = "audit_log";

    fn without_doc(c: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<Self>> {
        let q = al::table.filter(al::doc.is_null()).filter(al::id.gt(after)).order(al::id.asc()).limit(limit);
        q.select(AuditRow::as_select()).load(c)
    }

    fn key(&self) -> i64 {
        self.id
    }

    /// What the entry would have stored when written (see [`insert`]).
    fn render(&self) -> Result<String, ApiError> {
        let audit = Audit {
            actor: &self.actor,
            action: &self.action,
            kind: &self.entity_type,
            id: &self.entity_id,
            before: self.before_state.as_deref(),
            after: self.after_state.as_deref(),
        };
        audit.render(self.at)
    }

    fn store_doc(c: &mut DbConn, key: i64, doc: &str) -> QueryResult<usize> {
        diesel::update(al::table.find(key).filter(al::doc.is_null())).set(al::doc.eq(doc)).execute(c)
    }
}

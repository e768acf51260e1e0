//! diesel rows of `audit_log`.

use diesel::prelude::*;

use crate::common::Stamp;
use crate::db::schema::audit_log as al;

/// A stored entry, every column (for an entry written before its JSON was kept).
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = al)]
pub struct AuditRow {
    pub id: i64,
    pub at: Stamp,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
}

/// What the list reads of an entry: its id and stored JSON (none for an
/// entry written before it was kept).
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = al)]
pub struct ListedRow {
    pub id: i64,
    pub doc: Option<String>,
}

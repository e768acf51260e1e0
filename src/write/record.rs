//! What every write does besides the write itself.

use crate::db::DbConn;
use crate::error::ApiError;

/// What happened to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Created,
    Updated,
    Deleted,
}

impl Action {
    /// The action as audit entries name it.
    pub fn audit_name(self) -> &'static str {
        match self {
            Self::Created => "create",
            Self::Updated => "update",
            Self::Deleted => "delete",
        }
    }
}

/// The side effects of one write, in its transaction: the audit entry with the
/// representation before and after (JSON as the API answers it). Writes of
/// versioned resources reach it through `write::{create, update, delete}`;
/// stored and erased survey responses call it directly.
pub fn record(
    c: &mut DbConn,
    actor: &str,
    action: &str,
    kind: &str,
    id: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<(), ApiError> {
    crate::audit::repo::insert(c, actor, action, kind, id, before, after)?;
    Ok(())
}

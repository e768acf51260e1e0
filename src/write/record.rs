//! What every write does besides the write itself.

use crate::changes::model::{ChangeAction, NewChange};
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

    /// The action as the change feed names it.
    pub fn change(self) -> ChangeAction {
        match self {
            Self::Created => ChangeAction::Created,
            Self::Updated => ChangeAction::Updated,
            Self::Deleted => ChangeAction::Deleted,
        }
    }
}

pub use crate::audit::dto::Audit;

/// The side effects of one write, in its transaction: the audit entry and the
/// change-feed entries (none for a write the feed shows otherwise, e.g. an
/// endorsement, which is the proposal's update). Writes of versioned resources
/// reach it through `write::{create, update, delete}`; stored and erased
/// survey responses call it directly.
pub fn record(c: &mut DbConn, audit: Audit, changes: &[NewChange]) -> Result<(), ApiError> {
    crate::audit::repo::insert(c, &audit)?;
    for change in changes {
        crate::changes::repo::append(c, audit.actor, change)?;
    }
    Ok(())
}

//! Stored change entries.

use diesel::prelude::*;

use crate::db::schema::changes;

crate::stored_enum! {
    /// The type of a changed resource.
    pub enum ChangeKind {
        Area = "area",
        Event = "event",
        Proposal = "proposal",
        Survey = "survey",
        SurveyResponse = "survey_response",
        Client = "client",
    }
}

crate::stored_enum! {
    /// What happened to it.
    pub enum ChangeAction {
        Created = "created",
        Updated = "updated",
        Deleted = "deleted",
    }
}

/// One stored change.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct ChangeRow {
    pub seq: i64,
    pub kind: ChangeKind,
    pub entity_id: String,
    pub action: ChangeAction,
    pub version: Option<i32>,
    pub changed_at: crate::common::Stamp,
    pub actor: Option<String>,
    pub area_code: Option<String>,
    pub survey_id: Option<String>,
    pub resource: Option<String>,
}

/// What a read of the feed selects: the position, who made the change and
/// the stored entry (none for an entry appended before entries were stored).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct FeedRow {
    pub seq: i64,
    pub actor: Option<String>,
    pub doc: Option<String>,
}

/// A [`FeedRow`] with what changed, for a webhook delivery's type.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct TypedFeedRow {
    pub kind: ChangeKind,
    pub action: ChangeAction,
    #[diesel(embed)]
    pub row: FeedRow,
}

/// A change to append, as the write that made it describes it.
#[derive(Debug, Clone, Copy)]
pub struct NewChange<'a> {
    pub kind: ChangeKind,
    pub id: &'a str,
    pub action: ChangeAction,
    /// The version after the change (deletions: the last one).
    pub version: Option<i32>,
    /// The county of a `survey_response` change, for scoping.
    pub area: Option<&'a str>,
    /// The survey of a `survey_response` change.
    pub survey: Option<&'a str>,
    /// JSON: the representation after the change (none for deletions).
    pub resource: Option<&'a str>,
}

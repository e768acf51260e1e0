//! What the feed answers.

use serde::Serialize;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use super::model::{ChangeAction, ChangeKind, ChangeRow};
use crate::common::Stamp;
use crate::error::ApiError;

// Borrowed from its row: nothing is copied before it is written out.
/// One change, in commit order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEntry<'a> {
    /// Its position in the feed: resume with `after=<seq>`.
    pub seq: i64,
    #[serde(rename = "type")]
    pub kind: ChangeKind,
    /// The resource's id (area: its code; `survey_response`: a response id,
    /// for a stored batch the first of `resource.response_ids`).
    pub id: &'a str,
    pub action: ChangeAction,
    /// The version after the change (a deletion: the last one); none for responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    #[schema(value_type = DateTime<Utc>)]
    pub changed_at: Stamp,
    /// The client that made it (admins only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<&'a str>,
    /// The representation after the change, as `GET` answers it; absent for
    /// deletions. Stored responses: `{"survey_id", "area", "count", "response_ids"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub resource: Option<&'a RawValue>,
}

impl<'a> ChangeEntry<'a> {
    /// The entry as a caller sees it; the actor only if `with_actor`. A stored
    /// representation that is not JSON is an error (copied as it is otherwise).
    pub fn from_row(row: &'a ChangeRow, with_actor: bool) -> Result<Self, serde_json::Error> {
        let resource = row.resource.as_deref().map(serde_json::from_str).transpose()?;
        Ok(Self {
            seq: row.seq,
            kind: row.kind,
            id: &row.entity_id,
            action: row.action,
            version: row.version,
            changed_at: row.changed_at,
            actor: row.actor.as_deref().filter(|_| with_actor),
            resource,
        })
    }
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangesPage<'a> {
    pub items: Vec<ChangeEntry<'a>>,
    /// Ask again with `after=<next_after>` to get what came since.
    pub next_after: i64,
}

/// The rows of a page of the feed, and how a caller sees them.
#[derive(Debug)]
pub struct FeedRows {
    pub rows: Vec<ChangeRow>,
    pub next_after: i64,
    /// Whether entries show their actor (admins).
    pub with_actor: bool,
}

impl FeedRows {
    /// The page, borrowing from the rows (a stored representation that is not JSON: 500).
    pub fn page(&self) -> Result<ChangesPage<'_>, ApiError> {
        let items = self.rows.iter().map(|r| ChangeEntry::from_row(r, self.with_actor));
        Ok(ChangesPage {
            items: items.collect::<Result<_, _>>().map_err(ApiError::internal)?,
            next_after: self.next_after,
        })
    }
}

/// What a stored batch (or single response) of one area shows in the feed:
/// ids only, never answers.
#[derive(Debug, Serialize)]
pub struct StoredResponses<'a> {
    pub survey_id: &'a str,
    pub area: &'a str,
    pub count: usize,
    pub response_ids: Vec<&'a str>,
}

//! What the feed answers.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use super::model::{ChangeAction, ChangeKind, ChangeRow};

/// One change, in commit order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEntry {
    /// Its position in the feed: resume with `after=<seq>`.
    pub seq: i64,
    #[serde(rename = "type")]
    pub kind: ChangeKind,
    /// The resource's id (area: its code; `survey_response`: a response id,
    /// for a stored batch the first of `resource.response_ids`).
    pub id: String,
    pub action: ChangeAction,
    /// The version after the change (a deletion: the last one); none for responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    pub changed_at: DateTime<Utc>,
    /// The client that made it (admins only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The representation after the change, as `GET` answers it; absent for
    /// deletions. Stored responses: `{"survey_id", "area", "count", "response_ids"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub resource: Option<Box<RawValue>>,
}

impl ChangeEntry {
    /// The entry as a caller sees it; the actor only if `with_actor`.
    pub fn from_row(row: ChangeRow, with_actor: bool) -> Result<Self, serde_json::Error> {
        let resource = row.resource.map(RawValue::from_string).transpose()?;
        Ok(Self {
            seq: row.seq,
            kind: row.kind,
            id: row.entity_id,
            action: row.action,
            version: row.version,
            changed_at: row.changed_at.and_utc(),
            actor: row.actor.filter(|_| with_actor),
            resource,
        })
    }
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangesPage {
    pub items: Vec<ChangeEntry>,
    /// Ask again with `after=<next_after>` to get what came since.
    pub next_after: i64,
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

//! What the feed answers.

use serde::Serialize;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use super::model::{ChangeAction, ChangeKind, ChangeRow, NewChange};
use crate::common::items::{with_fields_first, ItemsBody};
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

// Its schema only: [`FeedPage`] writes it.
/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangesPage<'a> {
    pub items: Vec<ChangeEntry<'a>>,
    /// Ask again with `after=<next_after>` to get what came since.
    pub next_after: i64,
}

/// A page of the feed: its entries, written as JSON.
#[derive(Debug)]
pub struct FeedPage {
    pub entries: ItemsBody,
    pub next_after: i64,
}

impl FeedPage {
    /// `{"items": [...], "next_after": n}`, as [`ChangesPage`] describes it.
    pub fn into_response(self) -> actix_web::HttpResponse {
        self.entries.finish("next_after", &self.next_after.to_string())
    }
}

/// [`ChangeEntry`] but `seq` and `actor`, in the same order: what an entry
/// stores when appended. The database assigns the seq, and the actor is
/// shown to admins only; [`listed`] puts both first.
#[derive(Serialize)]
struct StoredEntry<'a> {
    #[serde(rename = "type")]
    kind: ChangeKind,
    id: &'a str,
    action: ChangeAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
    changed_at: Stamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<&'a RawValue>,
}

impl NewChange<'_> {
    /// The JSON the entry stores (an error if `resource` is not JSON).
    pub fn render(&self, changed_at: Stamp) -> Result<String, ApiError> {
        let entry = StoredEntry {
            kind: self.kind,
            id: self.id,
            action: self.action,
            version: self.version,
            changed_at,
            resource: self.resource.map(serde_json::from_str).transpose().map_err(ApiError::internal)?,
        };
        serde_json::to_string(&entry).map_err(ApiError::internal)
    }
}

/// What an entry's stored JSON lacks: `"seq":n`, and the actor if given.
fn own_fields(seq: i64, actor: Option<&str>) -> Result<String, ApiError> {
    Ok(match actor {
        Some(a) => {
            format!("\"seq\":{seq},\"actor\":{}", serde_json::to_string(a).map_err(ApiError::internal)?)
        }
        None => format!("\"seq\":{seq}"),
    })
}

/// Writes entry `seq` as a caller sees it (the actor only if given), from
/// the JSON it stored.
pub fn write_listed(out: &mut ItemsBody, seq: i64, actor: Option<&str>, doc: &str) -> Result<(), ApiError> {
    out.push_with_fields_first(format_args!("{}", own_fields(seq, actor)?), doc)
}

/// [`write_listed`] alone, for a webhook delivery.
pub fn listed(seq: i64, actor: Option<&str>, doc: &str) -> Result<String, ApiError> {
    with_fields_first(format_args!("{}", own_fields(seq, actor)?), doc)
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

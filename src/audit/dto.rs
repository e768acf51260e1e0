//! What the audit list answers, and what each entry stores to answer it.

use serde::Serialize;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use super::model::AuditRow;
use crate::common::Stamp;
use crate::error::ApiError;

// Borrowed from its row: nothing is copied before it is written out.
/// One audited write.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry<'a> {
    pub id: i64,
    #[schema(value_type = DateTime<Utc>)]
    pub at: Stamp,
    /// The client id that made the change.
    pub actor: &'a str,
    /// `create`, `update`, `delete`, ...
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    // Both copied as stored (checked to be JSON), not parsed into values and written again.
    /// The representation before the change; null for a creation.
    #[schema(value_type = Option<serde_json::Value>)]
    pub before: Option<&'a RawValue>,
    /// The representation after the change; null for a deletion.
    #[schema(value_type = Option<serde_json::Value>)]
    pub after: Option<&'a RawValue>,
}

impl<'a> TryFrom<&'a AuditRow> for AuditEntry<'a> {
    type Error = ApiError;

    /// A stored state that is not JSON is a 500 (logged), not an entry without it.
    fn try_from(r: &'a AuditRow) -> Result<Self, ApiError> {
        Ok(Self {
            id: r.id,
            at: r.at,
            actor: &r.actor,
            action: &r.action,
            entity_type: &r.entity_type,
            entity_id: &r.entity_id,
            before: raw(r.before_state.as_deref())?,
            after: raw(r.after_state.as_deref())?,
        })
    }
}

/// Stored JSON as a borrowed value: an error unless it is JSON.
fn raw(json: Option<&str>) -> Result<Option<&RawValue>, ApiError> {
    json.map(serde_json::from_str).transpose().map_err(ApiError::internal)
}

/// An audit entry to write: who did what to which resource, with the
/// representation before and after (JSON as the API answers it).
#[derive(Debug, Clone, Copy)]
pub struct Audit<'a> {
    pub actor: &'a str,
    /// `create`, `update`, `rotate_secret`, `create_responses`, `erase`...
    pub action: &'a str,
    pub kind: &'a str,
    pub id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

impl Audit<'_> {
    /// The JSON the entry stores for the list to copy: [`AuditEntry`] without
    /// its `id`, which the database assigns and the list puts first. An
    /// error if `before` or `after` is not JSON.
    pub fn render(&self, at: Stamp) -> Result<String, ApiError> {
        let entry = StoredEntry {
            at,
            actor: self.actor,
            action: self.action,
            entity_type: self.kind,
            entity_id: self.id,
            before: raw(self.before)?,
            after: raw(self.after)?,
        };
        serde_json::to_string(&entry).map_err(ApiError::internal)
    }
}

/// [`AuditEntry`] but its `id`, in the same order.
#[derive(Serialize)]
struct StoredEntry<'a> {
    at: Stamp,
    actor: &'a str,
    action: &'a str,
    entity_type: &'a str,
    entity_id: &'a str,
    before: Option<&'a RawValue>,
    after: Option<&'a RawValue>,
}

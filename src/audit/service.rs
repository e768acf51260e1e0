//! Reading the audit log.

use super::dto::AuditEntry;
use super::repo::{self, AuditFilter};
use crate::common::items::with_fields_first;
use crate::common::pagination::{self, DocPage};
use crate::common::Cursor;
use crate::db::DbConn;
use crate::error::ApiError;

/// A page of entries, newest first: each as it stored itself, its id put
/// first (one written before entries were stored is rendered from its
/// columns, checked to be JSON).
pub fn page(c: &mut DbConn, filter: &AuditFilter, limit: i64) -> Result<DocPage, ApiError> {
    let rows = repo::list(c, filter, limit + 1)?;
    let (rows, next_cursor) = pagination::cut(rows, limit, |r| Cursor::encode(&[&r.id.to_string()]));
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        docs.push(match row.doc {
            Some(doc) => with_fields_first(format_args!("\"id\":{}", row.id), &doc)?,
            None => render_stored(c, row.id)?,
        });
    }
    Ok(DocPage { docs, next_cursor })
}

/// Entry `id` rendered from its columns (entries are never removed).
fn render_stored(c: &mut DbConn, id: i64) -> Result<String, ApiError> {
    let row = repo::find(c, id)?.ok_or_else(|| ApiError::internal("a listed audit entry is gone"))?;
    serde_json::to_string(&AuditEntry::try_from(&row)?).map_err(ApiError::internal)
}

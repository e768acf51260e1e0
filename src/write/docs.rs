//! The stored representations that lists copy.

use super::{load, render, Versioned};
use crate::common::pagination::{self, DocPage};
use crate::db::DbConn;
use crate::error::ApiError;

/// A listed item's stored representation; a row written before
/// representations were kept is rendered (and stored) now.
fn doc_or_render<R: Versioned>(c: &mut DbConn, id: &str, doc: Option<String>) -> Result<String, ApiError> {
    if let Some(doc) = doc {
        return Ok(doc);
    }
    let row = load::<R>(c, id)?;
    let (_, doc) = render(c, &row)?;
    R::store_doc(c, id, &doc)?;
    Ok(doc)
}

/// A page of stored representations from up to `limit + 1` listed rows, each
/// split into its id and stored representation (rendered now when missing).
pub fn page<R: Versioned, L>(
    c: &mut DbConn,
    rows: Vec<L>,
    limit: i64,
    key: impl Fn(&L) -> String,
    split: impl Fn(L) -> (String, Option<String>),
) -> Result<DocPage, ApiError> {
    let (rows, next_cursor) = pagination::cut(rows, limit, key);
    let docs = rows.into_iter().map(split).map(|(id, doc)| doc_or_render::<R>(c, &id, doc));
    Ok(DocPage { docs: docs.collect::<Result<_, _>>()?, next_cursor })
}

/// Renders and stores every missing representation of `R` (at start-up).
pub fn backfill<R: Versioned>(c: &mut DbConn) -> Result<usize, ApiError> {
    let rows = R::without_doc(c)?;
    for row in &rows {
        let (_, doc) = render(c, row)?;
        R::store_doc(c, row.id(), &doc)?;
    }
    Ok(rows.len())
}

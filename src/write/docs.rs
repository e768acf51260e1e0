//! The stored representations that lists copy.

use super::{load, render, Versioned};
use crate::db::DbConn;
use crate::error::ApiError;

/// A listed item's stored representation; a row written before
/// representations were kept is rendered (and stored) now.
pub fn doc_or_render<R: Versioned>(
    c: &mut DbConn,
    id: &str,
    doc: Option<String>,
) -> Result<String, ApiError> {
    if let Some(doc) = doc {
        return Ok(doc);
    }
    let row = load::<R>(c, id)?;
    let (_, doc) = render(c, &row)?;
    R::store_doc(c, id, &doc)?;
    Ok(doc)
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

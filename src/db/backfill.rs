//! Stored JSON for rows of the append-only tables (survey responses, feed and
//! audit entries) written before it was kept: rendered from their columns and
//! stored once, at start-up, so that their lists copy it like any other row's
//! instead of rendering the row on every read.

use diesel::QueryResult;

use super::conn::DbConn;
use super::tx::write_tx;
use crate::error::ApiError;

/// Rows stored a transaction.
const BATCH: i64 = 500;

/// A row of an append-only table whose stored JSON may be missing.
pub trait AppendOnly: Sized {
    const TABLE: &'static str;
    /// Up to `limit` rows without stored JSON whose key is above `after`, by key.
    fn without_doc(c: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<Self>>;
    fn key(&self) -> i64;
    /// The JSON the row would have stored when it was written.
    fn render(&self) -> Result<String, ApiError>;
    /// Stores it; how many rows took it.
    fn store_doc(c: &mut DbConn, key: i64, doc: &str) -> QueryResult<usize>;
}

/// Stores the JSON of every `E` that lacks it, [`BATCH`] rows a transaction.
/// A row whose columns do not render (corrupt) is logged and left as it is:
/// its list answers an opaque 500, as before, until it is mended. Returns how
/// many were stored.
pub fn store_missing<E: AppendOnly>(c: &mut DbConn) -> Result<usize, ApiError> {
    let (mut after, mut stored) = (i64::MIN, 0);
    loop {
        let (n, last) = write_tx(c, |c| {
            let rows = E::without_doc(c, after, BATCH)?;
            let mut n = 0;
            for row in &rows {
                match row.render() {
                    Ok(doc) => n += E::store_doc(c, row.key(), &doc)?,
                    Err(e) => log::warn!(
                        "{} {}: its columns do not render, left without JSON: {e}",
                        E::TABLE,
                        row.key()
                    ),
                }
            }
            Ok::<_, ApiError>((n, rows.last().map(E::key)))
        })?;
        if stored == 0 && n > 0 {
            log::info!("{}: storing the JSON of rows written before it was kept", E::TABLE);
        }
        stored += n;
        match last {
            Some(key) => after = key,
            None => return Ok(stored),
        }
    }
}

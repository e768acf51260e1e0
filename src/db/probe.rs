//! The write readiness makes while the database refuses writes.

use diesel::prelude::*;

use super::conn::{now, DbConn};
use super::errors::classify;
use super::schema::health_probe as hp;
use super::storage;
use super::tx::write_tx;

/// After a write failed for want of space or a read-only database, writes the
/// probe row in its own transaction: fails while the database still cannot
/// take writes, and clears the failure once it can. Otherwise does nothing
/// (a readiness check must not queue behind busy writers).
pub fn storage(c: &mut DbConn) -> QueryResult<()> {
    if !storage::failing() {
        return Ok(());
    }
    let written = write_tx(c, |c| diesel::update(hp::table.find(1)).set(hp::probed_at.eq(now())).execute(c));
    if let Err(diesel::result::Error::DatabaseError(_, info)) = &written {
        classify(info.message());
    }
    written.map(|_| ())
}

//! Whether the database accepted writes lately: a write that failed for want of
//! space or because the database is read-only makes readiness answer 503 until
//! a write succeeds again (readiness then probes with a write of its own).

use std::sync::atomic::{AtomicBool, Ordering};

static FAILING: AtomicBool = AtomicBool::new(false);

/// A write failed because the database cannot store anything now.
pub fn failed() {
    if !FAILING.swap(true, Ordering::Relaxed) {
        log::error!("the database refuses writes (full disk, read-only or shutting down); readiness is 503");
    }
}

/// A write transaction committed.
pub fn succeeded() {
    if FAILING.swap(false, Ordering::Relaxed) {
        log::info!("the database accepts writes again");
    }
}

/// Whether the last storage verdict was a failure.
pub fn failing() -> bool {
    FAILING.load(Ordering::Relaxed)
}

/// After a write failed for want of space or a read-only database, writes the
/// probe row in its own transaction: fails while the database still cannot
/// take writes, and clears the failure once it can. Otherwise does nothing
/// (a readiness check must not queue behind busy writers).
pub fn probe(c: &mut super::DbConn) -> diesel::QueryResult<()> {
    use diesel::prelude::*;

    if !failing() {
        return Ok(());
    }
    use super::schema::health_probe as hp;
    let written = super::write_tx(c, |c| {
        diesel::update(hp::table.find(1)).set(hp::probed_at.eq(super::now())).execute(c)
    });
    if let Err(diesel::result::Error::DatabaseError(_, info)) = &written {
        super::classify(info.message());
    }
    written.map(|_| ())
}

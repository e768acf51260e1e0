//! Whether the database accepted writes lately: a write that failed for want of
//! space or because the database is read-only makes readiness answer 503 until
//! a write succeeds again (readiness then probes with a write of its own, see
//! [`super::probe`]).

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

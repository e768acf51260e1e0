//! The database: one connection type over SQLite and PostgreSQL (`conn`), the
//! pool (`pool`), running work and write transactions (`tx`), what its
//! errors mean to a client (`errors`), and the start-up step that stores the
//! JSON of append-only rows written before it was kept (`backfill`).
//! Everything here depends on `crate::error`, never the other way.

pub mod backfill;
pub mod conn;
mod errors;
pub mod pool;
pub mod probe;
pub mod schema;
mod storage;
pub mod tx;

pub use conn::{migrate, migration_names, now, DbConn, MultiBackend};
pub use pool::{connect, DbPool, DbUrl};
pub use tx::{run, run_tx, run_within, write_tx, write_tx_retrying, TxError, REQUEST_DB_TIMEOUT};

/// Runs a query on the backend's own connection, for the few query forms the
/// `MultiConnection` enum cannot express (ON CONFLICT, multi-row VALUES).
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Pg($c) => $body,
            $crate::db::DbConn::Sqlite($c) => $body,
        }
    };
}

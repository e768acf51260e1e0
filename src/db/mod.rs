//! The database: one connection type over SQLite and PostgreSQL, the pool,
//! embedded migrations and the helpers every repo uses.

pub mod pool;
pub mod schema;
pub mod storage;

use std::time::Duration;

use actix_web::web;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::ApiError;
pub use pool::{connect, DbPool, DbUrl};

/// A connection to either backend, chosen by the `DATABASE_URL` scheme.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Runs every pending migration for the connection's backend.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<()> {
    let result = match conn {
        DbConn::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    let applied = result.map_err(|e| anyhow::anyhow!("running migrations failed: {e}"))?;
    if applied > 0 {
        log::info!("applied {applied} database migration(s)");
    }
    Ok(())
}

/// Names of the embedded migrations per backend, for the mirror test.
pub fn migration_names() -> (Vec<String>, Vec<String>) {
    fn names(m: &EmbeddedMigrations) -> Vec<String> {
        let mut v: Vec<String> = MigrationSource::<diesel::pg::Pg>::migrations(m)
            .map(|ms| ms.iter().map(|m| m.name().to_string()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }
    (names(&PG_MIGRATIONS), names(&SQLITE_MIGRATIONS))
}

/// How long a request waits for its database work before answering 503: a
/// little longer than PostgreSQL's own statement timeout, so that a database
/// that stopped answering at all (frozen, cut off) cannot hang requests.
pub const REQUEST_DB_TIMEOUT: Duration = Duration::from_secs(12);

/// Runs `f` with a pooled connection on actix's blocking pool, off the async
/// workers; 503 when it takes longer than [`REQUEST_DB_TIMEOUT`].
pub async fn run<F, T>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    run_within(REQUEST_DB_TIMEOUT, pool, f).await
}

/// [`run`] with another time limit.
pub async fn run_within<F, T>(limit: Duration, pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    let work = web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    });
    match actix_web::rt::time::timeout(limit, work).await {
        Ok(done) => done.map_err(ApiError::internal)?,
        Err(_) => Err(ApiError::unavailable(format!("the database did not answer within {limit:?}"))),
    }
}

/// What a database error message says about retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transient {
    /// Another transaction won a lock race: running the transaction again may succeed.
    Retry,
    /// The database cannot serve now (full disk, read-only, timed out, shutting down): 503.
    Unavailable,
    /// A real error.
    No,
}

/// Classifies backend error messages that diesel reports only as `Unknown`
/// (PostgreSQL's deadlock and disk-full SQLSTATEs, SQLite's result codes).
pub fn classify(message: &str) -> Transient {
    const RETRY: [&str; 3] = ["deadlock detected", "could not serialize access", "database is locked"];
    const UNAVAILABLE: [&str; 9] = [
        "database or disk is full",
        "No space left on device",
        "could not extend file",
        "readonly database",
        "read-only transaction",
        "disk I/O error",
        "canceling statement due to",
        "terminating connection",
        "the database system is",
    ];
    if RETRY.iter().any(|m| message.contains(m)) {
        Transient::Retry
    } else if UNAVAILABLE.iter().any(|m| message.contains(m)) {
        storage::failed();
        Transient::Unavailable
    } else {
        Transient::No
    }
}

/// An error a write transaction may be retried on.
pub trait TxError: From<diesel::result::Error> {
    fn is_retryable(&self) -> bool;
}

impl TxError for ApiError {
    fn is_retryable(&self) -> bool {
        ApiError::is_retryable(self)
    }
}

/// How often a write transaction is tried when it loses a lock race.
const TX_ATTEMPTS: u32 = 4;

/// Like [`write_tx`], but runs `f` again (up to 4 times, after a short random
/// pause) when the database reports a deadlock or serialization failure, so
/// that racing writers are served instead of answered 503. Every creating
/// request goes through it (see `common::idempotency::create`).
pub fn write_tx_retrying<T, E: TxError>(
    conn: &mut DbConn,
    mut f: impl FnMut(&mut DbConn) -> Result<T, E>,
) -> Result<T, E> {
    let mut attempt = 1;
    loop {
        match write_tx(conn, &mut f) {
            Err(e) if e.is_retryable() && attempt < TX_ATTEMPTS => {
                let pause = rand::random::<u64>() % (5u64 << (2 * attempt));
                log::warn!(
                    "a write transaction lost a lock race (attempt {attempt}); retrying in {pause} ms"
                );
                std::thread::sleep(std::time::Duration::from_millis(pause));
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Runs `f` in a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so that
/// concurrent writers queue on the busy timeout instead of failing half-way.
pub fn write_tx<T, E>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => match DbConn::commit_transaction(conn) {
            Ok(()) => {
                storage::succeeded();
                Ok(value)
            }
            Err(e) => {
                let _ = DbConn::rollback_transaction(conn);
                Err(e.into())
            }
        },
        Err(e) => {
            if let Err(rollback) = DbConn::rollback_transaction(conn) {
                log::error!("rollback failed: {rollback}");
            }
            Err(e)
        }
    }
}

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

/// The current time in UTC, truncated to microseconds (what both backends store).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now - chrono::Duration::nanoseconds(i64::from(now.and_utc().timestamp_subsec_nanos() % 1000))
}

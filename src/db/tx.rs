//! Running database work: off the async workers with a time limit, and write
//! transactions (retried when they lose a lock race).

use std::time::Duration;

use actix_web::web;
use diesel::connection::{AnsiTransactionManager, TransactionManager};

use super::conn::DbConn;
use super::pool::DbPool;
use super::storage;
use crate::error::ApiError;

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

/// [`run`] with `f` in one write transaction ([`write_tx`]): how a handler
/// runs an update or delete.
pub async fn run_tx<F, T>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    run(pool, move |c| write_tx(c, f)).await
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

//! The database: one connection type over SQLite and PostgreSQL, the pool,
//! embedded migrations and the helpers every repo uses.

pub mod pool;
pub mod schema;

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

/// Runs `f` with a pooled connection on actix's blocking pool, off the async workers.
pub async fn run<F, T>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await
    .map_err(ApiError::internal)?
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
            Ok(()) => Ok(value),
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

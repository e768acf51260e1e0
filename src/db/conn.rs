//! The connection type over both backends, their embedded migrations and the
//! clock every stored timestamp reads.

use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

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

/// The current time in UTC, truncated to microseconds (what both backends store).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now - chrono::Duration::nanoseconds(i64::from(now.and_utc().timestamp_subsec_nanos() % 1000))
}

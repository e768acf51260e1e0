//! The r2d2 pool: picks the backend by URL scheme (keeping the real connection
//! error) and sets SQLite's per-connection pragmas.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool};

use super::DbConn;

pub type DbPool = Pool<Manager>;

/// A parsed `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DbUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

impl DbUrl {
    /// `postgres://` / `postgresql://` URLs are PostgreSQL; anything else is a
    /// SQLite path, optionally `sqlite://`-prefixed.
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        let raw = raw.trim();
        if raw.is_empty() {
            anyhow::bail!("DATABASE_URL is empty");
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(with_connect_timeout(raw)));
        }
        if let Some((scheme, _)) = raw.split_once("://") {
            if scheme != "sqlite" {
                anyhow::bail!(
                    "DATABASE_URL has unsupported scheme `{scheme}` (use postgres:// or a SQLite path)"
                );
            }
        }
        let path = raw.strip_prefix("sqlite://").unwrap_or(raw);
        if path == ":memory:" {
            anyhow::bail!("an in-memory SQLite database cannot be shared by a pool; use a file path");
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, Self::Sqlite(_))
    }

    /// The SQLite file, if this is SQLite.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(p) => Some(p),
            Self::Postgres(_) => None,
        }
    }
}

/// Never shows the password of a PostgreSQL URL.
impl std::fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Postgres(url) => write!(f, "postgres({})", redact_url(url)),
            Self::Sqlite(p) => write!(f, "sqlite({})", p.display()),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

/// libpq waits ~2 minutes on an unreachable host by default; start-up must fail faster.
fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}connect_timeout=5")
}

/// Opens connections of the backend the URL names.
#[derive(Debug)]
pub struct Manager {
    url: DbUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        let conn = match &self.url {
            DbUrl::Postgres(url) => PgConnection::establish(url).map(DbConn::Pg),
            DbUrl::Sqlite(path) => {
                SqliteConnection::establish(&path.to_string_lossy()).map(DbConn::Sqlite).and_then(|mut c| {
                    c.batch_execute(SQLITE_PRAGMAS)
                        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                    Ok(c)
                })
            }
        };
        conn.map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Per-connection settings; `busy_timeout` first so the others wait for locks too.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
     PRAGMA synchronous = NORMAL; PRAGMA cache_size = -4000; PRAGMA temp_store = MEMORY;";

/// Opens the pool, failing within seconds with the real cause when the database
/// cannot be reached. SQLite files (and their folder) are created, in WAL mode.
pub fn connect(url: &DbUrl, max_size: u32) -> anyhow::Result<DbPool> {
    if let DbUrl::Sqlite(path) = url {
        prepare_sqlite_file(path)?;
    }
    let manager = Manager { url: url.clone() };
    // One direct connection first: r2d2 itself would only say "timed out".
    manager.connect().with_context(|| format!("cannot connect to the database {url:?}"))?;
    Pool::builder()
        .max_size(max_size)
        // Connections are opened on demand: no background reconnecting to a database that is gone.
        .min_idle(Some(0))
        .connection_timeout(Duration::from_secs(5))
        // A connection that died with the database is replaced, not handed out again.
        .test_on_check_out(true)
        .build(manager)
        .with_context(|| format!("cannot open a connection pool to {url:?}"))
}

/// Creates the folder and switches the file to WAL once, on a single connection.
fn prepare_sqlite_file(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .with_context(|| format!("cannot open the SQLite file {}", path.display()))?;
    conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")
        .with_context(|| format!("cannot switch {} to WAL mode", path.display()))?;
    Ok(())
}

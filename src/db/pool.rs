//! The r2d2 pool: picks the backend by URL scheme (keeping the real connection
//! error) and sets SQLite's per-connection pragmas.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool};

use super::conn::DbConn;

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

/// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`.
/// The user info ends at the last `@` (an unencoded `@` in a password must not
/// leak its tail), and every `password` parameter is masked.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (authority, query) = match rest.rfind('@') {
        Some(at) => match rest[at..].find('?') {
            Some(q) => (&rest[..at + q], Some(&rest[at + q + 1..])),
            None => (rest, None),
        },
        None => match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        },
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{user}:***@{host}")
        }
        None => authority.to_owned(),
    };
    let Some(query) = query else { return format!("{scheme}://{authority}") };
    let params: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => p.to_owned(),
        })
        .collect();
    format!("{scheme}://{authority}?{}", params.join("&"))
}

/// The password of a PostgreSQL URL, and the parts of it a driver could echo
/// when it misreads an unencoded `@`, `/` or `:` in it.
fn password_parts(url: &str) -> Vec<String> {
    let Some((_, rest)) = url.split_once("://") else { return Vec::new() };
    let mut secrets = Vec::new();
    if let Some((userinfo, _)) = rest.rsplit_once('@') {
        if let Some((_, password)) = userinfo.split_once(':') {
            secrets.push(password.to_owned());
        }
    }
    for param in rest.split(['?', '&']) {
        if let Some((_, v)) = param.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case("password")) {
            secrets.push(v.to_owned());
        }
    }
    let mut parts: Vec<String> = secrets
        .iter()
        .flat_map(|s| s.split(['@', '/', ':', '?', '#']).map(str::to_owned).collect::<Vec<_>>())
        .chain(secrets.iter().cloned())
        .filter(|p| p.len() >= 3)
        .collect();
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    parts
}

/// `message` with every part of the URL's password masked: drivers' error
/// messages may quote what they took for a host or a port.
fn scrub(message: &str, url: &DbUrl) -> String {
    let DbUrl::Postgres(url) = url else { return message.to_owned() };
    password_parts(url).iter().fold(message.to_owned(), |m, p| m.replace(p.as_str(), "***"))
}

/// Logs connection errors of the pool with passwords masked.
#[derive(Debug)]
struct ScrubbingErrorHandler(DbUrl);

impl r2d2::HandleError<r2d2::Error> for ScrubbingErrorHandler {
    fn handle_error(&self, error: r2d2::Error) {
        log::error!("database connection failed: {}", scrub(&error.to_string(), &self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::{redact_url, scrub, DbUrl};

    #[test]
    fn driver_messages_lose_every_part_of_the_password() {
        let url = DbUrl::parse("postgres://u:Sup@3rSecret@h/db").unwrap_or(DbUrl::Sqlite("x".into()));
        let m = scrub("could not translate host name \"3rSecret@h\" to address", &url);
        assert!(!m.contains("3rSecret"), "{m}");
    }

    #[test]
    fn no_form_of_password_survives_redaction() {
        let cases = [
            ("postgres://u:s3cret@h/db", "postgres://u:***@h/db"),
            ("postgres://u:p@ss@w0rd@h:5432/db", "postgres://u:***@h:5432/db"),
            (
                "postgres://u@h/db?password=s3cret&sslmode=disable",
                "postgres://u:***@h/db?password=***&sslmode=disable",
            ),
            (
                "postgresql://h/db?sslmode=disable&PASSWORD=s3cret",
                "postgresql://h/db?sslmode=disable&PASSWORD=***",
            ),
            ("postgres://u:a/b?c@h/db?connect_timeout=5", "postgres://u:***@h/db?connect_timeout=5"),
        ];
        for (url, redacted) in cases {
            assert_eq!(redact_url(url), redacted);
            for secret in ["s3cret", "ss@w0rd", "w0rd", "a/b?c"] {
                assert!(!redact_url(url).contains(secret), "{url}");
            }
        }
    }

    /// `.cargo/config.toml` builds SQLite for pooled use; a build made
    /// without it (another folder, another config) would be slower, or unsafe
    /// if it were single-threaded.
    #[test]
    fn sqlite_is_built_as_the_cargo_config_says() {
        use diesel::{sql_query, Connection, QueryableByName, RunQueryDsl, SqliteConnection};
        #[derive(QueryableByName)]
        struct Option_ {
            #[diesel(sql_type = diesel::sql_types::Text)]
            compile_options: String,
        }
        let mut c = SqliteConnection::establish(":memory:").unwrap();
        let options: Vec<String> = sql_query("PRAGMA compile_options")
            .load::<Option_>(&mut c)
            .unwrap()
            .into_iter()
            .map(|o| o.compile_options)
            .collect();
        for wanted in ["ENABLE_QPSG", "THREADSAFE=2", "DEFAULT_MEMSTATUS=0"] {
            assert!(options.iter().any(|o| o == wanted), "{wanted} not in {options:?}");
        }
        assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "{options:?}");
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
            DbUrl::Postgres(url) => PgConnection::establish(url).and_then(|mut c| {
                c.batch_execute(PG_SETTINGS).map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Pg(c))
            }),
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

    /// A PostgreSQL connection may have died with its server; an SQLite file
    /// opened in-process cannot, so it is not asked on every check-out.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        match conn {
            DbConn::Pg(c) => c.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError),
            DbConn::Sqlite(_) => Ok(()),
        }
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Per-connection limits: no statement runs, and no lock is waited for, without
/// end; a transaction left idle is ended by the server.
const PG_SETTINGS: &str = "SET statement_timeout = '10s'; SET lock_timeout = '5s'; \
     SET idle_in_transaction_session_timeout = '60s';";

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
    if let Err(e) = manager.connect() {
        anyhow::bail!("cannot connect to the database {url:?}: {}", scrub(&e.to_string(), url));
    }
    Pool::builder()
        .max_size(max_size)
        // Connections are opened on demand: no background reconnecting to a database that is gone.
        .min_idle(Some(0))
        // Waiting for a free connection is bounded too (503 after it).
        .connection_timeout(Duration::from_secs(3))
        // A connection that died with the database is replaced, not handed out again.
        .test_on_check_out(true)
        .error_handler(Box::new(ScrubbingErrorHandler(url.clone())))
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

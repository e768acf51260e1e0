//! Settings from the environment or the matching flags, validated at start-up.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;

use crate::db::DbUrl;

pub mod keyfile;
pub mod server;
pub mod webhooks;

/// The default SQLite file when `DATABASE_URL` is unset.
pub const DEFAULT_DATABASE: &str = "data/client-safety.db";

/// How long a client's active flag may be served from memory: a deactivated
/// client is locked out within this on every instance sharing the database.
pub const CLIENT_STATUS_TTL: std::time::Duration = std::time::Duration::from_secs(20);

/// Database settings, shared by every command.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// `postgres://...` or a SQLite path (optionally `sqlite://`-prefixed).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE, global = true, hide_env_values = true)]
    pub database_url: String,
}

/// Settings of the HTTP service.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind_addr: String,
    /// HS256 signing key (at least 32 bytes). Generated and kept beside the SQLite file when unset.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// `iss` of issued tokens, and the only issuer accepted.
    #[arg(long, env = "JWT_ISSUER", default_value = "client-safety")]
    pub jwt_issuer: String,
    /// `aud` of issued tokens, and the only audience accepted.
    #[arg(long, env = "JWT_AUDIENCE", default_value = "client-safety-api")]
    pub jwt_audience: String,
    /// Lifetime of access tokens in seconds (60..=86400).
    #[arg(long, env = "TOKEN_TTL_SECONDS", default_value_t = 900)]
    pub token_ttl_seconds: i64,
    /// Groups with fewer respondents than this are suppressed in results (2..=1000).
    #[arg(long, env = "MIN_GROUP_SIZE", default_value_t = 5)]
    pub min_group_size: i64,
    /// Days the change feed keeps its entries (tombstones included), 1..=3650.
    #[arg(long, env = "CHANGES_RETENTION_DAYS", default_value_t = 90)]
    pub changes_retention_days: u32,
    /// Load the 2023 workshop data set into an empty database.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub server: server::ServerArgs,
    #[command(flatten)]
    pub webhooks: webhooks::WebhookArgs,
}

/// Validated settings the application is built from.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database: DbUrl,
    pub bind_addr: SocketAddr,
    pub jwt: JwtSettings,
    pub min_group_size: i64,
    /// Days the change feed keeps its entries.
    pub changes_retention_days: u32,
    pub demo: bool,
    /// Where the generated admin credentials and JWT key go.
    pub data_dir: PathBuf,
    /// Connections in the pool.
    pub pool_size: u32,
    /// How long a client's active flag is cached (a deactivated client is locked out within this).
    pub client_status_ttl: std::time::Duration,
    /// Timeouts, connection caps, CORS and metrics.
    pub server: server::ServerSettings,
    /// Webhook delivery.
    pub webhooks: webhooks::WebhookSettings,
}

#[derive(Clone)]
pub struct JwtSettings {
    pub secret: Vec<u8>,
    pub issuer: String,
    pub audience: String,
    pub ttl_seconds: i64,
}

/// Never prints the key.
impl std::fmt::Debug for JwtSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtSettings")
            .field("secret", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("ttl_seconds", &self.ttl_seconds)
            .finish()
    }
}

/// The folder for files the service keeps beside its database.
pub fn data_dir(db: &DbUrl) -> PathBuf {
    match db.sqlite_path().and_then(|p| p.parent()) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        Some(_) => PathBuf::from("."),
        None => PathBuf::from("data"),
    }
}

impl Settings {
    pub fn from_args(db: &DbArgs, serve: &ServeArgs) -> anyhow::Result<Self> {
        let database = DbUrl::parse(&db.database_url)?;
        let bind_addr = serve
            .bind_addr
            .parse()
            .with_context(|| format!("BIND_ADDR `{}` is not a host:port address", serve.bind_addr))?;
        serve.check_bounds()?;
        let data_dir = data_dir(&database);
        let secret = serve.jwt_key(&database, &data_dir)?;
        Ok(Self {
            pool_size: pool_size(&database),
            database,
            bind_addr,
            jwt: JwtSettings {
                secret,
                issuer: serve.jwt_issuer.clone(),
                audience: serve.jwt_audience.clone(),
                ttl_seconds: serve.token_ttl_seconds,
            },
            min_group_size: serve.min_group_size,
            changes_retention_days: serve.changes_retention_days,
            demo: serve.demo,
            data_dir,
            client_status_ttl: CLIENT_STATUS_TTL,
            server: server::ServerSettings::from_args(&serve.server)?,
            webhooks: webhooks::WebhookSettings::from_args(&serve.webhooks)?,
        })
    }
}

/// SQLite has one writer and readers bound by the cores: two connections per core
/// serve it, and each connection's page cache is memory.
fn pool_size(database: &DbUrl) -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
    if database.is_sqlite() {
        (2 * cores).clamp(4, 16)
    } else {
        16
    }
}

impl ServeArgs {
    /// Token lifetime, group size and the JWT names within their bounds.
    fn check_bounds(&self) -> anyhow::Result<()> {
        if !(60..=86_400).contains(&self.token_ttl_seconds) {
            bail!("TOKEN_TTL_SECONDS must be between 60 and 86400, not {}", self.token_ttl_seconds);
        }
        if !(2..=1000).contains(&self.min_group_size) {
            bail!("MIN_GROUP_SIZE must be between 2 and 1000, not {}", self.min_group_size);
        }
        if !(1..=3650).contains(&self.changes_retention_days) {
            bail!("CHANGES_RETENTION_DAYS must be between 1 and 3650, not {}", self.changes_retention_days);
        }
        for (name, value) in [("JWT_ISSUER", &self.jwt_issuer), ("JWT_AUDIENCE", &self.jwt_audience)] {
            if value.trim().is_empty() {
                bail!("{name} must not be empty");
            }
        }
        Ok(())
    }

    /// `JWT_SECRET`; with SQLite and no secret set, the key kept beside the database.
    fn jwt_key(&self, database: &DbUrl, data_dir: &std::path::Path) -> anyhow::Result<Vec<u8>> {
        match &self.jwt_secret {
            Some(s) if s.len() < 32 => bail!("JWT_SECRET must be at least 32 bytes long"),
            Some(s) => Ok(s.as_bytes().to_vec()),
            None if database.is_sqlite() => keyfile::load_or_create(data_dir),
            None => bail!("JWT_SECRET is required with PostgreSQL, so that every instance signs alike"),
        }
    }

    /// The serve settings from the environment alone (for `client-safety` with no subcommand).
    pub fn parse_defaults() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        <Only as clap::Parser>::parse_from(["client-safety"]).serve
    }
}

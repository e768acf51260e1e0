//! Settings of the HTTP layer: slow-client timeouts, connection caps, CORS and
//! the `/metrics` endpoint. Parsed with the other serve settings, validated here.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;

/// File descriptors kept back from `MAX_CONNECTIONS`' default for the pool, logs and listeners.
const FD_RESERVE: u64 = 128;
/// The largest default connection cap, however many descriptors the process may open.
const DEFAULT_MAX_CONNECTIONS: u64 = 4096;

/// Flags and variables of the HTTP layer (flattened into `serve`).
#[derive(Args, Debug, Clone)]
pub struct ServerArgs {
    /// Seconds a client has to send a whole request body before it gets 408 (1..=3600).
    #[arg(long, env = "BODY_TIMEOUT_SECONDS", default_value_t = 30)]
    pub body_timeout_seconds: u64,
    /// Open connections at most, over all workers. Default: what the open-file limit allows, at most 4096.
    #[arg(long, env = "MAX_CONNECTIONS")]
    pub max_connections: Option<u64>,
    /// Requests in flight at once from one client address (0: no cap); more get 429.
    #[arg(long, env = "MAX_REQUESTS_PER_ADDRESS", default_value_t = 64)]
    pub max_requests_per_address: u32,
    /// Bearer token that `/metrics` requires (at least 16 bytes). Unset with no
    /// `METRICS_BIND_ADDR`: no `/metrics` at all.
    #[arg(long, env = "METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Serve `/metrics` on this separate address (and not on `BIND_ADDR`).
    #[arg(long, env = "METRICS_BIND_ADDR")]
    pub metrics_bind_addr: Option<String>,
    /// Comma-separated origins (`https://app.example.fi`) allowed by CORS, or `*`. Unset: no CORS.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS")]
    pub cors_allowed_origins: Option<String>,
}

/// Which browser origins may call the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Cors {
    /// No CORS headers at all (the default).
    #[default]
    Off,
    Any,
    Origins(Vec<String>),
}

/// The validated HTTP-layer settings.
#[derive(Clone)]
pub struct ServerSettings {
    pub body_timeout: Duration,
    pub max_connections: usize,
    /// 0: no cap.
    pub max_requests_per_address: u32,
    pub metrics_token: Option<String>,
    pub metrics_bind_addr: Option<SocketAddr>,
    pub cors: Cors,
}

/// Never prints the metrics token.
impl std::fmt::Debug for ServerSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerSettings")
            .field("body_timeout", &self.body_timeout)
            .field("max_connections", &self.max_connections)
            .field("max_requests_per_address", &self.max_requests_per_address)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "<redacted>"))
            .field("metrics_bind_addr", &self.metrics_bind_addr)
            .field("cors", &self.cors)
            .finish()
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            body_timeout: Duration::from_secs(30),
            max_connections: default_max_connections(),
            max_requests_per_address: 64,
            metrics_token: None,
            metrics_bind_addr: None,
            cors: Cors::Off,
        }
    }
}

impl ServerSettings {
    pub fn from_args(args: &ServerArgs) -> anyhow::Result<Self> {
        if !(1..=3600).contains(&args.body_timeout_seconds) {
            bail!("BODY_TIMEOUT_SECONDS must be between 1 and 3600, not {}", args.body_timeout_seconds);
        }
        let allowed = fd_allowance();
        let max_connections = match args.max_connections {
            None => default_max_connections(),
            Some(0) => bail!("MAX_CONNECTIONS must be at least 1"),
            Some(n) if n > allowed => bail!(
                "MAX_CONNECTIONS {n} is more than the open-file limit allows ({allowed}); raise `ulimit -n` or lower it"
            ),
            Some(n) => usize::try_from(n).context("MAX_CONNECTIONS is too large")?,
        };
        if args.metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            bail!("METRICS_TOKEN must be at least 16 bytes long");
        }
        let metrics_bind_addr = match &args.metrics_bind_addr {
            Some(a) => Some(
                a.parse().with_context(|| format!("METRICS_BIND_ADDR `{a}` is not a host:port address"))?,
            ),
            None => None,
        };
        Ok(Self {
            body_timeout: Duration::from_secs(args.body_timeout_seconds),
            max_connections,
            max_requests_per_address: args.max_requests_per_address,
            metrics_token: args.metrics_token.clone(),
            metrics_bind_addr,
            cors: parse_cors(args.cors_allowed_origins.as_deref())?,
        })
    }

    /// Whether `/metrics` is served anywhere.
    pub fn metrics_enabled(&self) -> bool {
        self.metrics_token.is_some() || self.metrics_bind_addr.is_some()
    }
}

/// `*`, or a list of `scheme://host[:port]` origins.
fn parse_cors(value: Option<&str>) -> anyhow::Result<Cors> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(Cors::Off) };
    if value == "*" {
        return Ok(Cors::Any);
    }
    let mut origins = Vec::new();
    for origin in value.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let (scheme, host) = origin.split_once("://").unwrap_or(("", ""));
        let valid = matches!(scheme, "http" | "https")
            && !host.is_empty()
            && !host.contains('/')
            && host.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
        if !valid {
            bail!("CORS_ALLOWED_ORIGINS: `{origin}` is not an origin like https://app.example.fi (no path, no trailing slash)");
        }
        origins.push(origin.to_ascii_lowercase());
    }
    Ok(Cors::Origins(origins))
}

/// Raises the soft open-file limit to the hard one, so that connections do not
/// run out of descriptors first (call before settings are read: the default cap follows it).
pub fn raise_fd_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => log::info!("open-file limit {n}"),
        Err(e) => log::warn!("could not raise the open-file limit: {e}"),
    }
}

/// Descriptors this process may open, less a reserve for everything but connections.
fn fd_allowance() -> u64 {
    let (soft, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap_or((1024, 1024));
    soft.saturating_sub(FD_RESERVE).max(1)
}

fn default_max_connections() -> usize {
    usize::try_from(fd_allowance().min(DEFAULT_MAX_CONNECTIONS)).unwrap_or(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cors_origins_must_be_bare_origins() {
        assert_eq!(parse_cors(None).unwrap(), Cors::Off);
        assert_eq!(parse_cors(Some(" ")).unwrap(), Cors::Off);
        assert_eq!(parse_cors(Some("*")).unwrap(), Cors::Any);
        assert_eq!(
            parse_cors(Some("https://a.example.fi, http://localhost:3000")).unwrap(),
            Cors::Origins(vec!["https://a.example.fi".into(), "http://localhost:3000".into()])
        );
        for bad in ["a.example.fi", "https://a.example.fi/", "ftp://x", "https://a b"] {
            assert!(parse_cors(Some(bad)).is_err(), "{bad}");
        }
    }
}

//! The server under test: a child process of the release binary on a fresh
//! database (a temp SQLite file, or a new PostgreSQL database dropped afterwards).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use diesel::prelude::*;

pub const JWT_SECRET: &str = "bench-secret-that-is-long-enough-for-hs256-0123456789";

/// A fresh database for one run.
pub enum BenchDb {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String, url: String },
}

impl BenchDb {
    pub fn create(postgres_url: Option<&str>) -> anyhow::Result<Self> {
        let Some(admin_url) = postgres_url else { return Ok(Self::Sqlite(tempfile::tempdir()?)) };
        let name = format!("cs_bench_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(admin_url).context("PostgreSQL is unreachable")?;
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn)?;
        let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
        Ok(Self::Postgres { admin_url: admin_url.to_owned(), url: format!("{base}/{name}"), name })
    }

    pub fn url(&self) -> String {
        match self {
            Self::Sqlite(dir) => dir.path().join("bench.db").to_string_lossy().into_owned(),
            Self::Postgres { url, .. } => url.clone(),
        }
    }

    /// The database's size on disk in MB (SQLite: the file with its WAL).
    pub fn size_mb(&self) -> anyhow::Result<f64> {
        let bytes = match self {
            Self::Sqlite(dir) => {
                let files = std::fs::read_dir(dir.path())?.collect::<Result<Vec<_>, _>>()?;
                files.iter().map(|f| f.metadata().map(|m| m.len())).sum::<Result<u64, _>>()?
            }
            Self::Postgres { url, .. } => {
                #[derive(QueryableByName)]
                struct Size {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    bytes: i64,
                }
                let mut conn = PgConnection::establish(url)?;
                let size: Size = diesel::sql_query("SELECT pg_database_size(current_database()) AS bytes")
                    .get_result(&mut conn)?;
                u64::try_from(size.bytes)?
            }
        };
        Ok(bytes as f64 / 1e6)
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "SQLite",
            Self::Postgres { .. } => "PostgreSQL",
        }
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name, .. } = self {
            if let Ok(mut conn) = PgConnection::establish(admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        }
    }
}

/// The running server; killed on drop.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn command(binary: &PathBuf, db: &BenchDb) -> Command {
    let mut cmd = Command::new(binary);
    cmd.env("DATABASE_URL", db.url()).env("JWT_SECRET", JWT_SECRET).env("RUST_LOG", "warn");
    cmd
}

/// Creates an admin client with the command line; returns (id, secret).
fn create_admin(binary: &PathBuf, db: &BenchDb) -> anyhow::Result<(String, String)> {
    let out =
        command(binary, db).args(["clients", "create", "--name", "bench", "--role", "admin"]).output()?;
    if !out.status.success() {
        bail!("clients create failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let field = |k: &str| v[k].as_str().map(str::to_owned).context("no credentials printed");
    Ok((field("client_id")?, field("client_secret")?))
}

/// What every benchmark starts from: a fresh database, an admin's credentials
/// and the server on it. The server is dropped (stopped) before the database.
pub struct Launched {
    pub srv: Server,
    pub db: BenchDb,
    pub id: String,
    pub secret: String,
}

/// Creates the database (PostgreSQL beside `postgres`, else SQLite), the
/// admin, and starts the server.
pub async fn launch(
    binary: &PathBuf,
    postgres: Option<&str>,
    insecure_webhooks: bool,
) -> anyhow::Result<Launched> {
    let db = BenchDb::create(postgres)?;
    let (id, secret) = create_admin(binary, &db)?;
    let srv = start(binary, &db, insecure_webhooks).await?;
    Ok(Launched { srv, db, id, secret })
}

/// Starts `serve` on a free port and waits until it is live.
/// `insecure_webhooks`: deliveries may go to a local receiver.
async fn start(binary: &PathBuf, db: &BenchDb, insecure_webhooks: bool) -> anyhow::Result<Server> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let child = command(binary, db)
        .arg("serve")
        .env("WEBHOOK_ALLOW_INSECURE", insecure_webhooks.to_string())
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| {
            format!("cannot start {} (build it with `cargo build --release`)", binary.display())
        })?;
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    let http = reqwest::Client::new();
    while started.elapsed() < Duration::from_secs(60) {
        if http
            .get(format!("{}/health/live", server.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(server);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the server did not become live within 60 s")
}

/// VmRSS and VmHWM of a process, in MB.
pub fn memory_mb(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |key: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line.split_whitespace().nth(1)?.parse::<f64>().ok()
    };
    Some((kb("VmRSS:")? / 1024.0, kb("VmHWM:")? / 1024.0))
}

/// User plus system CPU time a process has used, in seconds.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at `) `.
    let rest = stat.rsplit_once(") ")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

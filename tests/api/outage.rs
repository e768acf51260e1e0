//! Readiness through a database outage: a TCP proxy in front of PostgreSQL is
//! cut (or frozen: connections open, nothing answered) and restored;
//! `/health/ready` must say 503 quickly, then recover by itself.
//! (SQLite is embedded: it has no outage to simulate, so this runs on PostgreSQL.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::net::{TcpListener, TcpStream};

use crate::helpers::*;

/// Forwards connections to PostgreSQL while `up`; when cut, drops them all and refuses new ones.
/// It runs on a thread of its own: the server's start-up blocks the test's thread.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    /// While set, bytes are held (connections stay open): a database that stopped answering.
    frozen: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Proxy {
    fn start(upstream: String) -> Proxy {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let port = std_listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let frozen = Arc::new(AtomicBool::new(false));
        let links: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
        let (up2, links2, frozen2) = (up.clone(), links.clone(), frozen.clone());
        std::thread::spawn(move || {
            let rt =
                tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).unwrap();
                while let Ok((inbound, _)) = listener.accept().await {
                    if !up2.load(Ordering::SeqCst) {
                        continue; // dropped: the connection is refused
                    }
                    let upstream = upstream.clone();
                    let frozen = frozen2.clone();
                    links2.lock().unwrap().push(tokio::spawn(async move {
                        if let Ok(outbound) = TcpStream::connect(upstream).await {
                            let (ri, wi) = inbound.into_split();
                            let (ro, wo) = outbound.into_split();
                            tokio::join!(pump(ri, wo, frozen.clone()), pump(ro, wi, frozen));
                        }
                    }));
                }
            });
        });
        Proxy { port, up, frozen, links }
    }

    fn freeze(&self) {
        self.frozen.store(true, Ordering::SeqCst);
    }

    fn thaw(&self) {
        self.frozen.store(false, Ordering::SeqCst);
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// Copies bytes one way, holding them while `frozen`.
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    frozen: Arc<AtomicBool>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0u8; 16 * 1024];
    while let Ok(n) = from.read(&mut buf).await {
        while frozen.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if n == 0 || to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
}

async fn ready_status(app: &TestApp) -> u16 {
    app.http.get(app.url("/health/ready")).send().await.map(|r| r.status().as_u16()).unwrap_or(0)
}

async fn wait_for(app: &TestApp, status: u16, within: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if ready_status(app).await == status {
            return true;
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

/// A server on a fresh PostgreSQL database reached through a [`Proxy`]; `None`
/// (the test is skipped, with a line saying so) on SQLite, which has no network to cut.
async fn behind_proxy(test: &str) -> Option<(TestApp, Proxy)> {
    let db = TestDb::create();
    if !db.is_postgres() {
        eprintln!("{test} test: PostgreSQL only (set TEST_DATABASE_URL); SQLite is embedded");
        return None;
    }
    let url = db.url();
    let (prefix, rest) = url.split_once("@").unwrap();
    let (hostport, dbname) = rest.split_once('/').unwrap();
    let proxy = Proxy::start(hostport.to_owned());
    let proxied = format!("{prefix}@127.0.0.1:{}/{dbname}", proxy.port);
    let app = spawn_with(db, |s| s.database = client_safety::db::DbUrl::parse(&proxied).unwrap()).await;
    Some((app, proxy))
}

#[actix_web::test]
async fn readiness_reports_a_database_outage_and_recovers_by_itself() {
    let Some((app, proxy)) = behind_proxy("readiness outage").await else { return };
    assert_eq!(ready_status(&app).await, 200);

    proxy.cut();
    assert!(wait_for(&app, 503, Duration::from_secs(10)).await, "503 while the database is unreachable");
    let res = app.http.get(app.url("/health/ready")).send().await.unwrap();
    assert_problem(res, 503).await;
    assert_eq!(ready_status(&app).await, 503);
    let live = app.http.get(app.url("/health/live")).send().await.unwrap();
    assert_eq!(live.status(), 200, "the process itself is still alive");

    proxy.restore();
    assert!(wait_for(&app, 200, Duration::from_secs(15)).await, "ready again once the database is back");
}

#[actix_web::test]
async fn a_frozen_database_gives_503_within_seconds_and_readiness_within_two() {
    let Some((app, proxy)) = behind_proxy("frozen database").await else { return };
    let token = app.token_for(client_safety::auth::Role::Viewer).await;
    assert_eq!(app.get("/api/v1/events", &token).await.status(), 200);

    proxy.freeze();
    for _ in 0..3 {
        let start = Instant::now();
        assert_eq!(ready_status(&app).await, 503);
        assert!(start.elapsed() < Duration::from_millis(2500), "readiness took {:?}", start.elapsed());
    }
    let start = Instant::now();
    assert_problem(app.get("/api/v1/events", &token).await, 503).await;
    assert!(start.elapsed() < Duration::from_secs(15), "a request took {:?}", start.elapsed());

    proxy.thaw();
    assert!(wait_for(&app, 200, Duration::from_secs(20)).await, "ready again once the database answers");
    assert_eq!(app.get("/api/v1/events", &token).await.status(), 200);
}

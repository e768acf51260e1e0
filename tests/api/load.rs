//! Holding under slow and greedy clients: request bodies that trickle, many
//! connections from one address, and over-long targets and header sections.
//! Raw TCP on loopback, bounded loops and timeouts throughout.

use std::time::{Duration, Instant};

use client_safety::auth::Role;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::*;

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://")).await.expect("connects")
}

/// A raw answer: status, lower-cased head, body.
struct Raw {
    status: u16,
    head: String,
    body: String,
}

/// Reads until the server closes the connection (or `wait` passes: then `closed` is false).
async fn read_until_closed(stream: &mut (impl AsyncReadExt + Unpin), wait: Duration) -> (Option<Raw>, bool) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let deadline = Instant::now() + wait;
    let closed = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
            Err(_) => break false,
        }
    };
    let text = String::from_utf8_lossy(&buf).into_owned();
    let raw = text.split_once("\r\n\r\n").map(|(head, body)| Raw {
        status: head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0),
        head: head.to_ascii_lowercase(),
        body: body.to_owned(),
    });
    (raw, closed)
}

#[actix_web::test]
async fn a_body_that_trickles_past_the_timeout_gets_a_408_problem_and_the_connection_is_closed() {
    let app = spawn_with(TestDb::create(), |s| s.server.body_timeout = Duration::from_secs(1)).await;
    let admin = app.token_for(Role::Admin).await;
    // Every reader of bodies: the JSON extractor, the token endpoint, the batch reader.
    for (path, auth) in [
        ("/api/v1/areas", format!("Authorization: Bearer {admin}\r\n")),
        ("/api/v1/auth/token", String::new()),
        ("/api/v1/surveys/any/responses/batch", format!("Authorization: Bearer {admin}\r\n")),
    ] {
        let started = Instant::now();
        let (mut rd, mut wr) = connect(&app).await.into_split();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\
             X-Request-Id: slow-{}\r\n{auth}\r\n{{",
            path.len()
        );
        wr.write_all(head.as_bytes()).await.unwrap();
        let trickle = actix_web::rt::spawn(async move {
            for _ in 0..50 {
                actix_web::rt::time::sleep(Duration::from_millis(100)).await;
                if wr.write_all(b" ").await.is_err() {
                    break;
                }
            }
        });
        let (raw, closed) = read_until_closed(&mut rd, Duration::from_secs(4)).await;
        let elapsed = started.elapsed();
        trickle.abort();
        let raw = raw.unwrap_or_else(|| panic!("{path}: no answer within {elapsed:?}"));
        assert_eq!(raw.status, 408, "{path}: {}", raw.body);
        assert!(
            elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3),
            "{path}: {elapsed:?}"
        );
        assert!(closed, "{path}: the connection is closed after a 408");
        assert!(raw.head.contains("content-type: application/problem+json"), "{}", raw.head);
        let problem: Value = serde_json::from_str(&raw.body).expect("a JSON problem body");
        assert_eq!(problem["status"], 408);
        assert_eq!(problem["instance"], path);
        assert_eq!(problem["request_id"], format!("slow-{}", path.len()));
    }
    // A body that arrives in time is read as before.
    let ok = app.http.post(app.url("/api/v1/auth/token")).form(&[("grant_type", "password")]).send().await;
    assert_eq!(ok.unwrap().status(), 400);
}

#[actix_web::test]
async fn many_trickling_connections_from_one_address_do_not_stop_health_from_answering() {
    // More trickling connections than the whole cap: without the per-address cap they would hold
    // every slot for the 60 s body timeout and the probe would wait in the backlog.
    const TRICKLING: usize = 96;
    let app = spawn_with(TestDb::create(), |s| {
        s.server.max_connections = 64;
        s.server.max_requests_per_address = 4;
        s.server.body_timeout = Duration::from_secs(60);
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..TRICKLING {
        let mut conn = connect(&app).await;
        let head = "POST /api/v1/auth/token HTTP/1.1\r\nHost: t\r\n\
                    Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ng";
        conn.write_all(head.as_bytes()).await.unwrap();
        held.push(conn);
    }
    let probe = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let started = Instant::now();
    let live = probe.get(app.url("/health/live")).send().await.expect("/health/live answers meanwhile");
    assert_eq!(live.status(), 200);
    // Refused connections linger up to actix's 1 s disconnect timeout (these clients never close).
    assert!(started.elapsed() < Duration::from_secs(6), "answered in {:?}", started.elapsed());
    // Those past the per-address cap were refused at once with a problem and closed; four still trickle.
    let reads: Vec<_> = held
        .into_iter()
        .map(|mut conn| {
            actix_web::rt::spawn(async move { read_until_closed(&mut conn, Duration::from_secs(5)).await })
        })
        .collect();
    let (mut refused, mut open) = (0, 0);
    for read in reads {
        match read.await.unwrap() {
            (Some(raw), true) => {
                assert_eq!(raw.status, 429, "{}", raw.body);
                assert!(raw.head.contains("retry-after: 1"));
                assert_eq!(serde_json::from_str::<Value>(&raw.body).unwrap()["status"], 429);
                refused += 1;
            }
            (None, false) => open += 1,
            (raw, closed) => panic!("unexpected: closed {closed}, {:?}", raw.map(|r| r.head)),
        }
    }
    assert_eq!((refused, open), (TRICKLING - 4, 4));
}

#[actix_web::test]
async fn over_long_targets_and_header_sections_get_problems_and_the_service_goes_on() {
    let app = spawn_app().await;
    let long = app.http.get(app.url(&format!("/api/v1/areas?x={}", "a".repeat(10 * 1024)))).send().await;
    assert_problem(long.unwrap(), 414).await;
    let mut many = app.http.get(app.url("/api/v1/areas"));
    for i in 0..70 {
        many = many.header(format!("x-filler-{i}"), "1");
    }
    assert_problem(many.send().await.unwrap(), 431).await;
    let big = app.http.get(app.url("/api/v1/areas")).header("x-big", "b".repeat(40 * 1024)).send().await;
    assert_problem(big.unwrap(), 431).await;

    // Past what actix-http parses at all, its own empty answers (see the README), and nothing breaks.
    let mut conn = connect(&app).await;
    let huge = format!("GET /api/v1/areas?x={} HTTP/1.1\r\nHost: t\r\n\r\n", "a".repeat(100 * 1024));
    conn.write_all(huge.as_bytes()).await.unwrap();
    let (raw, closed) = read_until_closed(&mut conn, Duration::from_secs(5)).await;
    let raw = raw.expect("an answer to a 100 KB target");
    assert_eq!(raw.status, 400, "{}", raw.head);
    assert!(raw.head.contains("connection: close"));
    assert!(closed);
    let live = app.http.get(app.url("/health/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
}

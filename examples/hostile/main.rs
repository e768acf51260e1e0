//! Issue-7 reproductions as a hostile client would run them, against the release
//! binary on a fresh database; prints the figures (nothing here is a pass/fail test).
//!
//! ```text
//! cargo build --release --bin client-safety --example hostile
//! cargo run --release --example hostile                       # SQLite
//! cargo run --release --example hostile -- --postgres postgres://postgres@127.0.0.1:5432/postgres
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

// The benchmark's server helpers; not all of them are used here.
#[allow(dead_code)]
#[path = "../bench/server.rs"]
mod server;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use serde_json::{json, Value};

#[derive(Parser, Debug)]
struct Args {
    /// A PostgreSQL URL to create a fresh database beside (dropped afterwards); SQLite otherwise.
    #[arg(long)]
    postgres: Option<String>,
    /// The server binary.
    #[arg(long, default_value = "target/release/client-safety")]
    binary: PathBuf,
}

fn pct(mut ms: Vec<f64>, p: f64) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms.get(((ms.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(f64::NAN)
}

async fn token(http: &reqwest::Client, base: &str, id: &str, secret: &str) -> anyhow::Result<String> {
    let body = json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret});
    let res: Value = http.post(format!("{base}/api/v1/auth/token")).json(&body).send().await?.json().await?;
    Ok(res["access_token"].as_str().context("no token")?.to_owned())
}

/// Two 16 MiB bodies of eight million tiny items at once; `/health/live` meanwhile.
async fn huge_bodies(base: &str, token: &str, survey: &str, pid: u32) {
    let mut body = String::from("{\"responses\":[0");
    body.push_str(&",0".repeat(8_000_000));
    body.push_str("]}");
    let url = format!("{base}/api/v1/surveys/{survey}/responses/batch");
    let started = Instant::now();
    let posts: Vec<_> = (0..2)
        .map(|_| {
            let (url, token, body) = (url.clone(), token.to_owned(), body.clone());
            tokio::spawn(async move {
                let res = reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                match res {
                    Ok(r) => (r.status().as_u16(), r.bytes().await.map_or(0, |b| b.len())),
                    Err(_) => (0, 0),
                }
            })
        })
        .collect();
    let http = reqwest::Client::new();
    let mut live = Vec::new();
    while !posts.iter().all(|p| p.is_finished()) {
        let t = Instant::now();
        let _ = http.get(format!("{base}/health/live")).send().await;
        live.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut answers = Vec::new();
    for p in posts {
        answers.push(p.await.unwrap_or((0, 0)));
    }
    let hwm = server::memory_mb(pid).map_or(0.0, |m| m.1);
    println!(
        "two 16 MiB batch bodies of 8,000,000 items at once: answers {answers:?} (status, bytes) in {:.2} s; \
         /health/live meanwhile max {:.1} ms; server VmHWM {hwm:.0} MB",
        started.elapsed().as_secs_f64(),
        live.iter().copied().fold(0.0, f64::max)
    );
}

/// Eight writers, 150 single responses each, on one survey.
async fn racing_writers(base: &str, token: &str, survey: &str) {
    let areas = ["hus", "helsinki", "varsinais-suomi", "pirkanmaa", "pohjois-savo", "pohjois-pohjanmaa"];
    let url = format!("{base}/api/v1/surveys/{survey}/responses");
    let started = Instant::now();
    let tasks: Vec<_> = (0..8)
        .map(|w| {
            let (url, token) = (url.clone(), token.to_owned());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let (mut failed, mut slowest) = (0, 0.0f64);
                for i in 0..150 {
                    let body = json!({"area": areas[(w * 7 + i) % areas.len()],
                                      "answers": {"safe": 1 + (w + i) % 5, "grade": 4 + i % 7}});
                    let t = Instant::now();
                    let ok = http
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                        .is_ok_and(|r| r.status() == 201);
                    slowest = slowest.max(t.elapsed().as_secs_f64());
                    failed += u32::from(!ok);
                }
                (failed, slowest)
            })
        })
        .collect();
    let (mut failed, mut slowest) = (0, 0.0f64);
    for t in tasks {
        let (f, s) = t.await.unwrap_or((150, 0.0));
        failed += f;
        slowest = slowest.max(s);
    }
    println!(
        "8 writers x 150 single responses: {failed} of 1200 failed, {:.1} s in all, slowest request {:.0} ms",
        started.elapsed().as_secs_f64(),
        slowest * 1000.0
    );
}

/// 64 connections sending wrong secrets for 10 s while one reads the event list.
async fn token_flood(base: &str, token: &str) {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flood: Vec<_> = (0..64)
        .map(|i| {
            let (base, stop) = (base.to_owned(), stop.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let mut statuses = std::collections::BTreeMap::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let body = json!({"grant_type": "client_credentials",
                                      "client_id": uuid::Uuid::now_v7().to_string(), "client_secret": format!("wrong-{i}")});
                    let s = http.post(format!("{base}/api/v1/auth/token")).json(&body).send().await.map_or(0, |r| r.status().as_u16());
                    *statuses.entry(s).or_insert(0u64) += 1;
                }
                statuses
            })
        })
        .collect();
    let http = reqwest::Client::new();
    let mut ms = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        let t = Instant::now();
        let ok = http
            .get(format!("{base}/api/v1/events"))
            .bearer_auth(token)
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        if ok {
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut statuses = std::collections::BTreeMap::new();
    for f in flood {
        for (s, n) in f.await.unwrap_or_default() {
            *statuses.entry(s).or_insert(0) += n;
        }
    }
    println!(
        "token flood (64 connections of wrong secrets, 10 s): token answers {statuses:?}; meanwhile GET /api/v1/events \
         x{}: p50 {:.1} ms, p99 {:.1} ms",
        ms.len(),
        pct(ms.clone(), 0.5),
        pct(ms, 0.99)
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let run = server::launch(&args.binary, args.postgres.as_deref(), false).await?;
    let (srv, db, id, secret) = (&run.srv, &run.db, &run.id, &run.secret);
    let http = reqwest::Client::new();
    let token = token(&http, &srv.base, id, secret).await?;
    let survey = json!({"code": "hostile", "title": {"fi": "Kysely"}, "kind": "feedback", "status": "open", "questions": [
        {"code": "safe", "type": "likert5", "text": {"fi": "Turvallinen"}, "required": true},
        {"code": "grade", "type": "grade10", "text": {"fi": "Arvosana"}}]});
    let res: Value = http
        .post(format!("{}/api/v1/surveys", srv.base))
        .bearer_auth(&token)
        .json(&survey)
        .send()
        .await?
        .json()
        .await?;
    let survey = res["id"].as_str().context("no survey")?.to_owned();
    println!("backend: {}", db.backend());
    huge_bodies(&srv.base, &token, &survey, srv.child.id()).await;
    racing_writers(&srv.base, &token, &survey).await;
    token_flood(&srv.base, &token).await;
    Ok(())
}

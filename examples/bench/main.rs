//! The national-scale benchmark: batch ingest over HTTP, results latency, the
//! responses export as CSV and the server's memory, against the release
//! binary on a fresh database.
//!
//! ```text
//! cargo build --release --bin client-safety --example bench
//! cargo run --release --example bench                       # SQLite
//! cargo run --release --example bench -- --postgres postgres://postgres@127.0.0.1:5432/postgres
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api;
mod data;
mod export;
mod hook;
mod measure;
mod server;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{ensure, Context};
use clap::Parser;
use serde_json::{json, Value};

use api::{connect, Api};
use measure::{conventional, percentiles, MemorySampler};

#[derive(Parser, Debug)]
#[command(about = "Batch ingest and results latency of client-safety at national scale")]
struct Args {
    /// Responses to ingest.
    #[arg(long, default_value_t = 1_000_000)]
    responses: usize,
    /// Responses per batch request.
    #[arg(long, default_value_t = 1000)]
    batch: usize,
    /// Concurrent HTTP connections while ingesting.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Results requests per grouping.
    #[arg(long, default_value_t = 50)]
    requests: usize,
    /// Runs of the conventional GROUP BY over JSON answers (0 skips it).
    #[arg(long, default_value_t = 3)]
    conventional_runs: usize,
    /// Connections reading a page of 50 events over and over while ingesting (0: none).
    #[arg(long, default_value_t = 32)]
    list_load: usize,
    /// A PostgreSQL URL to create a fresh database beside (dropped afterwards); SQLite otherwise.
    #[arg(long)]
    postgres: Option<String>,
    /// Subscribe a local receiver to stored responses (a webhook) and report
    /// how soon every batch's delivery follows the ingest.
    #[arg(long)]
    webhook: bool,
    /// The server binary.
    #[arg(long, default_value = "target/release/client-safety")]
    binary: PathBuf,
}

/// The organisations, with two events created in each collaboration area (10 in all).
async fn organisations(api: &Api) -> anyhow::Result<Vec<data::Org>> {
    let areas = api.get("/api/v1/areas?limit=500").await?;
    let items = areas["items"].as_array().context("no areas")?;
    let mut events = std::collections::HashMap::new();
    for region in items.iter().filter(|a| a["kind"] == "collaboration_area") {
        let code = region["code"].as_str().context("area code")?.to_owned();
        let mut ids = Vec::new();
        for k in 1..=2 {
            let body = json!({"title": {"fi": format!("Suorituskykytesti {k}")}, "area": code,
                              "starts_on": "2026-10-01", "format": "online"});
            let event = api.post("/api/v1/events", &body).await?;
            ids.push(event["id"].as_str().context("event id")?.to_owned());
        }
        events.insert(code, [ids[0].clone(), ids[1].clone()]);
    }
    let orgs: Vec<data::Org> = items
        .iter()
        .filter(|a| a["kind"] != "collaboration_area")
        .map(|a| {
            let region = a["parent"].as_str().unwrap();
            data::Org { code: a["code"].as_str().unwrap().to_owned(), events: events[region].clone() }
        })
        .collect();
    Ok(orgs)
}

/// Sends every body over `concurrency` connections; returns seconds taken.
async fn ingest(api: &Api, survey: &str, bodies: Vec<Vec<u8>>, concurrency: usize) -> anyhow::Result<f64> {
    let mut lanes: Vec<Vec<Vec<u8>>> = (0..concurrency).map(|_| Vec::new()).collect();
    for (i, b) in bodies.into_iter().enumerate() {
        lanes[i % concurrency].push(b);
    }
    let url = format!("{}/api/v1/surveys/{survey}/responses/batch", api.base);
    let started = Instant::now();
    let tasks: Vec<_> = lanes
        .into_iter()
        .map(|lane| {
            let (http, url, token) = (api.http.clone(), url.clone(), api.token.clone());
            tokio::spawn(async move {
                for body in lane {
                    let res = http
                        .post(&url)
                        .bearer_auth(&token)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await?;
                    ensure!(res.status() == 201, "batch answered {}: {}", res.status(), res.text().await?);
                }
                anyhow::Ok(())
            })
        })
        .collect();
    for t in tasks {
        t.await??;
    }
    Ok(started.elapsed().as_secs_f64())
}

/// A viewer's connection: results suppressed, whole years only.
async fn viewer(admin: &Api) -> anyhow::Result<Api> {
    let created = admin.post("/api/v1/clients", &json!({"name": "bench viewer", "role": "viewer"})).await?;
    let id = created["client_id"].as_str().context("no client_id")?;
    let secret = created["client_secret"].as_str().context("no client_secret")?;
    connect(&admin.base, id, secret).await
}

/// Times `requests` results requests of `who` and prints the figures.
async fn report(who: &str, caller: &Api, survey: &str, query: &str, requests: usize) -> anyhow::Result<()> {
    let (p50, p95, max, body) = time_results(caller, survey, query, requests).await?;
    let n = body["total"]["n"].as_i64().unwrap_or(-1);
    println!(
        "results ({who}) group_by={query:<30} {requests} requests: p50 {p50:.1} ms  p95 {p95:.1} ms  max {max:.1} ms  (total n = {n})"
    );
    Ok(())
}

async fn time_results(
    api: &Api,
    survey: &str,
    query: &str,
    n: usize,
) -> anyhow::Result<(f64, f64, f64, Value)> {
    let path = format!("/api/v1/surveys/{survey}/results?group_by={query}");
    let mut ms = Vec::with_capacity(n);
    let mut last = Value::Null;
    for _ in 0..n {
        let started = Instant::now();
        last = api.get(&path).await?;
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let (p50, p95, max) = percentiles(ms);
    Ok((p50, p95, max, last))
}

/// Connections that read the event list until stopped.
struct ListLoad {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<(u64, u64)>>,
}

impl ListLoad {
    fn start(api: &Api, connections: usize) -> Self {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let url = format!("{}/api/v1/events?limit=50", api.base);
        let tasks = (0..connections)
            .map(|_| {
                let (http, url, token, stop) =
                    (reqwest::Client::new(), url.clone(), api.token.clone(), stop.clone());
                tokio::spawn(async move {
                    let (mut pages, mut errors) = (0, 0);
                    while !stop.load(Ordering::Relaxed) {
                        let ok = match http.get(&url).bearer_auth(&token).send().await {
                            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                            Err(_) => false,
                        };
                        if ok {
                            pages += 1;
                        } else {
                            errors += 1;
                        }
                    }
                    (pages, errors)
                })
            })
            .collect();
        Self { stop, tasks }
    }

    /// Stops the readers; returns pages read and errors.
    async fn stop(self) -> (u64, u64) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut sum = (0, 0);
        for t in self.tasks {
            let (p, e) = t.await.unwrap_or((0, 1));
            sum = (sum.0 + p, sum.1 + e);
        }
        sum
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    ensure!(args.batch > 0 && args.responses >= args.batch, "--responses must be at least --batch");
    let run = server::launch(&args.binary, args.postgres.as_deref(), args.webhook).await?;
    let (srv, db, id, secret) = (&run.srv, &run.db, &run.id, &run.secret);
    let pid = srv.child.id();
    let api = connect(&srv.base, id, secret).await?;
    let survey = api.post("/api/v1/surveys", &data::survey_body()).await?;
    let survey_id = survey["id"].as_str().context("no survey id")?.to_owned();
    let orgs = organisations(&api).await?;
    let sink = if args.webhook { Some(hook::Sink::start()?) } else { None };
    if let Some(sink) = &sink {
        sink.subscribe(&api).await?;
    }
    let batches = args.responses / args.batch;
    let bodies = data::batches(&orgs, batches, args.batch);
    let total = batches * args.batch;
    let mb: usize = bodies.iter().map(Vec::len).sum::<usize>() / 1_000_000;
    println!(
        "backend: {}  ({} organisations, 10 events, 30 days; {mb} MB of request bodies prepared)",
        db.backend(),
        orgs.len()
    );
    let idle = server::memory_mb(pid).map_or(0.0, |m| m.0);

    let sampler = MemorySampler::start(pid);
    let readers = ListLoad::start(&api, args.list_load);
    let cpu_before = server::cpu_seconds(pid).unwrap_or(0.0);
    let secs = ingest(&api, &survey_id, bodies, args.concurrency).await?;
    let cpu = server::cpu_seconds(pid).unwrap_or(0.0) - cpu_before;
    let (pages, errors) = readers.stop().await;
    println!(
        "ingest: {total} responses in {batches} batches of {} over {} connections: {secs:.1} s = {:.0} responses/s \
         (server CPU {cpu:.1} s, {:.1} µs per response)",
        args.batch,
        args.concurrency,
        total as f64 / secs,
        cpu * 1e6 / total as f64
    );
    println!("database after the ingest: {:.0} MB", db.size_mb()?);
    if args.list_load > 0 {
        println!(
            "meanwhile {} connections read `GET /api/v1/events?limit=50`: {pages} pages ({:.0}/s), {errors} errors",
            args.list_load,
            pages as f64 / secs
        );
    }
    if let Some(sink) = &sink {
        // Each batch is of one organisation: one feed entry, so one delivery, per batch.
        let expected = batches;
        let after = sink.drained(expected).await;
        println!(
            "webhook: {} of {expected} deliveries (one per batch) received {after:.1} s after the ingest ended",
            sink.received()
        );
    }
    let ingest_peak = sampler.peak_mb();
    let ranged = "collaboration_area&from=2026-10-01&to=2026-10-15";
    for query in ["collaboration_area", "area", "event", ranged] {
        report("admin", &api, &survey_id, query, args.requests).await?;
    }
    let peak = sampler.peak_mb();
    drop(sampler);
    let hwm = server::memory_mb(pid).map_or(0.0, |m| m.1);
    export::export(&api, &survey_id, pid).await?;
    // After the memory peak: creating a client hashes its secret with argon2 (~19 MB) in the server.
    let viewer = viewer(&api).await?;
    for query in ["collaboration_area&year=2026", "area&year=2026", "event&year=2026"] {
        report("viewer", &viewer, &survey_id, query, args.requests).await?;
    }
    println!("server memory (before the viewer client): idle {idle:.0} MB; peak VmRSS {ingest_peak:.0} MB while ingesting, {peak:.0} MB overall; VmHWM {hwm:.0} MB");
    if args.conventional_runs > 0 {
        let questions = ["safe", "informed", "content", "grade"];
        let (p50, _, max) =
            percentiles(conventional(&db.url(), &survey_id, &questions, args.conventional_runs)?);
        println!(
            "conventional GROUP BY over the responses' JSON answers (same data, by collaboration area, \
             {} runs): p50 {p50:.0} ms  max {max:.0} ms",
            args.conventional_runs
        );
    }
    drop(run);
    Ok(())
}

//! How fast lists are: a page of 50 of every list (all 28 areas)
//! from the release binary on a fresh database, side by side with a bare actix
//! server that checks the same JWT and sends the same 50 events from memory,
//! under the same load from this process, in one run.
//!
//! ```text
//! cargo build --release --bin client-safety --example lists
//! cargo run --release --example lists                      # SQLite
//! cargo run --release --example lists -- --postgres postgres://postgres@127.0.0.1:5432/postgres
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../bench/api.rs"]
mod api;
mod bare;
mod load;
#[path = "../bench/server.rs"]
#[allow(dead_code)]
mod server;

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use serde_json::json;

/// Seconds of untimed load on each path before it is measured.
const WARM_UP_SECONDS: f64 = 1.0;

#[derive(Parser, Debug)]
#[command(about = "Requests per second and latency of list pages, beside a bare actix server")]
struct Args {
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Seconds of load per list.
    #[arg(long, default_value_t = 8.0)]
    seconds: f64,
    /// A PostgreSQL URL to create a fresh database beside (dropped afterwards); SQLite otherwise.
    #[arg(long)]
    postgres: Option<String>,
    /// Only the lists whose path contains this (e.g. `changes`).
    #[arg(long)]
    only: Option<String>,
    /// The server binary.
    #[arg(long, default_value = "target/release/client-safety")]
    binary: PathBuf,
}

/// 60 of everything, so that each list has more than a page of 50: events,
/// proposals, surveys, clients, (paused) webhook subscriptions and the
/// responses of one survey; the audit log and the change feed fill themselves.
/// Returns the id of the survey with responses.
async fn fill(api: &api::Api) -> anyhow::Result<String> {
    let areas = ["etela-suomi", "lansi-suomi", "ita-suomi", "pohjois-suomi", "sisa-suomi"];
    for i in 0..60 {
        let event = json!({"title": {"fi": format!("Asiakasturvallisuustyöpaja {i}"), "sv": "Workshop", "en": "Workshop"},
            "area": areas[i % 5], "city": {"fi": "Tampere"}, "starts_on": format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "format": "hybrid", "status": "held", "registered_count": 150, "attended_count": 120,
            "description": {"fi": "Alueellinen asiakasturvallisuustyöpaja sosiaalihuollon ammattilaisille."}});
        api.post("/api/v1/events", &event).await?;
        let proposal = json!({"title": {"fi": format!("Kehittämisehdotus {i}")}, "category": "safeguards", "tier": 1 + i % 3,
            "areas": [areas[i % 5]], "description": {"fi": "Yhteiset käytännöt vaaratapahtumien käsittelyyn."}});
        api.post("/api/v1/proposals", &proposal).await?;
        let survey = json!({"code": format!("lists-{i}"), "title": {"fi": format!("Kysely {i}")}, "kind": "other",
            "questions": [{"code": "safe", "type": "likert5", "text": {"fi": "Tuntisin oloni turvalliseksi"}, "required": true}]});
        api.post("/api/v1/surveys", &survey).await?;
        api.post("/api/v1/clients", &json!({"name": format!("lists-{i}"), "role": "viewer"})).await?;
        let hook = json!({"url": format!("http://127.0.0.1:9/hook-{i}"), "active": false});
        api.post("/api/v1/webhooks", &hook).await?;
    }
    let survey = json!({"code": "lists-responses", "title": {"fi": "Kysely"}, "kind": "other", "status": "open",
        "questions": [{"code": "safe", "type": "likert5", "text": {"fi": "Turvallinen"}, "required": true}]});
    let id = api.post("/api/v1/surveys", &survey).await?["id"].as_str().context("no survey id")?.to_owned();
    let counties = ["pirkanmaa", "varsinais-suomi", "pohjois-pohjanmaa"];
    let responses: Vec<_> = (0..60)
        .map(|i| json!({"external_id": format!("lists-{i}"), "area": counties[i % 3], "answers": {"safe": 1 + i % 5}}))
        .collect();
    api.post(&format!("/api/v1/surveys/{id}/responses/batch"), &json!({"responses": responses})).await?;
    Ok(id)
}

fn print(label: &str, f: &load::Figures) {
    println!(
        "{label:<44} {:>7.0} req/s  p50 {:>5.2} ms  p99 {:>6.2} ms  max {:>6.1} ms  ({} requests, {} B body)",
        f.per_second, f.p50_ms, f.p99_ms, f.max_ms, f.requests, f.body_bytes
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let run = server::launch(&args.binary, args.postgres.as_deref(), true).await?;
    let (srv, db, id, secret) = (&run.srv, &run.db, &run.id, &run.secret);
    let api = api::connect(&srv.base, id, secret).await?;
    let token = api.token.clone();
    let survey = fill(&api).await?;
    let page = api.get("/api/v1/events?limit=50").await?;
    let events = serde_json::from_value(page["items"].clone())?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let bare = bare::start(server::JWT_SECRET, events, cores)?;
    let addr = srv.base.trim_start_matches("http://").parse()?;
    println!(
        "backend: {}; {} connections, {} s each, load generator in this process on the same {cores} cores",
        db.backend(),
        args.connections,
        args.seconds
    );
    let (n, s) = (args.connections, args.seconds);
    // Each path is warmed up untimed first (connections, statement caches, allocator).
    load::run(bare, "/api/v1/events", &token, n, WARM_UP_SECONDS).await?;
    print(
        "bare actix, same JWT, 50 events from memory",
        &load::run(bare, "/api/v1/events", &token, n, s).await?,
    );
    let pid = srv.child.id();
    let responses = format!("/api/v1/surveys/{survey}/responses?limit=50");
    for path in [
        "/api/v1/events?limit=50",
        "/api/v1/proposals?limit=50",
        "/api/v1/surveys?limit=50",
        "/api/v1/areas?limit=50",
        "/api/v1/clients?limit=50",
        "/api/v1/webhooks?limit=50",
        &responses,
        "/api/v1/changes?limit=50",
        "/api/v1/audit?limit=50",
    ] {
        if args.only.as_deref().is_some_and(|only| !path.contains(only)) {
            continue;
        }
        load::run(addr, path, &token, n, WARM_UP_SECONDS).await?;
        let cpu = server::cpu_seconds(pid).unwrap_or(0.0);
        let f = load::run(addr, path, &token, n, s).await?;
        let cpu = server::cpu_seconds(pid).unwrap_or(0.0) - cpu;
        print(&format!("service {path}"), &f);
        println!("{:<44} server CPU {:.1} µs per request", "", cpu * 1e6 / f.requests as f64);
    }
    load::run(addr, "/health/live", &token, n, WARM_UP_SECONDS).await?;
    print("service /health/live", &load::run(addr, "/health/live", &token, n, s).await?);
    drop(run);
    Ok(())
}

//! The 2023 demo data set: `serve --demo` and `demo load` reproduce the report,
//! and loading again adds nothing.

use std::process::Command;

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::reports::{csv_records, get_csv};

async fn spawn_demo() -> TestApp {
    spawn_with(TestDb::create(), |s| s.demo = true).await
}

const TABLE_1: &str = "/api/v1/reports/events?from=2023-01-01&to=2023-12-31";

#[actix_web::test]
async fn serve_with_demo_reproduces_table_1_as_json() {
    let app = spawn_demo().await;
    let token = app.token_for(Role::Viewer).await;
    let report = json_ok(app.get(TABLE_1, &token).await, 200).await;
    assert_eq!(
        report["totals"],
        json!({"registered_count": 396, "attended_count": 315, "events": 5, "attended_is_estimate": true})
    );
    let rows: Vec<Value> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            json!([
                r["area"],
                r["area_name"]["fi"],
                r["city"]["fi"],
                r["starts_on"],
                r["registered_count"],
                r["attended_count"],
                r["attended_is_estimate"]
            ])
        })
        .collect();
    assert_eq!(
        rows,
        [
            json!(["lansi-suomi", "Länsi-Suomi", "Turku", "2023-09-06", 131, 100, true]),
            json!(["sisa-suomi", "Sisä-Suomi", "Tampere", "2023-09-20", 71, 55, true]),
            json!(["etela-suomi", "Etelä-Suomi", "Helsinki", "2023-10-18", 88, 70, true]),
            json!(["ita-suomi", "Itä-Suomi", "Kuopio", "2023-10-30", 58, 45, true]),
            json!(["pohjois-suomi", "Pohjois-Suomi", "Oulu", "2023-11-17", 48, 45, true]),
        ]
    );
    assert_eq!(report["rows"][0]["city"]["sv"], "Åbo");
    let events = collect_pages(&app, "/api/v1/events", &token).await;
    assert_eq!(events.len(), 5);
    assert!(events.iter().all(|e| e["status"] == "held" && e["format"] == "hybrid"));
    assert_eq!(events[4]["title"]["fi"], "Asiakasturvallisuustyöpaja, Länsi-Suomi");
}

#[actix_web::test]
async fn serve_with_demo_reproduces_table_1_as_csv() {
    let app = spawn_demo().await;
    let token = app.token_for(Role::Integration).await;
    let records = csv_records(&get_csv(&app, TABLE_1, &token).await);
    let header =
        ["row", "event_id", "area", "area_name", "city", "starts_on", "registered_count", "attended_count"];
    assert_eq!(records[0][..8], header);
    assert_eq!(records.len(), 7, "header, five workshops, total");
    assert_eq!(
        records[1][2..],
        ["lansi-suomi", "Länsi-Suomi", "Turku", "2023-09-06", "131", "100", "true", "1"]
    );
    assert_eq!(
        records[5][2..],
        ["pohjois-suomi", "Pohjois-Suomi", "Oulu", "2023-11-17", "48", "45", "true", "1"]
    );
    assert_eq!(records[6][0], "total");
    assert_eq!(records[6][6..], ["396", "315", "true", "5"]);
}

#[actix_web::test]
async fn the_demo_proposal_report_shows_twelve_proposals_in_their_categories_and_tiers_with_four_selected() {
    let app = spawn_demo().await;
    let token = app.token_for(Role::Integration).await;
    let report = json_ok(app.get("/api/v1/reports/proposals", &token).await, 200).await;
    let totals = &report["totals"];
    assert_eq!((totals["proposals"].clone(), totals["selected"].clone()), (json!(12), json!(4)));
    assert_eq!(
        totals["by_category"],
        json!({"organisation_management": 5, "competence_practices": 3, "environment_systems": 1,
               "client_factors": 2, "human_error": 0, "safeguards": 1})
    );
    assert_eq!(totals["by_tier"], json!({"1": 6, "2": 4, "3": 2}));
    assert_eq!(
        (totals["by_status"]["selected"].clone(), totals["by_status"]["prioritized"].clone()),
        (json!(4), json!(8))
    );
    let csv = csv_records(&get_csv(&app, "/api/v1/reports/proposals", &token).await);
    assert_eq!(csv[0][..], ["row", "category", "tier", "status", "count"]);
    assert!(csv.iter().any(|r| r[1..] == ["organisation_management", "1", "selected", "2"]));
    assert!(csv.iter().any(|r| r[1..] == ["environment_systems", "3", "prioritized", "1"]));
    assert_eq!(csv.last().unwrap()[..], ["total", "", "", "", "12"]);
    let all =
        json_ok(app.get("/api/v1/reports/proposals?include_sub_proposals=true", &token).await, 200).await;
    assert_eq!(all["totals"]["proposals"], 17);
    assert_eq!(all["totals"]["by_category"]["human_error"], 1);
}

#[actix_web::test]
async fn the_demo_holds_the_four_selected_measures_in_order_with_their_sub_items() {
    let app = spawn_demo().await;
    let token = app.token_for(Role::Viewer).await;
    let selected = json_ok(app.get("/api/v1/proposals?status=selected", &token).await, 200).await;
    let chosen: Vec<Value> = selected["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!([p["selected_order"], p["tier"]]))
        .collect();
    assert_eq!(chosen, [json!([1, 1]), json!([2, 1]), json!([3, 1]), json!([4, 1])]);
    let p2 = &selected["items"][1];
    assert!(p2["title"]["en"].as_str().unwrap().starts_with("Developing webinar content"));
    assert_eq!(p2["event_ids"].as_array().unwrap().len(), 5, "linked to every 2023 workshop");
    let subs_path = format!("/api/v1/proposals?parent={}", p2["id"].as_str().unwrap());
    let subs = json_ok(app.get(&subs_path, &token).await, 200).await;
    let cats: Vec<&str> =
        subs["items"].as_array().unwrap().iter().map(|s| s["category"].as_str().unwrap()).collect();
    assert_eq!(cats, ["competence_practices", "human_error", "client_factors"]);
    assert!(subs["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["tier"] == 1 && s["selected_order"].is_null()));
}

#[actix_web::test]
async fn loading_the_demo_again_adds_nothing() {
    let app = spawn_demo().await;
    let admin = app.token_for(Role::Admin).await;
    let before_events = collect_pages(&app, "/api/v1/events", &admin).await;
    let before_proposals = collect_pages(&app, "/api/v1/proposals?limit=500", &admin).await;
    assert_eq!((before_events.len(), before_proposals.len()), (5, 17));
    client_safety::demo::load(&app.pool).unwrap();
    let (second, _) = spawn_second_instance(&app, |s| s.demo = true).await;
    assert!(second.starts_with("http"));
    assert_eq!(collect_pages(&app, "/api/v1/events", &admin).await, before_events);
    assert_eq!(collect_pages(&app, "/api/v1/proposals?limit=500", &admin).await, before_proposals);
    let audit = collect_pages(&app, "/api/v1/audit?actor=demo-loader&limit=500", &admin).await;
    assert_eq!(audit.len(), 24, "5 events, 17 proposals and 2 surveys, created once");
    let surveys = collect_pages(&app, "/api/v1/surveys", &admin).await;
    let mut codes: Vec<&str> = surveys.iter().map(|s| s["code"].as_str().unwrap()).collect();
    codes.sort();
    assert_eq!(codes, ["feedback-2023", "pre-assignment-2023"]);
    assert!(surveys.iter().all(|s| s["status"] == "open"), "open, so that the 2023 answers can be imported");
}

#[actix_web::test]
async fn the_demo_load_command_adds_only_what_is_missing() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let own = json!({"title": {"fi": "Oma työpaja"}, "area": "lansi-suomi", "starts_on": "2023-09-06", "format": "on_site"});
    let own = json_ok(app.post_json("/api/v1/events", &editor, &own).await, 201).await;
    let other =
        json!({"title": {"fi": "Muu"}, "area": "lappi", "starts_on": "2024-01-01", "format": "online"});
    json_ok(app.post_json("/api/v1/events", &editor, &other).await, 201).await;
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_client-safety"))
            .args(["demo", "load"])
            .env("DATABASE_URL", app.db.url())
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let events = collect_pages(&app, "/api/v1/events", &editor).await;
    assert_eq!(events.len(), 6, "four workshops added beside the two events there");
    let turku: Vec<&Value> = events.iter().filter(|e| e["starts_on"] == "2023-09-06").collect();
    assert_eq!(turku.len(), 1);
    assert_eq!(turku[0]["id"], own["id"], "the event already there counts as the Turku workshop");
    let linked = json_ok(
        app.get(&format!("/api/v1/proposals?event_id={}&limit=500", own["id"].as_str().unwrap()), &editor)
            .await,
        200,
    )
    .await;
    assert_eq!(linked["items"].as_array().unwrap().len(), 17);
}

//! `/api/v1/reports`: Table 1 and the proposal counts, as JSON and as CSV.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

/// GETs `path` as CSV, checking the media type.
pub async fn get_csv(app: &TestApp, path: &str, token: &str) -> String {
    let res = app.request(Method::GET, path, token).header("accept", "text/csv").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    res.text().await.unwrap()
}

/// Parses CSV text back into records (header included).
pub fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

async fn add_event(app: &TestApp, token: &str, area: &str, date: &str, extra: Value) -> Value {
    let mut body = json!({"title": {"fi": "Työpaja"}, "area": area, "starts_on": date, "format": "hybrid"});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    json_ok(app.post_json("/api/v1/events", token, &body).await, 201).await
}

/// Three held or planned events and a cancelled one; returns the three, oldest first.
async fn three_events_and_a_cancelled_one(app: &TestApp, editor: &str) -> [Value; 3] {
    let held = |r: i64, a: i64, est: bool| json!({"status": "held", "registered_count": r, "attended_count": a, "attended_is_estimate": est});
    let a = add_event(app, editor, "varsinais-suomi", "2024-03-01", held(10, 8, false)).await;
    let pori = json!({"registered_count": 5, "city": {"fi": "Pori, \"keskusta\""}});
    let b = add_event(app, editor, "lansi-suomi", "2024-02-01", pori).await;
    let cancelled = json!({"status": "cancelled", "registered_count": 99});
    add_event(app, editor, "lansi-suomi", "2024-02-15", cancelled).await;
    let c = add_event(app, editor, "lappi", "2024-04-01", held(20, 25, true)).await;
    [b, a, c]
}

fn totals(registered: i64, attended: i64, events: i64, estimate: bool) -> Value {
    json!({"registered_count": registered, "attended_count": attended, "events": events, "attended_is_estimate": estimate})
}

#[actix_web::test]
async fn the_events_report_sums_by_the_database_ignoring_nulls_and_cancelled_events() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let [b, a, c] = three_events_and_a_cancelled_one(&app, &editor).await;
    let token = app.token_for(Role::Integration).await;
    let all = json_ok(app.get("/api/v1/reports/events", &token).await, 200).await;
    let ids: Vec<&Value> = all["rows"].as_array().unwrap().iter().map(|r| &r["event_id"]).collect();
    assert_eq!(ids, [&b["id"], &a["id"], &c["id"]], "oldest first, cancelled left out");
    assert_eq!(all["totals"], totals(35, 33, 3, true));
    let fi = "Varsinais-Suomen hyvinvointialue";
    assert_eq!(all["rows"][1]["area_name"]["fi"], fi);
    let report = |q: &'static str| {
        let (app, token) = (&app, &token);
        async move { json_ok(app.get(&format!("/api/v1/reports/events?{q}"), token).await, 200).await }
    };
    assert_eq!(
        report("area=lansi-suomi").await["totals"],
        totals(15, 8, 2, false),
        "the area and its counties"
    );
    assert_eq!(report("area=lappi").await["totals"], totals(20, 25, 1, true));
    assert_eq!(report("from=2024-02-01&to=2024-03-01").await["totals"], totals(15, 8, 2, false));
    assert_eq!(report("from=2030-01-01").await["totals"], totals(0, 0, 0, false));
}

#[actix_web::test]
async fn the_events_report_as_csv_parses_back_and_bad_parameters_are_400() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    three_events_and_a_cancelled_one(&app, &editor).await;
    let token = app.token_for(Role::Viewer).await;
    let records = csv_records(&get_csv(&app, "/api/v1/reports/events?area=lansi-suomi", &token).await);
    assert_eq!(records.len(), 4, "header, two events, total");
    assert_eq!(records[1][4], "Pori, \"keskusta\"", "quoting survives the round trip");
    assert_eq!(records[1][7], "", "unknown attendance is an empty cell");
    assert_eq!(records[1][9], "1", "an event row covers one event");
    assert_eq!(records[3][..], ["total", "", "", "", "", "", "15", "8", "false", "2"]);
    for (q, field) in [
        ("area=atlantis", "area"),
        ("from=2024-02-30", "from"),
        ("from=2024-02-02&to=2024-02-01", "to"),
        ("status=held", "status"),
    ] {
        let problem =
            assert_problem(app.get(&format!("/api/v1/reports/events?{q}"), &token).await, 400).await;
        assert_eq!(error_fields(&problem), [field], "{q}");
    }
    assert_problem(app.http.get(app.url("/api/v1/reports/events")).send().await.unwrap(), 401).await;
    assert_problem(app.http.get(app.url("/api/v1/reports/proposals")).send().await.unwrap(), 401).await;
}

/// Four top-level proposals and one sub-proposal; returns the linked event's id.
async fn four_proposals_and_a_sub_proposal(app: &TestApp, editor: &str) -> String {
    let event =
        json!({"title": {"fi": "T"}, "area": "kainuu", "starts_on": "2024-01-01", "format": "online"});
    let ev = json_ok(app.post_json("/api/v1/events", editor, &event).await, 201).await["id"].clone();
    let mut first = Value::Null;
    for (i, (cat, tier, status, order)) in [
        ("safeguards", 1, "proposed", None),
        ("safeguards", 1, "proposed", None),
        ("safeguards", 2, "selected", Some(1)),
        ("human_error", 3, "rejected", None),
    ]
    .into_iter()
    .enumerate()
    {
        let events = if tier == 1 { json!([ev]) } else { json!([]) };
        let areas = if tier == 3 { json!(["kainuu"]) } else { json!([]) };
        let body = json!({"title": {"fi": format!("Ehdotus {i}")}, "category": cat, "tier": tier,
            "status": status, "selected_order": order, "event_ids": events, "areas": areas});
        let made = json_ok(app.post_json("/api/v1/proposals", editor, &body).await, 201).await;
        if i == 0 {
            first = made["id"].clone();
        }
    }
    let sub = json!({"title": {"fi": "alakohta"}, "category": "human_error", "tier": 1, "parent": first});
    json_ok(app.post_json("/api/v1/proposals", editor, &sub).await, 201).await;
    ev.as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn the_proposal_report_counts_by_category_tier_and_status() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    four_proposals_and_a_sub_proposal(&app, &editor).await;
    let viewer = app.token_for(Role::Viewer).await;
    let report = json_ok(app.get("/api/v1/reports/proposals", &viewer).await, 200).await;
    assert_eq!(
        report["rows"],
        json!([
            {"category": "human_error", "tier": 3, "status": "rejected", "count": 1},
            {"category": "safeguards", "tier": 1, "status": "proposed", "count": 2},
            {"category": "safeguards", "tier": 2, "status": "selected", "count": 1}
        ])
    );
    let t = &report["totals"];
    assert_eq!((t["proposals"].clone(), t["selected"].clone()), (json!(4), json!(1)));
    assert_eq!(t["by_category"]["safeguards"], 3);
    assert_eq!(t["by_tier"], json!({"1": 2, "2": 1, "3": 1}));
    assert_eq!(t["by_status"]["rejected"], 1);
    let csv = csv_records(&get_csv(&app, "/api/v1/reports/proposals?category=safeguards", &viewer).await);
    assert_eq!(
        csv,
        [
            ["row", "category", "tier", "status", "count"],
            ["count", "safeguards", "1", "proposed", "2"],
            ["count", "safeguards", "2", "selected", "1"],
            ["total", "", "", "", "3"]
        ]
    );
}

#[actix_web::test]
async fn the_proposal_report_filters_like_the_proposal_list() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let ev = four_proposals_and_a_sub_proposal(&app, &editor).await;
    let viewer = app.token_for(Role::Viewer).await;
    let count = |q: String| {
        let (app, viewer) = (&app, &viewer);
        async move {
            let report = json_ok(app.get(&format!("/api/v1/reports/proposals?{q}"), viewer).await, 200).await;
            report["totals"]["proposals"].as_i64().unwrap()
        }
    };
    assert_eq!(count("include_sub_proposals=true".into()).await, 5);
    assert_eq!(count("category=safeguards".into()).await, 3);
    assert_eq!(count("tier=1".into()).await, 2);
    assert_eq!(count("status=rejected".into()).await, 1);
    assert_eq!(count("area=kainuu".into()).await, 1);
    assert_eq!(count("area=pohjois-suomi".into()).await, 1, "the area and its counties");
    assert_eq!(count(format!("event_id={ev}")).await, 2);
    assert_eq!(count("category=human_error&include_sub_proposals=true".into()).await, 2);
    for (q, field) in [
        ("tier=0", "tier"),
        ("category=x", "category"),
        ("area=atlantis", "area"),
        ("include_sub_proposals=maybe", "include_sub_proposals"),
        ("parent=x", "parent"),
    ] {
        let problem =
            assert_problem(app.get(&format!("/api/v1/reports/proposals?{q}"), &viewer).await, 400).await;
        assert_eq!(error_fields(&problem), [field], "{q}");
    }
}

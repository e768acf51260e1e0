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

#[actix_web::test]
async fn the_events_report_sums_by_the_database_ignoring_nulls_and_cancelled_events() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let held = |r: i64, a: i64, est: bool| json!({"status": "held", "registered_count": r, "attended_count": a, "attended_is_estimate": est});
    let a = add_event(&app, &editor, "varsinais-suomi", "2024-03-01", held(10, 8, false)).await;
    let b = add_event(
        &app,
        &editor,
        "lansi-suomi",
        "2024-02-01",
        json!({"registered_count": 5, "city": {"fi": "Pori, \"keskusta\""}}),
    )
    .await;
    add_event(
        &app,
        &editor,
        "lansi-suomi",
        "2024-02-15",
        json!({"status": "cancelled", "registered_count": 99}),
    )
    .await;
    let c = add_event(&app, &editor, "lappi", "2024-04-01", held(20, 25, true)).await;
    let token = app.token_for(Role::Integration).await;
    let all = json_ok(app.get("/api/v1/reports/events", &token).await, 200).await;
    let ids: Vec<&Value> = all["rows"].as_array().unwrap().iter().map(|r| &r["event_id"]).collect();
    assert_eq!(ids, [&b["id"], &a["id"], &c["id"]], "oldest first, cancelled left out");
    assert_eq!(
        all["totals"],
        json!({"registered_count": 35, "attended_count": 33, "events": 3, "attended_is_estimate": true})
    );
    assert_eq!(
        all["rows"][1]["area_name"],
        json!({"fi": "Varsinais-Suomen hyvinvointialue", "sv": "Egentliga Finlands välfärdsområde", "en": "Southwest Finland wellbeing services county"})
    );
    let west = json_ok(app.get("/api/v1/reports/events?area=lansi-suomi", &token).await, 200).await;
    assert_eq!(
        west["totals"],
        json!({"registered_count": 15, "attended_count": 8, "events": 2, "attended_is_estimate": false})
    );
    let dated =
        json_ok(app.get("/api/v1/reports/events?from=2024-02-01&to=2024-03-01", &token).await, 200).await;
    assert_eq!(dated["totals"]["events"], 2);
    let none = json_ok(app.get("/api/v1/reports/events?from=2030-01-01", &token).await, 200).await;
    assert_eq!(
        none["totals"],
        json!({"registered_count": 0, "attended_count": 0, "events": 0, "attended_is_estimate": false})
    );
    let records = csv_records(&get_csv(&app, "/api/v1/reports/events?area=lansi-suomi", &token).await);
    assert_eq!(records.len(), 4);
    assert_eq!(records[1][3], "Pori, \"keskusta\"", "quoting survives the round trip");
    assert_eq!(records[1][6], "", "unknown attendance is an empty cell");
    assert_eq!(records[3][..], ["total", "", "Yhteensä / Total: 2 events", "", "", "15", "8", "false"]);
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
}

#[actix_web::test]
async fn the_proposal_report_counts_by_category_tier_and_status_with_filters() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let ev = json_ok(
        app.post_json(
            "/api/v1/events",
            &editor,
            &json!({"title": {"fi": "T"}, "area": "kainuu", "starts_on": "2024-01-01", "format": "online"}),
        )
        .await,
        201,
    )
    .await;
    let mut made = Vec::new();
    for (cat, tier, status, order) in [
        ("safeguards", 1, "proposed", None),
        ("safeguards", 1, "proposed", None),
        ("safeguards", 2, "selected", Some(1)),
        ("human_error", 3, "rejected", None),
    ] {
        let body = json!({"title": {"fi": format!("{cat} {tier} {status} {}", made.len())}, "category": cat, "tier": tier,
            "status": status, "selected_order": order, "event_ids": if tier == 1 { json!([ev["id"]]) } else { json!([]) },
            "areas": if tier == 3 { json!(["kainuu"]) } else { json!([]) }});
        made.push(json_ok(app.post_json("/api/v1/proposals", &editor, &body).await, 201).await);
    }
    let sub =
        json!({"title": {"fi": "alakohta"}, "category": "human_error", "tier": 1, "parent": made[0]["id"]});
    json_ok(app.post_json("/api/v1/proposals", &editor, &sub).await, 201).await;
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
    assert_eq!(
        (report["totals"]["proposals"].clone(), report["totals"]["selected"].clone()),
        (json!(4), json!(1))
    );
    let count = |q: &'static str| {
        let (app, viewer) = (&app, &viewer);
        async move {
            json_ok(app.get(&format!("/api/v1/reports/proposals?{q}"), viewer).await, 200).await["totals"]
                ["proposals"]
                .clone()
        }
    };
    assert_eq!(count("include_sub_proposals=true").await, 5);
    assert_eq!(count("category=safeguards").await, 3);
    assert_eq!(count("tier=1").await, 2);
    assert_eq!(count("status=rejected").await, 1);
    assert_eq!(count("area=kainuu").await, 1);
    assert_eq!(count("area=pohjois-suomi").await, 1);
    let with_event = format!("/api/v1/reports/proposals?event_id={}", ev["id"].as_str().unwrap());
    assert_eq!(json_ok(app.get(&with_event, &viewer).await, 200).await["totals"]["proposals"], 2);
    let csv = csv_records(&get_csv(&app, "/api/v1/reports/proposals?category=safeguards", &viewer).await);
    assert_eq!(
        csv,
        [
            ["category", "tier", "status", "count"],
            ["safeguards", "1", "proposed", "2"],
            ["safeguards", "2", "selected", "1"],
            ["total", "", "", "3"]
        ]
    );
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

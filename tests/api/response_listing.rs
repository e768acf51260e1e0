//! Reading responses back: keyset pages, filters, county scoping, the CSV
//! export, and erasure with its counts and audit entry.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::responses::{count, post_batch};
use crate::surveys::open_survey;

#[actix_web::test]
async fn listing_pages_filters_and_is_scoped_to_an_integration_clients_county() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "list").await;
    let admin = app.token_for(Role::Admin).await;
    let event = "0190f1c2-0000-7000-8000-0000000000aa";
    app.insert_event(event, "Työpaja", "etela-suomi", "2023-09-01");
    let mut items = Vec::new();
    for (i, area) in
        ["hus", "helsinki", "satakunta", "varsinais-suomi", "hus", "satakunta", "hus"].iter().enumerate()
    {
        let day = format!("2023-09-{:02}T10:00:00Z", 1 + i);
        let mut item = json!({"area": area, "submitted_at": day, "answers": {"safe": 3}});
        if i % 2 == 0 {
            item["event_id"] = json!(event);
        }
        items.push(item);
    }
    let ids = post_batch(&app, &admin, &survey, items).await;
    let base = format!("/api/v1/surveys/{survey}/responses");
    let all = collect_pages(&app, &format!("{base}?limit=3"), &admin).await;
    let got: Vec<&str> = all.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got, ids.iter().map(String::as_str).collect::<Vec<_>>());
    let areas =
        |items: &[Value]| items.iter().map(|r| r["area"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let hus = collect_pages(&app, &format!("{base}?area=hus"), &admin).await;
    assert_eq!(areas(&hus), ["hus", "hus", "hus"]);
    let south = collect_pages(&app, &format!("{base}?area=etela-suomi"), &admin).await;
    assert_eq!(areas(&south), ["hus", "helsinki", "hus", "hus"]);
    let with_event = collect_pages(&app, &format!("{base}?event_id={event}"), &admin).await;
    assert_eq!(with_event.len(), 4);
    let dates = collect_pages(&app, &format!("{base}?from=2023-09-02&to=2023-09-04"), &admin).await;
    assert_eq!(areas(&dates), ["helsinki", "satakunta", "varsinais-suomi"]);
    let editor = app.token_for(Role::Editor).await;
    assert_eq!(collect_pages(&app, &base, &editor).await.len(), 7);

    let satakunta = app.integration_token("satakunta").await;
    let own = collect_pages(&app, &base, &satakunta).await;
    assert_eq!(areas(&own), ["satakunta", "satakunta"]);
    assert_eq!(collect_pages(&app, &format!("{base}?area=satakunta"), &satakunta).await.len(), 2);
    assert_problem(app.get(&format!("{base}?area=hus"), &satakunta).await, 403).await;
    let viewer = app.token_for(Role::Viewer).await;
    assert_problem(app.get(&base, &viewer).await, 403).await;
    assert_problem(app.get(&format!("{base}?area=atlantis"), &admin).await, 400).await;
    assert_problem(app.get(&format!("{base}?from=2023-13-01"), &admin).await, 400).await;
    assert_problem(app.get(&format!("{base}?cursor=bad"), &admin).await, 400).await;
    assert_problem(app.get("/api/v1/surveys/nope/responses", &admin).await, 404).await;
}

#[actix_web::test]
async fn csv_export_holds_every_matching_response_with_one_column_per_question() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "csv").await;
    let admin = app.token_for(Role::Admin).await;
    let items = vec![
        json!({"external_id": "a", "area": "hus", "submitted_at": "2023-10-18T08:30:00Z",
               "answers": {"safe": 4, "again": "yes", "free": "Hyvä, \"selkeä\""}}),
        json!({"area": "satakunta", "answers": {"safe": 2, "grade": 7}}),
    ];
    post_batch(&app, &admin, &survey, items).await;
    let res = app
        .request(Method::GET, &format!("/api/v1/surveys/{survey}/responses?area=hus&limit=1"), &admin)
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "id,survey_id,external_id,event_id,area,submitted_at,created_at,safe,content,grade,again,free"
    );
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains(",a,,hus,2023-10-18T08:30:00Z,"), "{}", lines[1]);
    assert!(lines[1].ends_with(",4,,,yes,\"Hyvä, \"\"selkeä\"\"\""), "{}", lines[1]);
    let all = app
        .request(Method::GET, &format!("/api/v1/surveys/{survey}/responses"), &admin)
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(all.text().await.unwrap().lines().count(), 3, "without a limit, every match");
}

#[actix_web::test]
async fn admins_erase_a_response_its_counts_go_and_the_audit_keeps_no_answers() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "erase").await;
    let admin = app.token_for(Role::Admin).await;
    let items: Vec<Value> =
        (0..6).map(|i| json!({"area": "hus", "answers": {"safe": 1 + i % 5, "free": "salaisuus"}})).collect();
    let ids = post_batch(&app, &admin, &survey, items).await;
    let path = format!("/api/v1/surveys/{survey}/responses/{}", ids[0]);
    let editor = app.token_for(Role::Editor).await;
    assert_problem(app.delete(&path, &editor).await, 403).await;
    assert_problem(app.delete(&path, &app.integration_token("hus").await).await, 403).await;
    let res = app.delete(&path, &admin).await;
    assert_eq!(res.status(), 204);
    assert_problem(app.delete(&path, &admin).await, 404).await;
    assert_problem(app.delete(&format!("/api/v1/surveys/{survey}/responses/nope"), &admin).await, 404).await;
    assert_eq!(count(&app, &survey).await, 5);
    let results =
        json_ok(app.get(&format!("/api/v1/surveys/{survey}/results?group_by=area"), &admin).await, 200).await;
    assert_eq!(results["groups"][0]["n"], 5);
    assert_eq!(
        results["groups"][0]["questions"]["safe"]["distribution"],
        json!({"1": 1, "2": 1, "3": 1, "4": 1, "5": 1})
    );
    let dated = format!("/api/v1/surveys/{survey}/results?group_by=area&from=2000-01-01&to=2999-12-31");
    assert_eq!(json_ok(app.get(&dated, &admin).await, 200).await["groups"][0]["n"], 5, "per-day counts too");
    for id in &ids[1..] {
        let res = app.delete(&format!("/api/v1/surveys/{survey}/responses/{id}"), &admin).await;
        assert_eq!(res.status(), 204);
    }
    for path in [dated.clone(), format!("/api/v1/surveys/{survey}/results?group_by=area&suppress=false")] {
        let emptied = json_ok(app.get(&path, &admin).await, 200).await;
        assert!(emptied["groups"].as_array().unwrap().is_empty(), "no group without responses: {emptied}");
    }
    let audit = json_ok(
        app.get(&format!("/api/v1/audit?entity_type=survey_response&entity_id={}", ids[0]), &admin).await,
        200,
    )
    .await;
    let entry = &audit["items"][0];
    assert_eq!(entry["action"], "erase");
    assert_eq!(
        entry["before"],
        json!({"id": ids[0], "survey_id": survey, "area": "hus", "external_id": null})
    );
    let everything = json_ok(app.get("/api/v1/audit?limit=500", &admin).await, 200).await;
    assert!(!everything.to_string().contains("salaisuus"), "no answer is kept in the audit log");
}

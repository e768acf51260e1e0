//! `/api/v1/surveys/{id}/responses`: single and batch submission, validation,
//! retries, county scoping, listing, CSV export and erasure.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::surveys::{open_survey, survey_body};

fn answer(area: &str, safe: i64) -> Value {
    json!({"area": area, "answers": {"safe": safe}})
}

/// Posts a batch and returns its ids.
pub async fn post_batch(app: &TestApp, token: &str, survey: &str, items: Vec<Value>) -> Vec<String> {
    let path = format!("/api/v1/surveys/{survey}/responses/batch");
    let body = json_ok(app.post_json(&path, token, &json!({"responses": items})).await, 201).await;
    body["ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

pub async fn count(app: &TestApp, survey: &str) -> usize {
    let admin = app.token_for(Role::Admin).await;
    collect_pages(app, &format!("/api/v1/surveys/{survey}/responses?limit=500"), &admin).await.len()
}

#[actix_web::test]
async fn a_response_is_stored_once_and_a_known_external_id_returns_it_with_200() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "single").await;
    app.insert_event("0190f1c2-0000-7000-8000-000000000001", "Työpaja", "etela-suomi", "2023-09-06");
    let token = app.integration_token("hus").await;
    let path = format!("/api/v1/surveys/{survey}/responses");
    let body = json!({"external_id": "r-1", "area": "hus", "submitted_at": "2023-09-06T09:00:00Z",
                      "event_id": "0190f1c2-0000-7000-8000-000000000001",
                      "answers": {"safe": 5, "content": null, "grade": 9, "again": "yes", "free": "hyvä"}});
    let created = json_ok(app.post_json(&path, &token, &body).await, 201).await;
    assert_eq!(created["survey_id"], survey.as_str());
    assert_eq!(created["area"], "hus");
    assert_eq!(created["submitted_at"], "2023-09-06T09:00:00Z");
    assert_eq!(created["event_id"], "0190f1c2-0000-7000-8000-000000000001");
    assert_eq!(created["answers"], json!({"safe": 5, "grade": 9, "again": "yes", "free": "hyvä"}));
    let again = json_ok(app.post_json(&path, &token, &body).await, 200).await;
    assert_eq!(again, created);
    let other_client = app.integration_token("hus").await;
    json_ok(app.post_json(&path, &other_client, &body).await, 201).await;
    let no_id = json_ok(app.post_json(&path, &token, &answer("hus", 3)).await, 201).await;
    assert!(no_id["external_id"].is_null());
    let now = chrono::Utc::now();
    let at = chrono::DateTime::parse_from_rfc3339(no_id["submitted_at"].as_str().unwrap()).unwrap();
    assert!((now - at.with_timezone(&chrono::Utc)).num_seconds().abs() < 60, "submitted_at defaults to now");
    assert_eq!(count(&app, &survey).await, 3);
}

#[actix_web::test]
async fn every_answer_and_field_rule_gets_a_422_naming_the_field() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "rules").await;
    let editor = app.token_for(Role::Editor).await;
    let path = format!("/api/v1/surveys/{survey}/responses");
    let cases = [
        (json!({"area": "hus", "answers": {}}), "answers.safe"),
        (json!({"area": "hus", "answers": {"safe": null}}), "answers.safe"),
        (json!({"area": "hus", "answers": {"safe": 6}}), "answers.safe"),
        (json!({"area": "hus", "answers": {"safe": 0}}), "answers.safe"),
        (json!({"area": "hus", "answers": {"safe": 2.5}}), "answers.safe"),
        (json!({"area": "hus", "answers": {"safe": "3"}}), "answers.safe"),
        (json!({"area": "hus", "answers": {"safe": true}}), "answers.safe"),
        (json!({"area": "hus", "answers": {"safe": 3, "content": 5}}), "answers.content"),
        (json!({"area": "hus", "answers": {"safe": 3, "grade": 11}}), "answers.grade"),
        (json!({"area": "hus", "answers": {"safe": 3, "again": "maybe"}}), "answers.again"),
        (json!({"area": "hus", "answers": {"safe": 3, "free": "x".repeat(4001)}}), "answers.free"),
        (json!({"area": "hus", "answers": {"safe": 3, "free": 7}}), "answers.free"),
        (json!({"area": "hus", "answers": {"safe": 3, "colour": "red"}}), "answers.colour"),
        (json!({"area": "etela-suomi", "answers": {"safe": 3}}), "area"),
        (json!({"area": "atlantis", "answers": {"safe": 3}}), "area"),
        (
            json!({"area": "hus", "submitted_at": "2999-01-01T00:00:00Z", "answers": {"safe": 3}}),
            "submitted_at",
        ),
        (json!({"area": "hus", "submitted_at": "yesterday", "answers": {"safe": 3}}), "submitted_at"),
        (json!({"area": "hus", "event_id": "not-a-uuid", "answers": {"safe": 3}}), "event_id"),
        (
            json!({"area": "hus", "event_id": "0190f1c2-0000-7000-8000-00000000dead", "answers": {"safe": 3}}),
            "event_id",
        ),
        (json!({"area": "hus", "external_id": "", "answers": {"safe": 3}}), "external_id"),
        (json!({"area": "hus", "answers": {"safe": 3}, "mood": "ok"}), "mood"),
        (json!({"answers": {"safe": 3}}), "area"),
        (json!({"area": "hus", "answers": [3]}), "answers"),
    ];
    for (body, field) in cases {
        let problem = assert_problem(app.post_json(&path, &editor, &body).await, 422).await;
        assert_eq!(error_fields(&problem), [field], "{body}");
    }
    let several = json!({"area": "atlantis", "answers": {"content": 9, "grade": 0}});
    let problem = assert_problem(app.post_json(&path, &editor, &several).await, 422).await;
    assert_eq!(error_fields(&problem), ["area", "answers.safe", "answers.content", "answers.grade"]);
    let skew = (chrono::Utc::now() + chrono::Duration::minutes(2)).to_rfc3339();
    let ok = json!({"area": "hus", "submitted_at": skew, "answers": {"safe": 3, "free": "ä".repeat(4000)}});
    json_ok(app.post_json(&path, &editor, &ok).await, 201).await;
    assert_eq!(count(&app, &survey).await, 1);
}

#[actix_web::test]
async fn responses_are_accepted_only_while_the_survey_is_open() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let draft =
        json_ok(app.post_json("/api/v1/surveys", &editor, &survey_body("draft-one")).await, 201).await;
    let id = draft["id"].as_str().unwrap();
    let path = format!("/api/v1/surveys/{id}/responses");
    assert_problem(app.post_json(&path, &editor, &answer("hus", 3)).await, 409).await;
    let batch = json!({"responses": [answer("hus", 3)]});
    assert_problem(app.post_json(&format!("{path}/batch"), &editor, &batch).await, 409).await;
    json_ok(app.patch_json(&format!("/api/v1/surveys/{id}"), &editor, &json!({"status": "open"})).await, 200)
        .await;
    json_ok(app.post_json(&path, &editor, &answer("hus", 3)).await, 201).await;
    json_ok(
        app.patch_json(&format!("/api/v1/surveys/{id}"), &editor, &json!({"status": "closed"})).await,
        200,
    )
    .await;
    assert_problem(app.post_json(&path, &editor, &answer("hus", 3)).await, 409).await;
    assert_problem(app.post_json("/api/v1/surveys/nope/responses", &editor, &answer("hus", 3)).await, 404)
        .await;
}

#[actix_web::test]
async fn integration_clients_submit_for_their_own_county_only_and_viewers_not_at_all() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "scope").await;
    let path = format!("/api/v1/surveys/{survey}/responses");
    let varsinais = app.integration_token("varsinais-suomi").await;
    json_ok(app.post_json(&path, &varsinais, &answer("varsinais-suomi", 4)).await, 201).await;
    assert_problem(app.post_json(&path, &varsinais, &answer("satakunta", 4)).await, 403).await;
    let mixed = json!({"responses": [answer("varsinais-suomi", 4), answer("satakunta", 4), {"area": "hus"}]});
    assert_problem(app.post_json(&format!("{path}/batch"), &varsinais, &mixed).await, 403).await;
    let viewer = app.token_for(Role::Viewer).await;
    assert_problem(app.post_json(&path, &viewer, &answer("hus", 4)).await, 403).await;
    assert_problem(app.http.post(app.url(&path)).json(&answer("hus", 4)).send().await.unwrap(), 401).await;
    let admin = app.token_for(Role::Admin).await;
    json_ok(app.post_json(&path, &admin, &answer("satakunta", 4)).await, 201).await;
    assert_eq!(count(&app, &survey).await, 2);
}

#[actix_web::test]
async fn a_batch_with_bad_items_stores_nothing_and_names_every_bad_item() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "atomic").await;
    let editor = app.token_for(Role::Editor).await;
    let mut items: Vec<Value> = (0..20).map(|i| answer("hus", 1 + i % 5)).collect();
    items[3] = json!({"area": "hus", "answers": {"safe": 9}});
    items[7] = json!({"area": "lansi-suomi", "answers": {"safe": 2, "grade": "10"}});
    items[11] = json!({"area": "hus", "answers": {"safe": 2}, "extra": 1});
    items[12] = json!({"external_id": "dup", "area": "hus", "answers": {"safe": 2}});
    items[15] = json!({"external_id": "dup", "area": "hus", "answers": {"safe": 2}});
    items[19] = json!("not an object");
    let path = format!("/api/v1/surveys/{survey}/responses/batch");
    let problem =
        assert_problem(app.post_json(&path, &editor, &json!({"responses": items})).await, 422).await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(
        fields,
        [
            "responses[11].extra",
            "responses[15].external_id",
            "responses[19]",
            "responses[3].answers.safe",
            "responses[7].answers.grade",
            "responses[7].area"
        ]
    );
    assert_eq!(count(&app, &survey).await, 0, "nothing stored");
    let results =
        json_ok(app.get(&format!("/api/v1/surveys/{survey}/results?suppress=false"), &editor).await, 200)
            .await;
    assert!(results["groups"].as_array().unwrap().is_empty());
    for bad in [json!({"responses": []}), json!({"responses": vec![answer("hus", 3); 5001]})] {
        let problem = assert_problem(app.post_json(&path, &editor, &bad).await, 422).await;
        assert_eq!(error_fields(&problem), ["responses"]);
    }
    assert_problem(app.post_json(&path, &editor, &json!({"items": []})).await, 422).await;
    let raw = |ct: &str, body: &str| {
        app.request(Method::POST, &path, &editor).header("content-type", ct).body(body.to_owned()).send()
    };
    assert_problem(raw("application/json", "{\"responses\": [").await.unwrap(), 400).await;
    assert_problem(raw("text/plain", "{\"responses\": []}").await.unwrap(), 415).await;
}

#[actix_web::test]
async fn a_batch_retried_whole_or_in_part_stores_nothing_twice() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "retry").await;
    let token = app.integration_token("hus").await;
    let item =
        |i: usize| json!({"external_id": format!("x-{i}"), "area": "hus", "answers": {"safe": 1 + (i % 5)}});
    let first = post_batch(&app, &token, &survey, (0..50).map(item).collect()).await;
    assert_eq!(first.len(), 50);
    let again = post_batch(&app, &token, &survey, (0..50).map(item).collect()).await;
    assert_eq!(again, first, "a whole retry answers the stored ids");
    let overlap = post_batch(&app, &token, &survey, (40..60).map(item).collect()).await;
    assert_eq!(overlap[..10], first[40..]);
    assert!(overlap[10..].iter().all(|id| !first.contains(id)));
    let single =
        json_ok(app.post_json(&format!("/api/v1/surveys/{survey}/responses"), &token, &item(7)).await, 200)
            .await;
    assert_eq!(single["id"], first[7].as_str());
    assert_eq!(count(&app, &survey).await, 60);
    let editor = app.token_for(Role::Editor).await;
    let results =
        json_ok(app.get(&format!("/api/v1/surveys/{survey}/results?group_by=area"), &editor).await, 200)
            .await;
    assert_eq!(results["total"]["n"], 60, "counted once each");
}

#[actix_web::test]
async fn an_idempotency_key_replays_a_batch_and_refuses_another_body() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "idem-batch").await;
    let editor = app.token_for(Role::Editor).await;
    let path = format!("/api/v1/surveys/{survey}/responses/batch");
    let post = |n: usize| {
        let items: Vec<Value> = (0..n).map(|_| answer("hus", 3)).collect();
        app.request(Method::POST, &path, &editor)
            .header("Idempotency-Key", "batch-1")
            .json(&json!({"responses": items}))
    };
    let first = json_ok(post(3).send().await.unwrap(), 201).await;
    let again = post(3).send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json_ok(again, 201).await, first);
    assert_problem(post(4).send().await.unwrap(), 422).await;
    assert_eq!(count(&app, &survey).await, 3);
    let single = |area: &str| {
        app.request(Method::POST, &format!("/api/v1/surveys/{survey}/responses"), &editor)
            .header("Idempotency-Key", "one-1")
            .json(&answer(area, 2))
    };
    let one = json_ok(single("hus").send().await.unwrap(), 201).await;
    assert_eq!(json_ok(single("hus").send().await.unwrap(), 201).await, one);
    assert_eq!(count(&app, &survey).await, 4);
}

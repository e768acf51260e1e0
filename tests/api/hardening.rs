//! Hostile and heavy input: bounded bodies and error lists, racing writers,
//! NUL bytes and far-off dates, the token endpoint under a flood of wrong secrets.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::responses::count;
use crate::surveys::open_survey;

/// POSTs `body` as JSON exactly as given (duplicate keys and all).
async fn post_raw(
    app: &TestApp,
    path: &str,
    token: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let req = app.request(Method::POST, path, token).header("content-type", "application/json");
    req.body(body).send().await.unwrap()
}

#[actix_web::test]
async fn a_batch_of_millions_of_tiny_items_is_refused_at_the_limit_with_a_small_answer() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "huge").await;
    let token = app.token_for(Role::Editor).await;
    let mut body = String::from("{\"responses\":[0");
    body.push_str(&",0".repeat(8_000_000));
    body.push_str("]}");
    assert!(body.len() < 16 * 1024 * 1024);
    let path = format!("/api/v1/surveys/{survey}/responses/batch");
    let res = post_raw(&app, &path, &token, body).await;
    let len = res.content_length().unwrap_or(0);
    let problem = assert_problem(res, 422).await;
    assert_eq!(error_fields(&problem), ["responses"], "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("5000"), "{problem}");
    assert!(len < 2_000, "the answer is {len} bytes");
}

#[actix_web::test]
async fn a_batch_of_5000_bad_items_lists_the_first_100_errors_and_counts_them_all() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "bad-items").await;
    let token = app.token_for(Role::Editor).await;
    let items: Vec<Value> = (0..5000).map(|_| json!({"area": "hus", "answers": {"safe": 9}})).collect();
    let path = format!("/api/v1/surveys/{survey}/responses/batch");
    let problem = assert_problem(app.post_json(&path, &token, &json!({"responses": items})).await, 422).await;
    let fields = error_fields(&problem);
    assert_eq!(fields.len(), 100);
    assert_eq!(fields[0], "responses[0].answers.safe");
    assert_eq!(problem["error_count"], 5000, "{}", problem["detail"]);
    assert_eq!(count(&app, &survey).await, 0);
}

#[actix_web::test]
async fn a_huge_bad_value_is_echoed_once_and_cut_short() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "echo").await;
    let token = app.token_for(Role::Editor).await;
    let area = "x".repeat(4 * 1024 * 1024);
    let path = format!("/api/v1/surveys/{survey}/responses");
    let res = app.post_json(&path, &token, &json!({"area": area, "answers": {"safe": 3}})).await;
    let text = res.text().await.unwrap();
    assert!(text.len() < 4_000, "the answer is {} bytes", text.len());
    let code = "q".repeat(100_000);
    let res = app.post_json(&path, &token, &json!({"area": "hus", "answers": {code: 3}})).await;
    let text = res.text().await.unwrap();
    assert!(text.len() < 4_000, "the answer is {} bytes", text.len());
}

#[actix_web::test]
async fn an_answer_given_twice_or_as_a_container_is_a_422_naming_answers() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "dups").await;
    let token = app.token_for(Role::Editor).await;
    let path = format!("/api/v1/surveys/{survey}/responses");
    for body in [
        r#"{"area": "hus", "answers": {"safe": 5, "safe": 1}}"#,
        r#"{"area": "hus", "answers": {"safe": [5, 1]}}"#,
    ] {
        let res = post_raw(&app, &path, &token, body).await;
        let problem = assert_problem(res, 422).await;
        assert!(error_fields(&problem).iter().all(|f| f.starts_with("answers")), "{problem}");
    }
    let batch = format!("/api/v1/surveys/{survey}/responses/batch");
    let res = post_raw(&app, &batch, &token, r#"{"responses": [{"area": "hus", "answers": {"safe": 5}}, {"area": "hus", "answers": {"safe": 5, "safe": 2}}]}"#).await;
    let problem = assert_problem(res, 422).await;
    assert!(error_fields(&problem).iter().all(|f| f.starts_with("responses[1].answers")), "{problem}");
    assert_eq!(count(&app, &survey).await, 0);
}

#[actix_web::test]
async fn eight_racing_writers_all_succeed() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "race").await;
    let areas = ["hus", "helsinki", "varsinais-suomi", "pirkanmaa"];
    let mut writers = Vec::new();
    for w in 0..8 {
        let token = app.token_for(Role::Editor).await;
        let (http, url) = (app.http.clone(), app.url(&format!("/api/v1/surveys/{survey}/responses")));
        writers.push(actix_web::rt::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..40 {
                // Every writer touches the same counters in a different order of areas and values.
                let area = areas[(w + i) % areas.len()];
                let body = json!({"area": area, "answers": {"safe": 1 + (w + i) % 5, "grade": 4 + i % 7}});
                let res = http.post(&url).bearer_auth(&token).json(&body).send().await.unwrap();
                statuses.push(res.status().as_u16());
            }
            statuses
        }));
    }
    let mut statuses = Vec::new();
    for w in writers {
        statuses.extend(w.await.unwrap());
    }
    let failed: Vec<&u16> = statuses.iter().filter(|s| **s != 201).collect();
    assert!(failed.is_empty(), "{} of {} failed: {failed:?}", failed.len(), statuses.len());
    assert_eq!(count(&app, &survey).await, 320);
    let admin = app.token_for(Role::Admin).await;
    let results =
        json_ok(app.get(&format!("/api/v1/surveys/{survey}/results?suppress=false"), &admin).await, 200)
            .await;
    assert_eq!(results["total"]["n"], 320);
}

#[actix_web::test]
async fn nul_bytes_anywhere_are_4xx_never_500() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "nul").await;
    let editor = app.token_for(Role::Editor).await;
    let posts = [
        (
            "/api/v1/events".to_owned(),
            json!({"title": {"fi": "a\u{0}b"}, "area": "hus", "starts_on": "2025-01-01"}),
        ),
        (
            "/api/v1/proposals".to_owned(),
            json!({"title": {"fi": "x\u{0}"}, "category": "client_factors", "tier": 1}),
        ),
        (
            format!("/api/v1/surveys/{survey}/responses"),
            json!({"area": "hus", "answers": {"safe": 3, "free": "\u{0}"}}),
        ),
        (format!("/api/v1/surveys/{survey}/responses"), json!({"area": "hus\u{0}", "answers": {"safe": 3}})),
        (
            format!("/api/v1/surveys/{survey}/responses"),
            json!({"area": "hus", "external_id": "\u{0}", "answers": {"safe": 3}}),
        ),
        (
            format!("/api/v1/surveys/{survey}/responses/batch"),
            json!({"responses": [{"area": "hus", "answers": {"safe": 3, "free": "a\u{0}"}}]}),
        ),
    ];
    for (path, body) in posts {
        let status = app.post_json(&path, &editor, &body).await.status().as_u16();
        assert!((400..500).contains(&status), "POST {path} {body}: {status}");
    }
    for path in [
        "/api/v1/events?area=%00".to_owned(),
        "/api/v1/events?cursor=%00".to_owned(),
        "/api/v1/events/%00".to_owned(),
        "/api/v1/areas/hus%00".to_owned(),
        "/api/v1/proposals?status=%00".to_owned(),
        format!("/api/v1/surveys/{survey}/responses?area=%00"),
        format!("/api/v1/surveys/{survey}/results?event_id=%00"),
        "/api/v1/surveys/%00/results".to_owned(),
        "/api/v1/audit?actor=%00".to_owned(),
    ] {
        let admin = app.token_for(Role::Admin).await;
        let status = app.get(&path, &admin).await.status().as_u16();
        assert!((400..500).contains(&status), "GET {path}: {status}");
    }
    let res = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&client_id=%00&client_secret=x%00")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(count(&app, &survey).await, 0);
}

#[actix_web::test]
async fn dates_far_outside_the_supported_range_are_named_4xx() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "far").await;
    let editor = app.token_for(Role::Editor).await;
    let path = format!("/api/v1/surveys/{survey}/responses");
    let body = json!({"area": "hus", "submitted_at": "-262143-01-01T00:00:00Z", "answers": {"safe": 3}});
    let problem = assert_problem(app.post_json(&path, &editor, &body).await, 422).await;
    assert_eq!(error_fields(&problem), ["submitted_at"]);
    let body = json!({"area": "hus", "submitted_at": "1999-12-31T00:00:00Z", "answers": {"safe": 3}});
    assert_problem(app.post_json(&path, &editor, &body).await, 422).await;
    for path in [
        "/api/v1/events?from=-262143-01-01".to_owned(),
        "/api/v1/events?to=+262142-12-31".to_owned(),
        "/api/v1/reports/events?from=-262143-01-01".to_owned(),
        format!("/api/v1/surveys/{survey}/responses?from=-262143-01-01"),
        format!("/api/v1/surveys/{survey}/results?to=-262143-01-01"),
    ] {
        let problem = assert_problem(app.get(&path, &editor).await, 400).await;
        let named = error_fields(&problem);
        assert!(named == ["from"] || named == ["to"], "{path}: {problem}");
    }
    assert_eq!(count(&app, &survey).await, 0);
}

#[actix_web::test]
async fn repeated_wrong_secrets_get_429_while_successes_are_not_counted() {
    let app = spawn_app().await;
    let good = app.create_client(Role::Viewer, None);
    for _ in 0..20 {
        assert_eq!(app.token_response(&good.id, &good.secret).await.status(), 200);
    }
    let victim = app.create_client(Role::Viewer, None);
    for i in 0..10 {
        assert_eq!(app.token_response(&victim.id, "wrong").await.status(), 401, "attempt {i}");
    }
    let res = app.token_response(&victim.id, "wrong").await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    let body: Value = res.json().await.unwrap();
    assert!(body["error"].is_string(), "{body}");
    // The client id is blocked even with the right secret, and so is the address.
    assert_eq!(app.token_response(&victim.id, &victim.secret).await.status(), 429);
    assert_eq!(app.token_response(&good.id, &good.secret).await.status(), 429);
}

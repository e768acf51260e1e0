//! Conventions every endpoint shares: problem+json for every failure,
//! idempotent creation, and the audit log.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

fn new_area(code: &str) -> Value {
    json!({"code": code, "kind": "city", "parent": "lansi-suomi", "name": {"fi": "Testikaupunki"}})
}

#[actix_web::test]
async fn malformed_requests_get_problem_details_not_500s() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Admin).await;
    let raw = |method: Method, path: &str| app.request(method, path, &token);

    assert_problem(raw(Method::GET, "/api/v1/nothing-here").send().await.unwrap(), 404).await;
    assert_problem(app.http.get(app.url("/no/such/route")).send().await.unwrap(), 404).await;
    let res = raw(Method::DELETE, "/api/v1/areas").send().await.unwrap();
    assert_eq!(res.headers()["allow"], "GET, HEAD, POST");
    assert_problem(res, 405).await;
    let res = raw(Method::PUT, "/api/v1/areas/hus").send().await.unwrap();
    assert_problem(res, 405).await;

    let bad_json = raw(Method::POST, "/api/v1/areas")
        .header("content-type", "application/json")
        .body("{\"code\":")
        .send()
        .await
        .unwrap();
    assert_problem(bad_json, 400).await;
    let trailing = raw(Method::POST, "/api/v1/areas")
        .header("content-type", "application/json")
        .body("{} {}")
        .send()
        .await
        .unwrap();
    assert_problem(trailing, 400).await;
    let text = raw(Method::POST, "/api/v1/areas")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_problem(text, 415).await;
    let none = raw(Method::POST, "/api/v1/areas").body("{}").send().await.unwrap();
    assert_problem(none, 415).await;
    let huge = format!("{{\"code\": \"{}\"}}", "x".repeat(17 * 1024 * 1024));
    let big =
        raw(Method::POST, "/api/v1/areas").header("content-type", "application/json").body(huge).send().await;
    if let Ok(res) = big {
        // The server may also close the connection early; if it answers, it is a 413 problem.
        assert_problem(res, 413).await;
    }
    let wrong_type = app
        .post_json("/api/v1/areas", &token, &json!({"code": 5, "kind": "city", "name": {"fi": "x"}}))
        .await;
    let problem = assert_problem(wrong_type, 422).await;
    assert_eq!(error_fields(&problem), ["code"]);
    let unknown = app
        .post_json(
            "/api/v1/areas",
            &token,
            &json!({"code": "abc", "kind": "city", "parent": "lansi-suomi", "name": {"fi": "x", "de": "y"}}),
        )
        .await;
    let problem = assert_problem(unknown, 422).await;
    assert_eq!(error_fields(&problem), ["name.de"]);

    for query in ["limit=0", "limit=501", "limit=abc", "cursor=%%%", "cursor=bm9wZQ", "unknown=1"] {
        assert_problem(app.get(&format!("/api/v1/areas?{query}"), &token).await, 400).await;
    }
}

#[actix_web::test]
async fn no_error_body_carries_internals() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Admin).await;
    let res = app.post_json("/api/v1/areas", &token, &json!({"code": "x'; DROP TABLE areas; --", "kind": "city", "parent": "lansi-suomi", "name": {"fi": "x"}})).await;
    let body = assert_problem(res, 422).await.to_string().to_lowercase();
    for word in ["select", "insert", "diesel", "sqlite", "postgres", "panicked", "src/"] {
        assert!(!body.contains(word), "{word} in {body}");
    }
}

#[actix_web::test]
async fn an_idempotency_key_replays_the_first_answer() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Editor).await;
    let send = |body: Value, key: &'static str| {
        app.request(Method::POST, "/api/v1/areas", &token).header("idempotency-key", key).json(&body).send()
    };
    let first = send(new_area("idem-city"), "key-1").await.unwrap();
    assert_eq!(first.status(), 201);
    let first_body: Value = first.json().await.unwrap();
    let replay = send(new_area("idem-city"), "key-1").await.unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), first_body);
    let other_body = send(new_area("other-city"), "key-1").await.unwrap();
    assert_problem(other_body, 422).await;
    // Another client's identical key is its own.
    let other_editor = app.token_for(Role::Editor).await;
    let theirs = app
        .request(Method::POST, "/api/v1/areas", &other_editor)
        .header("idempotency-key", "key-1")
        .json(&new_area("their-city"))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 201);
    let all = collect_pages(&app, "/api/v1/areas?limit=500", &token).await;
    assert_eq!(all.iter().filter(|a| a["code"] == "idem-city").count(), 1);
    assert!(all.iter().all(|a| a["code"] != "other-city"));
}

#[actix_web::test]
async fn concurrent_retries_with_one_key_create_once() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Editor).await;
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let req = app.request(Method::POST, "/api/v1/areas", &token).header("idempotency-key", "same");
            actix_web::rt::spawn(req.json(&new_area("race-city")).send())
        })
        .collect();
    let mut bodies = Vec::new();
    for handle in handles {
        let res = handle.await.unwrap().unwrap();
        assert_eq!(res.status(), 201);
        bodies.push(res.json::<Value>().await.unwrap());
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "every retry got the same answer");
    let audit = json_ok(
        app.get("/api/v1/audit?entity_type=area&entity_id=race-city", &app.token_for(Role::Admin).await)
            .await,
        200,
    )
    .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 1, "created exactly once");
}

#[actix_web::test]
async fn every_write_is_audited_with_before_and_after() {
    let app = spawn_app().await;
    let admin_creds = app.create_client(Role::Admin, None);
    let admin = app.token_with(&admin_creds).await;
    json_ok(app.post_json("/api/v1/areas", &admin, &new_area("audit-city")).await, 201).await;
    json_ok(app.patch_json("/api/v1/areas/audit-city", &admin, &json!({"statistics_code": "77"})).await, 200)
        .await;
    let entries =
        json_ok(app.get("/api/v1/audit?entity_type=area&entity_id=audit-city", &admin).await, 200).await;
    let items = entries["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["action"], "update");
    assert_eq!(items[0]["actor"], admin_creds.id.as_str());
    assert!(items[0]["before"]["statistics_code"].is_null());
    assert_eq!(items[0]["after"]["statistics_code"], "77");
    assert_eq!(items[1]["action"], "create");
    assert!(items[1]["before"].is_null());

    let mine = json_ok(app.get(&format!("/api/v1/audit?actor={}", admin_creds.id), &admin).await, 200).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 2);
    let future = json_ok(app.get("/api/v1/audit?from=2999-01-01", &admin).await, 200).await;
    assert!(future["items"].as_array().unwrap().is_empty());
    let paged = collect_pages(&app, "/api/v1/audit?limit=1&entity_type=area", &admin).await;
    assert_eq!(paged.len(), 2);
    assert_problem(app.get("/api/v1/audit?from=yesterday", &admin).await, 400).await;
    let secrets =
        json_ok(app.post_json("/api/v1/clients", &admin, &json!({"name": "n", "role": "viewer"})).await, 201)
            .await;
    let log = json_ok(app.get("/api/v1/audit?entity_type=client", &admin).await, 200).await.to_string();
    assert!(!log.contains(secrets["client_secret"].as_str().unwrap()), "no secret in the audit log");
}

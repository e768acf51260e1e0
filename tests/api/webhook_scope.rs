//! Webhooks: who may subscribe whom, what a county's subscription receives,
//! unsafe URLs, and several instances sending while writers race.

use std::collections::HashMap;

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::events::event;
use crate::helpers::*;
use crate::receiver::Receiver;
use crate::responses::post_batch;
use crate::surveys::open_survey;
use crate::webhooks::{settled, subscribe};

#[actix_web::test]
async fn admins_manage_any_subscription_integration_clients_their_own_and_others_none() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let county = app.create_client(Role::Integration, Some("hus"));
    let county_token = app.token_with(&county).await;
    let other = app.integration_token("satakunta").await;
    let receiver = Receiver::start().await;
    for role in [Role::Viewer, Role::Editor] {
        let token = app.token_for(role).await;
        let res = app.post_json("/api/v1/webhooks", &token, &json!({"url": receiver.url})).await;
        assert_problem(res, 403).await;
        assert_problem(app.get("/api/v1/webhooks", &token).await, 403).await;
    }
    let own = subscribe(&app, &county_token, &receiver, json!({})).await;
    assert_eq!(own["client_id"], county.id.as_str());
    assert_eq!(own["types"], json!(["area", "event", "proposal", "survey", "survey_response"]));
    let for_county =
        subscribe(&app, &admin, &receiver, json!({"client_id": county.id, "types": ["event"]})).await;
    assert_eq!(for_county["client_id"], county.id.as_str());
    let body = json!({"url": receiver.url, "client_id": county.id});
    assert_problem(app.post_json("/api/v1/webhooks", &other, &body).await, 403).await;
    let body = json!({"url": receiver.url, "types": ["client"]});
    let problem = assert_problem(app.post_json("/api/v1/webhooks", &county_token, &body).await, 422).await;
    assert_eq!(error_fields(&problem), ["types"]);
    let body = json!({"url": receiver.url, "types": []});
    assert_problem(app.post_json("/api/v1/webhooks", &county_token, &body).await, 422).await;

    let path = format!("/api/v1/webhooks/{}", own["id"].as_str().unwrap());
    assert_problem(app.get(&path, &other).await, 404).await;
    assert_problem(app.patch_json(&path, &other, &json!({"active": false})).await, 404).await;
    assert_problem(app.delete(&path, &other).await, 404).await;
    let mine = collect_pages(&app, "/api/v1/webhooks?limit=1", &county_token).await;
    assert_eq!(mine.len(), 2);
    assert!(collect_pages(&app, "/api/v1/webhooks", &other).await.is_empty());
    assert!(mine.iter().all(|h| h.get("secret").is_none()), "the secret is shown once");

    let stale = app.request(reqwest::Method::DELETE, &path, &county_token).header("if-match", "\"9\"");
    assert_problem(stale.send().await.unwrap(), 412).await;
    assert_eq!(app.delete(&path, &county_token).await.status(), 204);
    assert_problem(app.get(&path, &county_token).await, 404).await;
    let audit = json_ok(app.get("/api/v1/audit?limit=500", &admin).await, 200).await;
    let actions: Vec<(&str, &str)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity_type"] == "webhook")
        .map(|e| (e["action"].as_str().unwrap(), e["entity_id"].as_str().unwrap()))
        .collect();
    assert!(actions.contains(&("delete", own["id"].as_str().unwrap())), "{actions:?}");
}

#[actix_web::test]
async fn a_county_subscription_receives_its_own_responses_only() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let county = app.integration_token("satakunta").await;
    let receiver = Receiver::start().await;
    let hook = subscribe(&app, &county, &receiver, json!({"types": ["survey_response"]})).await;
    let survey = open_survey(&app, "hooked").await;
    let items = vec![
        json!({"area": "hus", "answers": {"safe": 3}}),
        json!({"area": "satakunta", "answers": {"safe": 4}}),
        json!({"area": "satakunta", "answers": {"safe": 5}}),
    ];
    let ids = post_batch(&app, &admin, &survey, items).await;
    let hus_only =
        post_batch(&app, &admin, &survey, vec![json!({"area": "hus", "answers": {"safe": 1}})]).await;
    let erase = format!("/api/v1/surveys/{survey}/responses/{}", hus_only[0]);
    assert_eq!(app.delete(&erase, &admin).await.status(), 204);
    let erase = format!("/api/v1/surveys/{survey}/responses/{}", ids[1]);
    assert_eq!(app.delete(&erase, &admin).await.status(), 204);

    let mut got = receiver.wait_until("the county's batch and erasure", |g| g.len() >= 2).await;
    got.sort_by_key(|g| g.body["seq"].as_i64());
    actix_web::rt::time::sleep(std::time::Duration::from_millis(500)).await;
    let got_now = receiver.got();
    assert_eq!(got_now.len(), 2, "nothing of other counties: {got_now:#?}");
    assert_eq!(got[0].body["resource"]["area"], "satakunta");
    assert_eq!(got[0].body["resource"]["response_ids"], json!([ids[1], ids[2]]));
    assert_eq!((got[1].body["action"].clone(), got[1].body["id"].clone()), (json!("deleted"), json!(ids[1])));
    assert!(got.iter().all(|g| g.body.get("actor").is_none() && g.verified));
    assert_eq!(settled(&app, &county, &hook, 2).await.len(), 2);
}

#[actix_web::test]
async fn urls_to_special_addresses_and_plain_http_are_refused_unless_insecure_is_allowed() {
    let db = TestDb::create();
    let app = spawn_with(db, |s| s.webhooks.allow_insecure = false).await;
    let admin = app.token_for(Role::Admin).await;
    for url in [
        "http://hooks.example.fi/in",
        "https://127.0.0.1/in",
        "https://localhost:8443/in",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.7/in",
        "https://[::1]/in",
        "https://[fd00:ec2::254]/",
        "https://user:pw@hooks.example.fi/",
        "not a url",
        "ftp://hooks.example.fi/",
    ] {
        let res = app.post_json("/api/v1/webhooks", &admin, &json!({"url": url})).await;
        let problem = assert_problem(res, 422).await;
        assert_eq!(error_fields(&problem), ["url"], "{url}");
    }
    let ok = json_ok(
        app.post_json("/api/v1/webhooks", &admin, &json!({"url": "https://hooks.example.fi/in"})).await,
        201,
    )
    .await;
    let path = format!("/api/v1/webhooks/{}", ok["id"].as_str().unwrap());
    assert_problem(app.patch_json(&path, &admin, &json!({"url": "https://192.168.1.1/"})).await, 422).await;
}

#[actix_web::test]
async fn a_redirect_is_a_failure_and_is_not_followed() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let receiver = Receiver::start().await;
    let hook = subscribe(&app, &admin, &receiver, json!({})).await;
    receiver.answer(&[307]);
    let ping = format!("/api/v1/webhooks/{}/ping", hook["id"].as_str().unwrap());
    json_ok(app.post_json(&ping, &admin, &json!({})).await, 202).await;
    let got = receiver.wait_until("the retry after the redirect", |g| g.len() >= 2).await;
    assert_eq!(got[0].answered, 307);
    assert!(got.iter().all(|g| g.body["type"] == "ping"), "/elsewhere was never asked: {got:#?}");
}

#[actix_web::test]
async fn two_instances_and_racing_writers_deliver_every_change_once() {
    let app = spawn_app().await;
    let (_second, _pool) = spawn_second_instance(&app, |_| {}).await;
    let admin = app.token_for(Role::Admin).await;
    let receiver = Receiver::start().await;
    subscribe(&app, &admin, &receiver, json!({"types": ["event"]})).await;
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let (url, http, admin) = (app.url("/api/v1/events"), app.http.clone(), admin.clone());
            actix_web::rt::spawn(async move {
                for i in 0..10 {
                    let day = format!("2024-{:02}-{:02}", w + 1, i + 1);
                    let res =
                        http.post(&url).bearer_auth(&admin).json(&event("hus", &day)).send().await.unwrap();
                    assert_eq!(res.status(), 201);
                }
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    let got = receiver.wait_until("60 events", |g| g.len() >= 60).await;
    actix_web::rt::time::sleep(std::time::Duration::from_millis(500)).await;
    let got = receiver.got().len().max(got.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for g in receiver.got() {
        *seen.entry(g.id).or_default() += 1;
    }
    assert_eq!((got, seen.len()), (60, 60), "each change once: {seen:?}");
    let (feed, _) = crate::changes::follow(&app, &admin, "event", 0).await;
    let mut delivered: Vec<Value> = receiver.got().into_iter().map(|g| g.body["seq"].clone()).collect();
    delivered.sort_by_key(|v| v.as_i64());
    let feed_seqs: Vec<Value> = feed.iter().map(|c| c["seq"].clone()).collect();
    assert_eq!(delivered, feed_seqs, "exactly the feed's entries");
}

#[actix_web::test]
async fn a_retried_subscription_with_one_idempotency_key_is_created_once_and_shows_no_secret_again() {
    let app = spawn_app().await;
    let county = app.integration_token("hus").await;
    let receiver = Receiver::start().await;
    let send = || {
        app.request(reqwest::Method::POST, "/api/v1/webhooks", &county)
            .header("idempotency-key", "hook-1")
            .json(&json!({"url": receiver.url}))
            .send()
    };
    let first = json_ok(send().await.unwrap(), 201).await;
    assert!(first["secret"].as_str().unwrap().starts_with("whsec_"));
    let res = send().await.unwrap();
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    let again = json_ok(res, 201).await;
    assert_eq!(again["id"], first["id"]);
    assert!(again.get("secret").is_none(), "a secret is shown once: {again}");
    assert_eq!(collect_pages(&app, "/api/v1/webhooks", &county).await.len(), 1);
}

/// A subscription whose owner was deactivated may still be stopped or moved,
/// but not started again or given other types; a refused PATCH changes nothing.
#[actix_web::test]
async fn a_deactivated_owners_subscription_cannot_be_activated_or_retyped() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let county = app.create_client(Role::Integration, Some("hus"));
    let receiver = Receiver::start().await;
    let hook = subscribe(&app, &admin, &receiver, json!({"client_id": county.id, "types": ["event"]})).await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    json_ok(app.patch_json(&path, &admin, &json!({"active": false})).await, 200).await;
    let client = format!("/api/v1/clients/{}", county.id);
    json_ok(app.patch_json(&client, &admin, &json!({"active": false})).await, 200).await;

    let before = json_ok(app.get(&path, &admin).await, 200).await;
    for body in [json!({"active": true}), json!({"types": ["event", "proposal"]})] {
        let problem = assert_problem(app.patch_json(&path, &admin, &body).await, 422).await;
        assert_eq!(error_fields(&problem), ["client_id"], "{body}: {problem}");
        assert_eq!(json_ok(app.get(&path, &admin).await, 200).await, before, "{body} changed nothing");
    }
    let url = format!("{}/moved", receiver.url);
    let moved = json_ok(app.patch_json(&path, &admin, &json!({"url": url})).await, 200).await;
    assert_eq!((moved["url"].clone(), moved["active"].clone()), (json!(url), json!(false)));
}

//! `/api/v1/webhooks`: signed deliveries that the Standard Webhooks reference
//! library verifies, tombstones, retries with attempts recorded, disabling,
//! redelivery and pings, scoping, access, and unsafe URLs.

use std::time::Duration;

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::events::event;
use crate::helpers::*;
use crate::receiver::Receiver;

/// Subscribes `receiver` with `body` (its `url` added) and tells it the secret; the subscription.
pub async fn subscribe(app: &TestApp, token: &str, receiver: &Receiver, mut body: Value) -> Value {
    body["url"] = json!(receiver.url);
    let created = json_ok(app.post_json("/api/v1/webhooks", token, &body).await, 201).await;
    receiver.set_secret(created["secret"].as_str().unwrap());
    created
}

/// The subscription's deliveries (newest first).
pub async fn deliveries(app: &TestApp, token: &str, hook: &Value) -> Vec<Value> {
    let path = format!("/api/v1/webhooks/{}/deliveries?limit=500", hook["id"].as_str().unwrap());
    collect_pages(app, &path, token).await
}

/// The deliveries once none is pending or being answered (a receiver sees a
/// request before the service records its answer).
pub async fn settled(app: &TestApp, token: &str, hook: &Value, attempts: i64) -> Vec<Value> {
    for _ in 0..200 {
        let log = deliveries(app, token, hook).await;
        let total: i64 = log.iter().map(|d| d["attempts"].as_i64().unwrap()).sum();
        if total >= attempts && log.iter().all(|d| d["status"] != "pending") {
            return log;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("deliveries did not settle: {:#?}", deliveries(app, token, hook).await);
}

#[actix_web::test]
async fn every_change_arrives_signed_as_its_feed_entry_and_a_deletion_as_a_tombstone() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let receiver = Receiver::start().await;
    let hook = subscribe(&app, &admin, &receiver, json!({"types": ["event"]})).await;
    assert!(hook["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!((hook["active"].clone(), hook["types"].clone()), (json!(true), json!(["event"])));

    let created =
        json_ok(app.post_json("/api/v1/events", &admin, &event("hus", "2023-09-06")).await, 201).await;
    let path = format!("/api/v1/events/{}", created["id"].as_str().unwrap());
    let updated = json_ok(app.patch_json(&path, &admin, &json!({"venue": "Sali"})).await, 200).await;
    assert_eq!(app.delete(&path, &admin).await.status(), 204);
    json_ok(
        app.post_json(
            "/api/v1/proposals",
            &admin,
            &json!({"title": {"fi": "Ei tilattu"}, "category": "human_error", "tier": 1}),
        )
        .await,
        201,
    )
    .await;

    let mut got = receiver.wait_until("three event changes", |g| g.len() >= 3).await;
    // Deliveries run side by side: they may arrive in any order, `seq` orders them.
    got.sort_by_key(|g| g.body["seq"].as_i64());
    assert!(got.iter().all(|g| g.verified), "the reference library verifies every delivery: {got:#?}");
    let id = created["id"].as_str().unwrap().to_owned();
    let expected: Vec<_> = ["created", "updated", "deleted"]
        .iter()
        .map(|a| ("event".into(), a.to_string(), id.clone()))
        .collect();
    let mut changes = receiver.changes();
    changes.sort_by_key(|(_, action, _)| ["created", "updated", "deleted"].iter().position(|a| a == action));
    assert_eq!(changes, expected, "each once, only the subscribed type");
    assert_eq!(got[1].body["resource"], updated, "an update carries what GET answers");
    assert!(got[2].body.get("resource").is_none(), "a tombstone: {}", got[2].body);
    let (feed, _) = crate::changes::follow(&app, &admin, "event", 0).await;
    assert_eq!(got.iter().map(|g| g.body.clone()).collect::<Vec<_>>(), feed, "the payload is the feed entry");
    let ids: std::collections::HashSet<_> = got.iter().map(|g| g.id.clone()).collect();
    assert_eq!(ids.len(), 3, "a message id per change");

    let log = settled(&app, &admin, &hook, 3).await;
    let kinds: Vec<_> = log.iter().map(|d| d["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["event.deleted", "event.updated", "event.created"], "newest first");
    for d in &log {
        assert_eq!((d["status"].clone(), d["attempts"].clone()), (json!("delivered"), json!(1)), "{d}");
        assert_eq!(d["response_status"], 204);
        assert!(d["duration_ms"].is_number() && d["next_attempt_at"].is_null());
    }
}

#[actix_web::test]
async fn a_receiver_failing_three_times_gets_the_delivery_again_until_it_succeeds() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let receiver = Receiver::start().await;
    let hook = subscribe(&app, &admin, &receiver, json!({"types": ["event"]})).await;
    receiver.answer(&[500, 503, 429]);
    json_ok(app.post_json("/api/v1/events", &admin, &event("hus", "2023-09-06")).await, 201).await;

    let got = receiver.wait_until("a success", |g| g.iter().any(|g| g.answered == 204)).await;
    let answered: Vec<u16> = got.iter().map(|g| g.answered).collect();
    assert_eq!(answered, [500, 503, 429, 204], "the delivery once more after each failure");
    assert!(got.iter().all(|g| g.id == got[0].id && g.verified), "the same message each time, signed anew");
    let log = settled(&app, &admin, &hook, 4).await;
    assert_eq!(log.len(), 1);
    let d = &log[0];
    assert_eq!((d["status"].clone(), d["attempts"].clone()), (json!("delivered"), json!(4)), "{d}");
    assert!(d["error"].is_null() && d["delivered_at"].is_string(), "{d}");
}

#[actix_web::test]
async fn a_subscription_failing_for_the_whole_window_is_disabled_and_resumes_when_activated() {
    let db = TestDb::create();
    let app = spawn_with(db, |s| s.webhooks.disable_after = Duration::from_millis(1500)).await;
    let admin = app.token_for(Role::Admin).await;
    let receiver = Receiver::start().await;
    let hook = subscribe(&app, &admin, &receiver, json!({"types": ["event"]})).await;
    receiver.answer(&[500; 10]);
    json_ok(app.post_json("/api/v1/events", &admin, &event("hus", "2023-09-06")).await, 201).await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    let mut current = Value::Null;
    for _ in 0..100 {
        current = json_ok(app.get(&path, &admin).await, 200).await;
        if current["active"] == false {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(current["active"], false, "{current}");
    assert!(current["disabled_reason"].as_str().unwrap().contains("failed since"), "{current}");
    let listed = json_ok(app.get("/api/v1/webhooks", &admin).await, 200).await;
    assert_eq!(listed["items"], json!([current]), "the list shows the dispatcher's write too");
    let log = deliveries(&app, &admin, &hook).await;
    assert_eq!(log[0]["status"], "pending", "kept for when it is activated: {}", log[0]);
    assert!(log[0]["error"].as_str().unwrap().starts_with("HTTP 500"), "{}", log[0]);
    assert!(log[0]["error"].as_str().unwrap().len() < 400, "the answer is cut: {}", log[0]);

    json_ok(app.post_json("/api/v1/events", &admin, &event("hus", "2023-09-07")).await, 201).await;
    receiver.clear_answers();
    let res = app.patch_json(&path, &admin, &json!({"active": true})).await;
    let again = json_ok(res, 200).await;
    assert!(again["disabled_reason"].is_null());
    receiver.wait_until("both events", |_| receiver.changes().len() == 2).await;
}

#[actix_web::test]
async fn redelivery_sends_the_same_message_again_and_a_ping_reaches_the_receiver() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let receiver = Receiver::start().await;
    let hook = subscribe(&app, &admin, &receiver, json!({})).await;
    let base = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    let ping = json_ok(app.post_json(&format!("{base}/ping"), &admin, &json!({})).await, 202).await;
    assert_eq!((ping["type"].clone(), ping["status"].clone()), (json!("ping"), json!("pending")));
    let got = receiver.wait_until("the ping", |g| !g.is_empty()).await;
    assert_eq!((got[0].body["type"].clone(), got[0].verified), (json!("ping"), true));
    assert_eq!(got[0].id, ping["id"].as_str().unwrap());

    let again = format!("{base}/deliveries/{}/redeliver", ping["id"].as_str().unwrap());
    json_ok(app.post_json(&again, &admin, &json!({})).await, 202).await;
    let got = receiver.wait_until("the redelivery", |g| g.len() == 2).await;
    assert_eq!(got[1].id, got[0].id, "the same message id");
    let log = settled(&app, &admin, &hook, 2).await;
    assert_eq!(log[0]["attempts"], 2);
    let missing = format!("{base}/deliveries/msg_nope/redeliver");
    assert_problem(app.post_json(&missing, &admin, &json!({})).await, 404).await;

    let rotated = json_ok(app.post_json(&format!("{base}/secret"), &admin, &json!({})).await, 200).await;
    assert_ne!(rotated["secret"], hook["secret"]);
    json_ok(app.post_json(&format!("{base}/ping"), &admin, &json!({})).await, 202).await;
    let got = receiver.wait_until("a ping after rotation", |g| g.len() == 3).await;
    assert!(!got[2].verified, "signed with the new secret, not the one the receiver knows");
    receiver.set_secret(rotated["secret"].as_str().unwrap());
    json_ok(app.post_json(&format!("{base}/ping"), &admin, &json!({})).await, 202).await;
    assert!(receiver.wait_until("one more ping", |g| g.len() == 4).await[3].verified);
}

//! Deliveries are rows: a service killed with `kill -9` while deliveries wait
//! for a failing receiver delivers every one of them after a restart.

use std::time::Duration;

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::events::event;
use crate::helpers::*;
use crate::receiver::Receiver;
use crate::storage::{serve_with, Server};

const ENV: [(&str, &str); 2] = [("WEBHOOK_ALLOW_INSECURE", "true"), ("WEBHOOK_RETRY_BASE_MS", "200")];

async fn admin_token(http: &reqwest::Client, server: &Server, id: &str, secret: &str) -> String {
    let res = http
        .post(format!("{}/api/v1/auth/token", server.1))
        .form(&[("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)])
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn deliveries_pending_when_the_service_is_killed_arrive_after_a_restart() {
    let db = TestDb::create();
    let pool =
        client_safety::startup::prepare_database(&client_safety::db::DbUrl::parse(&db.url()).unwrap(), 1)
            .unwrap();
    let creds = client_safety::db::write_tx(&mut pool.get().unwrap(), |c| {
        client_safety::clients::service::create(c, "test", "ops", Role::Admin, None)
    })
    .unwrap();
    let (id, secret) = (creds.client.client_id, creds.client_secret);
    let http = reqwest::Client::new();
    let receiver = Receiver::start().await;
    receiver.answer(&[503; 10_000]);

    let mut server = serve_with(&db, &ENV);
    let token = admin_token(&http, &server, &id, &secret).await;
    let post = |path: &str, body: Value| {
        http.post(format!("{}{path}", server.1)).bearer_auth(&token).json(&body).send()
    };
    let hook: Value = post("/api/v1/webhooks", json!({"url": receiver.url, "types": ["event"]}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    receiver.set_secret(hook["secret"].as_str().unwrap());
    for day in 1..=20 {
        let res = post("/api/v1/events", event("hus", &format!("2024-03-{day:02}"))).await.unwrap();
        assert_eq!(res.status(), 201);
    }
    receiver
        .wait_until("a failed attempt of each", |g| {
            g.iter().map(|g| g.id.as_str()).collect::<std::collections::HashSet<_>>().len() == 20
        })
        .await;
    for day in 21..=25 {
        post("/api/v1/events", event("hus", &format!("2024-03-{day:02}"))).await.unwrap();
    }
    server.0.kill().unwrap(); // SIGKILL: no shutdown of any kind
    server.0.wait().unwrap();

    receiver.clear_answers();
    let server = serve_with(&db, &ENV);
    let delivered = receiver
        .wait_until("all 25 events after the restart", |g| {
            let ok = g.iter().filter(|g| g.answered == 204 && g.verified);
            ok.map(|g| g.body["seq"].clone()).collect::<std::collections::HashSet<_>>().len() == 25
        })
        .await;
    assert!(delivered.iter().all(|g| g.verified));
    let token = admin_token(&http, &server, &id, &secret).await;
    let path = format!(
        "{}/api/v1/webhooks/{}/deliveries?status=delivered&limit=100",
        server.1,
        hook["id"].as_str().unwrap()
    );
    for _ in 0..100 {
        let page: Value = http.get(&path).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        if page["items"].as_array().unwrap().len() == 25 {
            return;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the log does not show 25 delivered");
}

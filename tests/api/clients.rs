//! `/api/v1/clients`: admin only, secrets shown once, rotation, deactivation.

use client_safety::auth::Role;
use serde_json::json;

use crate::helpers::*;

#[actix_web::test]
async fn only_admins_manage_clients() {
    let app = spawn_app().await;
    for role in [Role::Editor, Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        assert_problem(app.get("/api/v1/clients", &token).await, 403).await;
        let res = app.post_json("/api/v1/clients", &token, &json!({"name": "x", "role": "viewer"})).await;
        assert_problem(res, 403).await;
        assert_problem(app.get("/api/v1/audit", &token).await, 403).await;
    }
}

#[actix_web::test]
async fn an_admin_creates_a_client_whose_secret_works_once_shown() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let res = app
        .post_json(
            "/api/v1/clients",
            &admin,
            &json!({"name": "Pirha", "role": "integration", "area": "pirkanmaa"}),
        )
        .await;
    assert!(res.headers().contains_key("location"));
    let created = json_ok(res, 201).await;
    let id = created["client_id"].as_str().unwrap().to_owned();
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(created["area"], "pirkanmaa");
    let token = app.token_with(&Creds { id: id.clone(), secret }).await;
    json_ok(app.get("/api/v1/areas", &token).await, 200).await;

    let fetched = json_ok(app.get(&format!("/api/v1/clients/{id}"), &admin).await, 200).await;
    assert!(fetched.get("client_secret").is_none(), "the secret is never shown again");
    let listed = collect_pages(&app, "/api/v1/clients?limit=1", &admin).await;
    assert!(listed.iter().any(|c| c["client_id"] == id.as_str()));
    assert!(listed.iter().all(|c| c.get("client_secret").is_none() && c.get("secret_hash").is_none()));
}

#[actix_web::test]
async fn client_input_is_validated() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let cases = [
        (json!({"name": "x", "role": "integration"}), "area"),
        (json!({"name": "x", "role": "integration", "area": "lansi-suomi"}), "area"),
        (json!({"name": "x", "role": "integration", "area": "atlantis"}), "area"),
        (json!({"name": "x", "role": "viewer", "area": "pirkanmaa"}), "area"),
        (json!({"name": "  ", "role": "viewer"}), "name"),
        (json!({"name": "x", "role": "root"}), "role"),
        (json!({"name": "x", "role": "viewer", "secret": "mine"}), "secret"),
    ];
    for (body, field) in cases {
        let problem = assert_problem(app.post_json("/api/v1/clients", &admin, &body).await, 422).await;
        assert!(error_fields(&problem).iter().any(|f| f == field), "{body} → {problem}");
    }
}

#[actix_web::test]
async fn rotating_a_secret_retires_the_old_one() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let c = app.create_client(Role::Editor, None);
    let res = app.post_json(&format!("/api/v1/clients/{}/secret", c.id), &admin, &json!({})).await;
    let rotated = json_ok(res, 200).await;
    let new_secret = rotated["client_secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, c.secret);
    let old = app.token_response(&c.id, &c.secret).await;
    assert_eq!(old.status(), 401);
    app.token_with(&Creds { id: c.id.clone(), secret: new_secret }).await;
    assert_problem(app.post_json("/api/v1/clients/nope/secret", &admin, &json!({})).await, 404).await;
}

#[actix_web::test]
async fn patching_a_client_honours_if_match() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let c = app.create_client(Role::Viewer, None);
    let path = format!("/api/v1/clients/{}", c.id);
    let res = app.get(&path, &admin).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let res = app
        .request(reqwest::Method::PATCH, &path, &admin)
        .header("if-match", &etag)
        .json(&json!({"name": "renamed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_ok(res, 200).await["name"], "renamed");
    let stale = app
        .request(reqwest::Method::PATCH, &path, &admin)
        .header("if-match", &etag)
        .json(&json!({"name": "again"}))
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412).await;
    assert_eq!(json_ok(app.get(&path, &admin).await, 200).await["name"], "renamed");
}

#[actix_web::test]
async fn a_replayed_client_creation_does_not_show_the_secret_again() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let body = json!({"name": "replayed", "role": "viewer"});
    let send = || {
        app.request(reqwest::Method::POST, "/api/v1/clients", &admin)
            .header("idempotency-key", "k")
            .json(&body)
            .send()
    };
    let first = json_ok(send().await.unwrap(), 201).await;
    assert!(first["client_secret"].is_string());
    let replay = json_ok(send().await.unwrap(), 201).await;
    assert_eq!(replay["client_id"], first["client_id"], "the same client, not a second one");
    assert!(replay.get("client_secret").is_none(), "the secret is shown once: {replay}");
    let all = collect_pages(&app, "/api/v1/clients?limit=500", &admin).await;
    assert_eq!(all.iter().filter(|c| c["name"] == "replayed").count(), 1);
}

#[actix_web::test]
async fn the_client_list_shows_each_client_as_get_does_after_every_kind_of_write() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let (c, other) = (app.create_client(Role::Viewer, None), app.create_client(Role::Editor, None));
    let path = format!("/api/v1/clients/{}", c.id);
    json_ok(app.patch_json(&path, &admin, &json!({"name": "renamed"})).await, 200).await;
    json_ok(app.post_json(&format!("{path}/secret"), &admin, &json!({})).await, 200).await;
    let last = json_ok(app.patch_json(&path, &admin, &json!({"active": false})).await, 200).await;
    assert_eq!(
        (last["name"].clone(), last["active"].clone(), last["version"].clone()),
        (json!("renamed"), json!(false), json!(4))
    );
    // As a row stored before representations were kept: rendered when listed.
    assert_eq!(app.exec_sql("UPDATE api_clients SET doc = NULL WHERE id = $1", &other.id), 1);
    let (mut listed, mut cursor) = (Vec::new(), String::new());
    loop {
        let page = json_ok(app.get(&format!("/api/v1/clients?limit=2{cursor}"), &admin).await, 200).await;
        listed.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert!(listed.len() >= 3, "the test's clients and the admin: {listed:?}");
    for item in &listed {
        let one = json_ok(
            app.get(&format!("/api/v1/clients/{}", item["client_id"].as_str().unwrap()), &admin).await,
            200,
        )
        .await;
        assert_eq!(item, &one);
    }
    assert!(listed.iter().any(|i| i["client_id"] == c.id.as_str() && i == &last));
}

/// Eight PATCHes of `path` at once: each a 200 or a 412 (the row changed
/// meanwhile), never a 500; afterwards the list shows what `GET` shows.
async fn racing_patches_keep_the_list_true(
    app: &TestApp,
    admin: &str,
    path: &str,
    list: &str,
    body: impl Fn(usize) -> serde_json::Value,
) {
    let before = json_ok(app.get(path, admin).await, 200).await["version"].as_i64().unwrap();
    let handles: Vec<_> = (0..8)
        .map(|i| actix_web::rt::spawn(app.request(reqwest::Method::PATCH, path, admin).json(&body(i)).send()))
        .collect();
    let mut won = 0;
    for handle in handles {
        let status = handle.await.unwrap().unwrap().status().as_u16();
        assert!(status == 200 || status == 412, "{path}: {status}");
        won += i64::from(status == 200);
    }
    assert!(won >= 1, "{path}: one writer at least gets through");
    let one = json_ok(app.get(path, admin).await, 200).await;
    assert_eq!(one["version"].as_i64().unwrap(), before + won, "{path}: one version a successful write");
    let listed = collect_pages(app, list, admin).await;
    assert!(listed.contains(&one), "{path}: the list shows {one} as GET does: {listed:?}");
}

#[actix_web::test]
async fn racing_writers_of_a_client_and_a_subscription_leave_their_lists_as_get_shows_them() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let c = app.create_client(Role::Integration, Some("hus"));
    let path = format!("/api/v1/clients/{}", c.id);
    racing_patches_keep_the_list_true(
        &app,
        &admin,
        &path,
        "/api/v1/clients?limit=2",
        |i| json!({"name": format!("writer {i}")}),
    )
    .await;
    let receiver = crate::receiver::Receiver::start().await;
    let hook =
        crate::webhooks::subscribe(&app, &admin, &receiver, json!({"client_id": c.id, "types": ["event"]}))
            .await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    racing_patches_keep_the_list_true(
        &app,
        &admin,
        &path,
        "/api/v1/webhooks?limit=2",
        |i| json!({"active": i % 2 == 0}),
    )
    .await;
}

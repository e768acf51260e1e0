//! `/api/v1/proposals/{id}/endorsements`: one endorsement per county.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::proposals::{create, id, proposal};

#[actix_web::test]
async fn a_county_endorses_a_proposal_once_and_is_counted_once() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let p = create(&app, &editor, &proposal("Tarkistuslista", "safeguards", 2)).await;
    let path = format!("/api/v1/proposals/{}/endorsements", id(&p));
    let county_creds = app.create_client(Role::Integration, Some("pirkanmaa"));
    let county = app.token_with(&county_creds).await;
    let first = app.request(Method::POST, &path, &county).send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(
        (first["area"].clone(), first["client_id"].clone()),
        (json!("pirkanmaa"), json!(county_creds.id))
    );
    let again = app.request(Method::POST, &path, &county).send().await.unwrap();
    assert_eq!(again.status(), 200, "a repeat is not a duplicate");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let same_county_other_client = app.integration_token("pirkanmaa").await;
    assert_eq!(
        app.request(Method::POST, &path, &same_county_other_client).send().await.unwrap().status(),
        200
    );
    let other = app.integration_token("lappi").await;
    let keyed =
        |key: &'static str| app.request(Method::POST, &path, &other).header("idempotency-key", key).send();
    assert_eq!(keyed("k1").await.unwrap().status(), 201);
    let replay = keyed("k1").await.unwrap();
    assert_eq!(
        (replay.status().as_u16(), replay.headers()["idempotent-replayed"].to_str().unwrap()),
        (201, "true")
    );
    for role in [Role::Admin, Role::Editor, Role::Viewer] {
        let token = app.token_for(role).await;
        assert_problem(app.request(Method::POST, &path, &token).send().await.unwrap(), 403).await;
    }
    assert_problem(
        app.request(Method::POST, "/api/v1/proposals/nope/endorsements", &county).send().await.unwrap(),
        404,
    )
    .await;
    let viewer = app.token_for(Role::Viewer).await;
    let list = json_ok(app.get(&path, &viewer).await, 200).await;
    let areas: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|e| e["area"].as_str().unwrap()).collect();
    assert_eq!(areas, ["lappi", "pirkanmaa"]);
    let got = json_ok(app.get(&format!("/api/v1/proposals/{}", id(&p)), &viewer).await, 200).await;
    assert_eq!(got["endorsement_count"], 2);
    assert_problem(app.get("/api/v1/proposals/nope/endorsements", &viewer).await, 404).await;
    let admin = app.token_for(Role::Admin).await;
    let audit = json_ok(app.get("/api/v1/audit?entity_type=endorsement", &admin).await, 200).await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 2, "one audit entry per endorsement");
}

#[actix_web::test]
async fn concurrent_first_endorsements_by_one_county_make_one() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let p = create(&app, &editor, &proposal("Kilpa", "client_factors", 1)).await;
    let path = format!("/api/v1/proposals/{}/endorsements", id(&p));
    let county = app.integration_token("kainuu").await;
    let handles: Vec<_> =
        (0..6).map(|_| actix_web::rt::spawn(app.request(Method::POST, &path, &county).send())).collect();
    let mut statuses = Vec::new();
    for h in handles {
        statuses.push(h.await.unwrap().unwrap().status().as_u16());
    }
    statuses.sort();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 201]);
    let got = json_ok(app.get(&format!("/api/v1/proposals/{}", id(&p)), &county).await, 200).await;
    assert_eq!(got["endorsement_count"], 1);
    assert_problem(app.http.post(app.url(&path)).send().await.unwrap(), 401).await;
    assert_problem(app.http.get(app.url(&path)).send().await.unwrap(), 401).await;
}

#[actix_web::test]
async fn an_endorsement_bumps_the_proposals_version_and_etag_and_a_repeat_does_not() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let p = create(&app, &editor, &proposal("Tarkistuslista", "safeguards", 2)).await;
    let url = format!("/api/v1/proposals/{}", id(&p));
    let etag = |res: &reqwest::Response| res.headers()["etag"].to_str().unwrap().to_owned();
    let before = app.get(&url, &editor).await;
    let before_etag = etag(&before);
    let before: Value = before.json().await.unwrap();
    let county = app.integration_token("pirkanmaa").await;
    let endorse = format!("{url}/endorsements");
    assert_eq!(app.request(Method::POST, &endorse, &county).send().await.unwrap().status(), 201);
    let after = app.get(&url, &editor).await;
    let after_etag = etag(&after);
    let after: Value = after.json().await.unwrap();
    assert_eq!(after["endorsement_count"], 1);
    assert_eq!(after["version"], before["version"].as_i64().unwrap() + 1);
    assert_ne!(after_etag, before_etag);
    let stale = app
        .request(Method::PATCH, &url, &editor)
        .header("if-match", before_etag)
        .json(&json!({"tier": 1}))
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412).await;
    assert_eq!(app.request(Method::POST, &endorse, &county).send().await.unwrap().status(), 200);
    assert_eq!(etag(&app.get(&url, &editor).await), after_etag, "a repeated endorsement changes nothing");
}

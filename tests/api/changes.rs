//! `/api/v1/changes`: the change feed: every type with its action, version and
//! representation, tombstones, scoping, parameters, retention, and no change
//! skipped or repeated while writers race a poller.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::events::event;
use crate::helpers::*;
use crate::responses::post_batch;
use crate::surveys::open_survey;

/// Every entry after `after` of `types`, following `next_after` to the end.
pub async fn follow(app: &TestApp, token: &str, types: &str, after: i64) -> (Vec<Value>, i64) {
    let mut after = after;
    let mut items = Vec::new();
    loop {
        let path = format!("/api/v1/changes?types={types}&after={after}&limit=1000");
        let page = json_ok(app.get(&path, token).await, 200).await;
        let got = page["items"].as_array().unwrap().clone();
        after = page["next_after"].as_i64().unwrap();
        if got.is_empty() {
            return (items, after);
        }
        items.extend(got);
    }
}

fn summary(items: &[Value]) -> Vec<(String, String, Value)> {
    items
        .iter()
        .map(|c| {
            (
                c["type"].as_str().unwrap().to_owned(),
                c["action"].as_str().unwrap().to_owned(),
                c["version"].clone(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn each_write_appears_once_with_its_action_version_and_representation() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let admin = app.token_for(Role::Admin).await;
    let (_, start) = follow(&app, &admin, "area,event,proposal,survey,survey_response", 0).await;

    let created =
        json_ok(app.post_json("/api/v1/events", &editor, &event("hus", "2023-09-06")).await, 201).await;
    let path = format!("/api/v1/events/{}", created["id"].as_str().unwrap());
    json_ok(app.patch_json(&path, &editor, &json!({"venue": "Sali"})).await, 200).await;
    let current = json_ok(app.get(&path, &editor).await, 200).await;
    let p = json_ok(
        app.post_json(
            "/api/v1/proposals",
            &editor,
            &json!({"title": {"fi": "Ehdotus"}, "category": "human_error", "tier": 1}),
        )
        .await,
        201,
    )
    .await;
    let county = app.integration_token("hus").await;
    let endorse = format!("/api/v1/proposals/{}/endorsements", p["id"].as_str().unwrap());
    assert!(app.request(Method::POST, &endorse, &county).send().await.unwrap().status().is_success());
    let survey = open_survey(&app, "feed").await;
    let ids =
        post_batch(&app, &editor, &survey, vec![json!({"area": "hus", "answers": {"safe": 3}}); 3]).await;
    let erase = format!("/api/v1/surveys/{survey}/responses/{}", ids[0]);
    assert_eq!(app.delete(&erase, &admin).await.status(), 204);
    assert_eq!(app.delete(&path, &editor).await.status(), 204);

    let (items, next) = follow(&app, &admin, "area,event,proposal,survey,survey_response", start).await;
    let expected = [
        ("event", "created", json!(1)),
        ("event", "updated", json!(2)),
        ("proposal", "created", json!(1)),
        ("proposal", "updated", json!(2)),
        ("survey", "created", json!(1)),
        ("survey_response", "created", Value::Null),
        ("survey_response", "deleted", Value::Null),
        ("event", "deleted", json!(2)),
    ];
    let expected: Vec<_> = expected.into_iter().map(|(t, a, v)| (t.to_owned(), a.to_owned(), v)).collect();
    assert_eq!(summary(&items), expected);
    let seqs: Vec<i64> = items.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(next, *seqs.last().unwrap());
    assert_eq!(items[1]["resource"], current, "an update carries what GET answers");
    assert_eq!(items[0]["id"], created["id"]);
    assert!(items[0]["actor"].is_string(), "admins see who made it");
    let batch = &items[5]["resource"];
    assert_eq!(batch["survey_id"], survey.as_str());
    assert_eq!((batch["area"].clone(), batch["count"].clone()), (json!("hus"), json!(3)));
    assert_eq!(batch["response_ids"], json!(ids));
    assert!(batch.get("answers").is_none());
    for tombstone in [&items[6], &items[7]] {
        assert!(tombstone.get("resource").is_none(), "a tombstone has no resource: {tombstone}");
    }
    assert_eq!(items[6]["id"], ids[0].as_str());
    assert_eq!(items[7]["id"], created["id"]);
    let (rest, again) = follow(&app, &admin, "event", next).await;
    assert!(rest.is_empty());
    assert_eq!(again, next, "an empty read resumes from where it was");

    let one =
        json_ok(app.get(&format!("/api/v1/changes?after={start}&limit=1&types=event"), &admin).await, 200)
            .await;
    assert_eq!(one["items"].as_array().unwrap().len(), 1);
    assert_eq!(one["next_after"], seqs[0]);
    let viewer = app.token_for(Role::Viewer).await;
    let seen =
        json_ok(app.get(&format!("/api/v1/changes?after={start}&types=event"), &viewer).await, 200).await;
    assert!(seen["items"][0].get("actor").is_none(), "only admins see who made a change");
}

#[actix_web::test]
async fn a_county_follows_its_own_responses_only_and_nobody_but_admins_sees_clients() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "scope").await;
    let items = vec![
        json!({"area": "hus", "answers": {"safe": 3}}),
        json!({"area": "satakunta", "answers": {"safe": 4}}),
        json!({"area": "satakunta", "answers": {"safe": 5}}),
    ];
    let ids = post_batch(&app, &admin, &survey, items).await;
    let satakunta = app.integration_token("satakunta").await;
    let (seen, _) = follow(&app, &satakunta, "survey_response", 0).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["resource"]["area"], "satakunta");
    assert_eq!(seen[0]["resource"]["response_ids"], json!([ids[1], ids[2]]));
    let erase = format!("/api/v1/surveys/{survey}/responses/{}", ids[0]);
    assert_eq!(app.delete(&erase, &admin).await.status(), 204);

    let everything = json_ok(app.get("/api/v1/changes?limit=1000", &satakunta).await, 200).await;
    let types: HashSet<&str> =
        everything["items"].as_array().unwrap().iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert!(!types.contains("client"), "{types:?}");
    let responses: Vec<&Value> =
        everything["items"].as_array().unwrap().iter().filter(|c| c["type"] == "survey_response").collect();
    assert_eq!(responses.len(), 1, "no other county's responses, not even their erasure: {responses:?}");
    assert_problem(app.get("/api/v1/changes?types=client", &satakunta).await, 403).await;

    let viewer = app.token_for(Role::Viewer).await;
    let (seen, _) = follow(&app, &viewer, "area,event,proposal,survey", 0).await;
    assert!(seen.iter().all(|c| c["type"] == "survey"), "{seen:?}");
    for types in ["client", "survey_response"] {
        assert_problem(app.get(&format!("/api/v1/changes?types={types}"), &viewer).await, 403).await;
    }
    let all = json_ok(app.get("/api/v1/changes?limit=1000", &viewer).await, 200).await;
    assert!(all["items"].as_array().unwrap().iter().all(|c| c["type"] == "survey"));
    let (clients, _) = follow(&app, &admin, "client", 0).await;
    assert!(clients.len() >= 3, "admins follow clients: {clients:?}");
    assert!(clients.iter().all(|c| c["resource"].get("client_secret").is_none()));
}

#[actix_web::test]
async fn bad_parameters_are_400_and_an_expired_after_is_410() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    for query in ["after=-1", "after=x", "limit=0", "limit=1001", "types=event,bogus", "since=1"] {
        assert_problem(app.get(&format!("/api/v1/changes?{query}"), &admin).await, 400).await;
    }
    let editor = app.token_for(Role::Editor).await;
    for day in ["2023-09-01", "2023-09-02", "2023-09-03"] {
        json_ok(app.post_json("/api/v1/events", &editor, &event("hus", day)).await, 201).await;
    }
    let (before, last) = follow(&app, &admin, "event", 0).await;
    assert_eq!(before.len(), 3);
    let first = before[0]["seq"].as_i64().unwrap();
    let mut conn = app.pool.get().unwrap();
    let pruned = client_safety::changes::service::prune(&mut conn, 0).unwrap();
    assert!(pruned >= 3);
    let gone = assert_problem(app.get(&format!("/api/v1/changes?after={first}"), &admin).await, 410).await;
    assert!(gone["detail"].as_str().unwrap().contains("afresh"), "{gone}");
    let fresh = json_ok(app.get("/api/v1/changes?after=0", &admin).await, 200).await;
    assert_eq!(fresh["items"], json!([]));
    assert!(fresh["next_after"].as_i64().unwrap() >= last);
    let resumed =
        json_ok(app.get(&format!("/api/v1/changes?after={}", fresh["next_after"]), &admin).await, 200).await;
    assert_eq!(resumed["items"], json!([]));
}

/// One writer's work: events created, changed and some deleted, and response batches.
async fn write_for(
    app_url: String,
    http: reqwest::Client,
    token: String,
    survey: String,
    w: usize,
    until: Instant,
) -> usize {
    let mut writes = 0;
    let mut i = 0;
    while Instant::now() < until {
        i += 1;
        if w % 3 == 2 {
            let items =
                json!({"responses": vec![json!({"area": "hus", "answers": {"safe": 1 + i % 5}}); 1 + i % 4]});
            let res = http
                .post(format!("{app_url}/api/v1/surveys/{survey}/responses/batch"))
                .bearer_auth(&token)
                .json(&items)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
            writes += 1;
            continue;
        }
        let body = event("hus", &format!("2023-{:02}-{:02}", 1 + w % 12, 1 + i % 28));
        let res = http
            .post(format!("{app_url}/api/v1/events"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        let path = format!("{app_url}/api/v1/events/{}", created["id"].as_str().unwrap());
        let res = http
            .patch(&path)
            .bearer_auth(&token)
            .json(&json!({"venue": format!("v{i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        writes += 2;
        if i % 3 == 0 {
            assert_eq!(http.delete(&path).bearer_auth(&token).send().await.unwrap().status(), 204);
            writes += 1;
        }
    }
    writes
}

#[actix_web::test]
async fn a_poller_racing_concurrent_writers_sees_every_change_once_in_order() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "race").await;
    let (_, start) = follow(&app, &admin, "event,survey_response", 0).await;
    let until = Instant::now() + Duration::from_secs(8);
    let mut writers = Vec::new();
    for w in 0..6 {
        let token = app.token_for(Role::Editor).await;
        let task = write_for(app.base.clone(), app.http.clone(), token, survey.clone(), w, until);
        writers.push(actix_web::rt::spawn(task));
    }
    let mut seqs = Vec::new();
    let mut events: BTreeMap<String, Value> = BTreeMap::new();
    let mut responses = 0;
    let mut after = start;
    let mut apply = |items: &[Value], seqs: &mut Vec<i64>| {
        for c in items {
            seqs.push(c["seq"].as_i64().unwrap());
            let id = c["id"].as_str().unwrap().to_owned();
            match (c["type"].as_str().unwrap(), c["action"].as_str().unwrap()) {
                ("event", "deleted") => assert!(events.remove(&id).is_some(), "deleted unseen {id}"),
                ("event", _) => drop(events.insert(id, c["resource"].clone())),
                ("survey_response", _) => responses += c["resource"]["count"].as_u64().unwrap(),
                other => panic!("unexpected {other:?}"),
            }
        }
    };
    while Instant::now() < until {
        let path = format!("/api/v1/changes?types=event,survey_response&after={after}&limit=50");
        let page = json_ok(app.get(&path, &admin).await, 200).await;
        apply(page["items"].as_array().unwrap(), &mut seqs);
        after = page["next_after"].as_i64().unwrap();
        actix_web::rt::time::sleep(Duration::from_millis(5)).await;
    }
    let mut writes = 0;
    for w in writers {
        writes += w.await.unwrap();
    }
    let (rest, _) = follow(&app, &admin, "event,survey_response", after).await;
    apply(&rest, &mut seqs);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "seqs repeat or go back");
    assert!(writes > 20, "the writers wrote only {writes} times");
    let listed = collect_pages(&app, "/api/v1/events?limit=500", &admin).await;
    let listed: BTreeMap<String, Value> =
        listed.into_iter().map(|e| (e["id"].as_str().unwrap().to_owned(), e)).collect();
    assert_eq!(listed.len(), events.len(), "the copy has as many events as the server");
    assert!(listed == events, "the poller's copy equals the events as listed");
    let stored = crate::responses::count(&app, &survey).await as u64;
    assert_eq!(responses, stored, "every stored response was announced once");
}

#[actix_web::test]
async fn a_write_that_took_its_seq_first_is_never_overtaken_by_a_later_one() {
    use client_safety::changes::{repo, ChangeAction, ChangeKind, NewChange};
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let editor = app.token_for(Role::Editor).await;
    let (_, start) = follow(&app, &admin, "event", 0).await;
    // A slow writer appends its entry, then keeps its transaction open a while.
    let pool = app.pool.clone();
    let slow = std::thread::spawn(move || {
        let mut c = pool.get().unwrap();
        client_safety::db::write_tx(&mut c, |c| -> Result<(), client_safety::error::ApiError> {
            let change = NewChange {
                kind: ChangeKind::Event,
                id: "slow",
                action: ChangeAction::Deleted,
                version: Some(1),
                area: None,
                survey: None,
                resource: None,
            };
            repo::append(c, "test", &change)?;
            std::thread::sleep(Duration::from_millis(1500));
            Ok(())
        })
        .unwrap();
    });
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let request = app.request(Method::POST, "/api/v1/events", &editor).json(&event("hus", "2023-09-01"));
    let fast = actix_web::rt::spawn(request.send());
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    let mid =
        json_ok(app.get(&format!("/api/v1/changes?types=event&after={start}"), &admin).await, 200).await;
    while !slow.is_finished() {
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    slow.join().unwrap();
    let created = json_ok(fast.await.unwrap().unwrap(), 201).await;
    // Whatever the reader saw meanwhile, following on from there gives both.
    let seen: Vec<Value> = mid["items"].as_array().unwrap().clone();
    let (rest, _) = follow(&app, &admin, "event", mid["next_after"].as_i64().unwrap()).await;
    let ids: Vec<&str> = seen.iter().chain(&rest).map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["slow", created["id"].as_str().unwrap()]);
}

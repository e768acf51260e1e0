//! `/api/v1/events`: writes and their rules, filters, cursors, ETags and idempotency.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

pub fn event(area: &str, date: &str) -> Value {
    json!({"title": {"fi": format!("Työpaja {area} {date}")}, "area": area, "starts_on": date, "format": "on_site"})
}

pub async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    json_ok(app.post_json("/api/v1/events", token, body).await, 201).await
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn editors_create_events_that_every_role_reads_exactly_as_sent() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let body = json!({"title": {"fi": "Asiakasturvallisuustyöpaja", "en": "Client-safety workshop"},
        "area": "lansi-suomi", "city": {"fi": "Turku", "sv": "Åbo"}, "venue": "Logomo", "starts_on": "2023-09-06",
        "format": "hybrid", "status": "held", "registered_count": 131, "attended_count": 100,
        "attended_is_estimate": true, "workshop_participants": 35, "description": {"fi": "Kuvaus"}});
    let res = app.post_json("/api/v1/events", &editor, &body).await;
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let created = json_ok(res, 201).await;
    assert_eq!(location, format!("/api/v1/events/{}", created["id"].as_str().unwrap()));
    for (field, value) in body.as_object().unwrap() {
        assert_eq!(&created[field], value, "{field}");
    }
    assert_eq!(created["version"], 1);
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));
    for role in [Role::Admin, Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        let got = app.get(&location, &token).await;
        assert_eq!(got.headers()["etag"], "\"1\"");
        assert_eq!(json_ok(got, 200).await, created);
    }
    let minimal = create(&app, &editor, &event("hus", "2024-01-15")).await;
    assert_eq!(minimal["status"], "planned");
    assert!(minimal["city"].is_null() && minimal["registered_count"].is_null());
    assert_eq!(minimal["attended_is_estimate"], false);
    assert_problem(app.http.get(app.url("/api/v1/events")).send().await.unwrap(), 401).await;
    for role in [Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        assert_problem(app.post_json("/api/v1/events", &token, &event("hus", "2024-01-01")).await, 403).await;
        let patch = app.patch_json(&location, &token, &json!({"venue": "x"})).await;
        assert_problem(patch, 403).await;
        assert_problem(app.delete(&location, &token).await, 403).await;
    }
    assert_problem(app.get("/api/v1/events/no-such-event", &editor).await, 404).await;
    assert_problem(app.patch_json("/api/v1/events/nope", &editor, &json!({})).await, 404).await;
    assert_problem(app.delete("/api/v1/events/nope", &editor).await, 404).await;
}

#[actix_web::test]
async fn invalid_events_are_refused_naming_each_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let with = |key: &str, value: Value| {
        let mut b = event("hus", "2024-03-01");
        b[key] = value;
        b
    };
    let without = |key: &str| {
        let mut b = event("hus", "2024-03-01");
        b.as_object_mut().unwrap().remove(key);
        b
    };
    let cases = [
        (with("title", json!({"fi": "  ", "en": "Workshop"})), "title.fi"),
        (with("title", json!({"en": "Workshop"})), "title.fi"),
        (with("title", json!({"fi": "x".repeat(201)})), "title.fi"),
        (without("title"), "title"),
        (with("area", json!("atlantis")), "area"),
        (without("area"), "area"),
        (with("starts_on", json!("2023-02-30")), "starts_on"),
        (with("starts_on", json!("6.9.2023")), "starts_on"),
        (with("starts_on", json!("1899-01-01")), "starts_on"),
        (with("format", json!("carrier_pigeon")), "format"),
        (with("status", json!("done")), "status"),
        (with("registered_count", json!(-1)), "registered_count"),
        (with("workshop_participants", json!(-5)), "workshop_participants"),
        (with("registered_count", json!(1.5)), "registered_count"),
        (with("attended_count", json!(10)), "attended_count"),
        (with("venue", json!("v".repeat(201))), "venue"),
        (with("city", json!({"fi": ""})), "city.fi"),
        (with("description", json!({"fi": "d".repeat(4001)})), "description.fi"),
        (with("organiser", json!("me")), "organiser"),
    ];
    for (body, field) in cases {
        let problem = assert_problem(app.post_json("/api/v1/events", &editor, &body).await, 422).await;
        assert!(error_fields(&problem).iter().any(|f| f == field), "{body} → {problem}");
    }
    let mut many = with("registered_count", json!(-1));
    many["title"] = json!({"fi": ""});
    many["status"] = json!("cancelled");
    many["attended_count"] = json!(3);
    let problem = assert_problem(app.post_json("/api/v1/events", &editor, &many).await, 422).await;
    assert_eq!(error_fields(&problem), ["title.fi", "registered_count", "attended_count"]);
    let all = json_ok(app.get("/api/v1/events", &editor).await, 200).await;
    assert!(all["items"].as_array().unwrap().is_empty(), "nothing was stored");
    // Walk-ins happen: more attended than registered is allowed.
    let mut walk_ins = with("status", json!("held"));
    walk_ins["registered_count"] = json!(10);
    walk_ins["attended_count"] = json!(12);
    assert_eq!(create(&app, &editor, &walk_ins).await["attended_count"], 12);
}

#[actix_web::test]
async fn the_area_filter_matches_the_area_and_every_organisation_under_it() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let area_level = create(&app, &editor, &event("lansi-suomi", "2023-09-06")).await;
    let county = create(&app, &editor, &event("varsinais-suomi", "2023-10-01")).await;
    let other_county = create(&app, &editor, &event("satakunta", "2023-11-01")).await;
    let elsewhere = create(&app, &editor, &event("pirkanmaa", "2023-09-20")).await;
    let city = create(&app, &editor, &event("helsinki", "2023-10-18")).await;
    let viewer = app.token_for(Role::Integration).await;
    let list = |q: &'static str| {
        let (app, viewer) = (&app, &viewer);
        async move { json_ok(app.get(&format!("/api/v1/events?{q}"), viewer).await, 200).await }
    };
    let west = list("area=lansi-suomi").await;
    assert_eq!(
        ids(west["items"].as_array().unwrap()),
        ids(&[other_county.clone(), county.clone(), area_level])
    );
    let one = list("area=varsinais-suomi").await;
    assert_eq!(ids(one["items"].as_array().unwrap()), ids(&[county]));
    let south = list("area=etela-suomi").await;
    assert_eq!(ids(south["items"].as_array().unwrap()), ids(&[city]));
    let inner = list("area=sisa-suomi").await;
    assert_eq!(ids(inner["items"].as_array().unwrap()), ids(&[elsewhere]));
    assert!(list("area=lappi").await["items"].as_array().unwrap().is_empty());
    let problem = assert_problem(app.get("/api/v1/events?area=atlantis", &viewer).await, 400).await;
    assert_eq!(error_fields(&problem), ["area"]);
}

#[actix_web::test]
async fn date_and_status_filters_are_inclusive_and_checked() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let mut held = event("hus", "2023-09-06");
    held["status"] = json!("held");
    let a = create(&app, &editor, &held).await;
    let b = create(&app, &editor, &event("hus", "2023-09-20")).await;
    let c = create(&app, &editor, &event("hus", "2023-12-31")).await;
    let d = create(&app, &editor, &event("hus", "2024-01-01")).await;
    let get = |q: String| {
        let (app, editor) = (&app, &editor);
        async move {
            ids(json_ok(app.get(&format!("/api/v1/events?{q}"), editor).await, 200).await["items"]
                .as_array()
                .unwrap())
        }
    };
    assert_eq!(get("from=2023-09-06&to=2023-12-31".into()).await, ids(&[c.clone(), b.clone(), a.clone()]));
    assert_eq!(get("from=2023-09-07".into()).await, ids(&[d.clone(), c.clone(), b.clone()]));
    assert_eq!(get("to=2023-09-20".into()).await, ids(&[b.clone(), a.clone()]));
    assert_eq!(get("status=held".into()).await, ids(std::slice::from_ref(&a)));
    assert_eq!(get("status=planned&to=2023-12-31".into()).await, ids(&[c.clone(), b.clone()]));
    assert_eq!(get("order=asc".into()).await, ids(&[a, b, c, d]));
    for (q, field) in [
        ("from=2023-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2024-01-01&to=2023-01-01", "to"),
        ("status=done", "status"),
        ("order=sideways", "order"),
        ("colour=red", "colour"),
        ("limit=0", "limit"),
        ("cursor=abc", "cursor"),
    ] {
        let problem = assert_problem(app.get(&format!("/api/v1/events?{q}"), &editor).await, 400).await;
        assert_eq!(error_fields(&problem), [field], "{q}");
    }
}

#[actix_web::test]
async fn cursor_pages_neither_skip_nor_repeat_while_events_are_inserted() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let mut original = Vec::new();
    for day in 1..=9 {
        // Two events a day, so the cursor must also order by id within a day.
        for area in ["hus", "lappi"] {
            original.push(create(&app, &editor, &event(area, &format!("2023-05-{day:02}"))).await);
        }
    }
    let first = json_ok(app.get("/api/v1/events?limit=5", &editor).await, 200).await;
    let mut seen = ids(first["items"].as_array().unwrap());
    let mut cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let mut inserted = Vec::new();
    loop {
        for date in ["2023-05-30", "2023-04-01", "2023-05-05"] {
            inserted
                .push(create(&app, &editor, &event("kainuu", date)).await["id"].as_str().unwrap().to_owned());
        }
        let page =
            json_ok(app.get(&format!("/api/v1/events?limit=5&cursor={cursor}"), &editor).await, 200).await;
        seen.extend(ids(page["items"].as_array().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    for id in ids(&original) {
        assert_eq!(seen.iter().filter(|s| **s == id).count(), 1, "{id} seen exactly once");
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no event repeated");
    assert!(inserted.len() >= 9);
}

#[actix_web::test]
async fn patch_honours_if_match_and_a_stale_etag_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let mut body = event("pirkanmaa", "2023-09-20");
    body["registered_count"] = json!(71);
    body["venue"] = json!("Tampere-talo");
    let created = create(&app, &editor, &body).await;
    let path = format!("/api/v1/events/{}", created["id"].as_str().unwrap());
    let patch = |tag: &'static str, body: Value| {
        app.request(Method::PATCH, &path, &editor).header("if-match", tag).json(&body).send()
    };
    let stale = patch("\"0\"", json!({"registered_count": 1})).await.unwrap();
    assert_problem(stale, 412).await;
    assert_eq!(json_ok(app.get(&path, &editor).await, 200).await, created, "unchanged after 412");
    let ok = patch(
        "\"1\"",
        json!({"status": "held", "attended_count": 55, "attended_is_estimate": true, "venue": null}),
    )
    .await
    .unwrap();
    assert_eq!(ok.headers()["etag"], "\"2\"");
    let updated = json_ok(ok, 200).await;
    assert_eq!((updated["status"].clone(), updated["attended_count"].clone()), (json!("held"), json!(55)));
    assert!(updated["venue"].is_null(), "null clears a field");
    assert_eq!(updated["registered_count"], 71, "absent fields stay");
    assert_eq!(updated["version"], 2);
    assert_problem(patch("\"1\"", json!({"title": {"fi": "Myöhässä"}})).await.unwrap(), 412).await;
    for (body, field) in [
        (json!({"status": "planned"}), "attended_count"),
        (json!({"registered_count": -3}), "registered_count"),
        (json!({"area": "atlantis"}), "area"),
        (json!({"starts_on": "2023-09-31"}), "starts_on"),
        (json!({"title": null}), "title"),
        (json!({"id": "x"}), "id"),
    ] {
        let problem = assert_problem(app.patch_json(&path, &editor, &body).await, 422).await;
        assert_eq!(error_fields(&problem), [field], "{body}");
    }
    assert_eq!(json_ok(app.get(&path, &editor).await, 200).await, updated, "bad patches changed nothing");
    let moved = json_ok(app.patch_json(&path, &editor, &json!({"area": "sisa-suomi"})).await, 200).await;
    assert_eq!((moved["area"].clone(), moved["version"].clone()), (json!("sisa-suomi"), json!(3)));
}

#[actix_web::test]
async fn a_retried_create_with_one_idempotency_key_makes_one_event() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let send = |body: Value| {
        app.request(Method::POST, "/api/v1/events", &editor)
            .header("idempotency-key", "ev-1")
            .json(&body)
            .send()
    };
    let first = json_ok(send(event("kainuu", "2024-02-02")).await.unwrap(), 201).await;
    let again = send(event("kainuu", "2024-02-02")).await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json_ok(again, 201).await, first);
    assert_problem(send(event("kainuu", "2024-02-03")).await.unwrap(), 422).await;
    let all = collect_pages(&app, "/api/v1/events", &editor).await;
    assert_eq!(ids(&all), ids(&[first]));
}

#[actix_web::test]
async fn delete_honours_if_match_and_every_write_is_audited() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let created = create(&app, &editor, &event("lappi", "2024-05-05")).await;
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/v1/events/{id}");
    json_ok(app.patch_json(&path, &editor, &json!({"registered_count": 9})).await, 200).await;
    let stale = app.request(Method::DELETE, &path, &editor).header("if-match", "\"1\"").send().await.unwrap();
    assert_problem(stale, 412).await;
    json_ok(app.get(&path, &editor).await, 200).await;
    let gone = app.request(Method::DELETE, &path, &editor).header("if-match", "\"2\"").send().await.unwrap();
    assert_eq!(gone.status(), 204);
    assert_problem(app.get(&path, &editor).await, 404).await;
    let admin = app.token_for(Role::Admin).await;
    let audit =
        json_ok(app.get(&format!("/api/v1/audit?entity_type=event&entity_id={id}"), &admin).await, 200).await;
    let actions: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
    assert_eq!(audit["items"][1]["before"]["registered_count"], Value::Null);
    assert_eq!(audit["items"][1]["after"]["registered_count"], 9);
}

#[actix_web::test]
async fn an_audit_state_that_is_not_json_is_a_500_not_an_entry_without_it() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let admin = app.token_for(Role::Admin).await;
    let created = create(&app, &editor, &event("pirkanmaa", "2025-05-05")).await;
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/v1/audit?entity_type=event&entity_id={id}");
    let audit = json_ok(app.get(&path, &admin).await, 200).await;
    assert_eq!(audit["items"][0]["after"]["id"], id, "the stored state, as the API showed it");
    assert_eq!(audit["items"][0]["before"], Value::Null);
    // Written before entries kept their JSON: rendered from the stored states.
    assert_eq!(app.exec_sql("UPDATE audit_log SET doc = NULL WHERE entity_id = $1", id), 1);
    assert_eq!(json_ok(app.get(&path, &admin).await, 200).await, audit);
    assert_eq!(app.exec_sql("UPDATE audit_log SET after_state = 'not {json' WHERE entity_id = $1", id), 1);
    let problem = assert_problem(app.get(&path, &admin).await, 500).await;
    assert!(!problem.to_string().contains("not {json"), "the 500 must stay opaque: {problem}");
}

#[actix_web::test]
async fn an_unknown_status_stored_behind_the_services_back_is_a_500_not_a_guess() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let created = create(&app, &editor, &event("pirkanmaa", "2025-05-05")).await;
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/v1/events/{id}");
    assert_eq!(app.exec_sql("UPDATE events SET status = 'postponed' WHERE id = $1", id), 1);
    let problem = assert_problem(app.get(&path, &editor).await, 500).await;
    assert!(!problem.to_string().contains("postponed"), "the 500 must stay opaque: {problem}");
    // Writes refuse too, instead of storing a guess over it.
    let patch = json!({"venue": "Tampere-talo"});
    assert_problem(app.patch_json(&path, &editor, &patch).await, 500).await;
    assert_eq!(app.exec_sql("UPDATE events SET status = 'held' WHERE id = $1", id), 1);
    let fixed = json_ok(app.get(&path, &editor).await, 200).await;
    assert_eq!(fixed["status"], "held");
}

/// On SQLite the event list reads each event's JSON from its date index:
/// events as large as they may be (every description at its limit, in
/// characters of up to four bytes), written at once, read back whole and in order.
#[actix_web::test]
async fn racing_writers_of_the_largest_events_read_them_back_whole_from_the_list() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let mut body = event("hus", &format!("2025-06-0{}", 1 + i % 3));
            body["description"] =
                json!({"fi": "ä".repeat(4000), "sv": "å".repeat(4000), "en": "\u{1F600}".repeat(4000)});
            actix_web::rt::spawn(app.request(Method::POST, "/api/v1/events", &editor).json(&body).send())
        })
        .collect();
    let mut created = Vec::new();
    for handle in handles {
        created.push(json_ok(handle.await.unwrap().unwrap(), 201).await);
    }
    let listed = collect_pages(&app, "/api/v1/events?limit=3", &editor).await;
    assert_eq!(listed.len(), created.len());
    for c in &created {
        assert!(listed.contains(c), "listed as created: {}", c["id"]);
    }
    let keys: Vec<(&str, &str)> =
        listed.iter().map(|e| (e["starts_on"].as_str().unwrap(), e["id"].as_str().unwrap())).collect();
    let mut newest_first = keys.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(keys, newest_first);
}

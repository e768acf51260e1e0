//! `/api/v1/proposals`: fields and links, the workflow, sub-proposals,
//! `selected_order`, filters and county endorsements.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::events::{create as create_event, event};
use crate::helpers::*;

pub fn proposal(title: &str, category: &str, tier: i64) -> Value {
    json!({"title": {"fi": title}, "category": category, "tier": tier})
}

pub async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    json_ok(app.post_json("/api/v1/proposals", token, body).await, 201).await
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(id).collect()
}

#[actix_web::test]
async fn editors_create_linked_proposals_that_every_role_reads() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let (e1, e2) = (
        id(&create_event(&app, &editor, &event("lansi-suomi", "2023-09-06")).await),
        id(&create_event(&app, &editor, &event("sisa-suomi", "2023-09-20")).await),
    );
    let body = json!({"title": {"fi": "Tarkistuslistat", "en": "Checklists"}, "description": {"fi": "Kuvaus"},
        "category": "safeguards", "tier": 2, "event_ids": [e2, e1, e2], "areas": ["pirkanmaa", "lansi-suomi"]});
    let res = app.post_json("/api/v1/proposals", &editor, &body).await;
    assert_eq!(res.headers()["etag"], "\"1\"");
    let created = json_ok(res, 201).await;
    assert_eq!(created["title"], body["title"]);
    assert_eq!((created["category"].clone(), created["tier"].clone()), (json!("safeguards"), json!(2)));
    assert_eq!(created["status"], "proposed");
    assert!(created["parent"].is_null() && created["selected_order"].is_null());
    let mut events = vec![e1, e2];
    events.sort();
    assert_eq!(created["event_ids"], json!(events), "links are sets, sorted");
    assert_eq!(created["areas"], json!(["lansi-suomi", "pirkanmaa"]));
    assert_eq!(created["endorsement_count"], 0);
    let path = format!("/api/v1/proposals/{}", id(&created));
    for role in [Role::Admin, Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        assert_eq!(json_ok(app.get(&path, &token).await, 200).await, created);
        let list = json_ok(app.get("/api/v1/proposals", &token).await, 200).await;
        assert_eq!(list["items"], json!([created]));
    }
    for role in [Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        assert_problem(app.post_json("/api/v1/proposals", &token, &body).await, 403).await;
        assert_problem(app.patch_json(&path, &token, &json!({"status": "prioritized"})).await, 403).await;
        assert_problem(app.delete(&path, &token).await, 403).await;
    }
    assert_problem(app.http.get(app.url(&path)).send().await.unwrap(), 401).await;
    assert_problem(app.get("/api/v1/proposals/nope", &editor).await, 404).await;
    assert_problem(app.patch_json("/api/v1/proposals/nope", &editor, &json!({})).await, 404).await;
}

#[actix_web::test]
async fn invalid_proposals_are_refused_naming_each_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let ev = id(&create_event(&app, &editor, &event("hus", "2023-10-18")).await);
    let with = |key: &str, value: Value| {
        let mut b = proposal("Ehdotus", "human_error", 1);
        b[key] = value;
        b
    };
    let cases = [
        (with("title", json!({"fi": " "})), "title.fi"),
        (with("title", json!({"fi": "x".repeat(501)})), "title.fi"),
        (with("category", json!("weather")), "category"),
        (with("tier", json!(0)), "tier"),
        (with("tier", json!(4)), "tier"),
        (with("tier", json!("1")), "tier"),
        (with("status", json!("maybe")), "status"),
        (with("parent", json!("no-such-proposal")), "parent"),
        (with("selected_order", json!(0)), "selected_order"),
        (with("event_ids", json!([ev, "no-such-event"])), "event_ids[1]"),
        (with("areas", json!(["atlantis"])), "areas[0]"),
        (with("endorsement_count", json!(5)), "endorsement_count"),
        (with("description", json!({"fi": "d".repeat(4001)})), "description.fi"),
    ];
    for (body, field) in cases {
        let problem = assert_problem(app.post_json("/api/v1/proposals", &editor, &body).await, 422).await;
        assert!(error_fields(&problem).iter().any(|f| f == field), "{body} → {problem}");
    }
    let list = json_ok(app.get("/api/v1/proposals", &editor).await, 200).await;
    assert!(list["items"].as_array().unwrap().is_empty(), "nothing was stored");
}

#[actix_web::test]
async fn the_workflow_moves_forward_or_to_rejected_and_illegal_moves_are_409_changing_nothing() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let p = create(&app, &editor, &proposal("Työkalut", "competence_practices", 1)).await;
    let path = format!("/api/v1/proposals/{}", id(&p));
    let set = |status: &'static str| {
        let (app, path, editor) = (&app, &path, &editor);
        async move { app.patch_json(path, editor, &json!({"status": status})).await }
    };
    for illegal in ["selected", "in_progress", "done"] {
        assert_problem(set(illegal).await, 409).await;
    }
    assert_eq!(json_ok(app.get(&path, &editor).await, 200).await, p, "409 changed nothing");
    let mut version = 1;
    for step in ["prioritized", "selected", "in_progress", "done"] {
        let moved = json_ok(set(step).await, 200).await;
        version += 1;
        assert_eq!((moved["status"].clone(), moved["version"].clone()), (json!(step), json!(version)));
    }
    for illegal in ["rejected", "in_progress", "proposed"] {
        assert_problem(set(illegal).await, 409).await;
    }
    let same = json_ok(set("done").await, 200).await;
    assert_eq!(same["status"], "done", "staying in the same status is no move and allowed");
    let q = create(&app, &editor, &proposal("Hylätään", "safeguards", 3)).await;
    let q_path = format!("/api/v1/proposals/{}", id(&q));
    let rejected = json_ok(app.patch_json(&q_path, &editor, &json!({"status": "rejected"})).await, 200).await;
    assert_eq!(rejected["status"], "rejected", "from proposed");
    for illegal in ["proposed", "prioritized", "done"] {
        assert_problem(app.patch_json(&q_path, &editor, &json!({"status": illegal})).await, 409).await;
    }
    let r = create(&app, &editor, &proposal("Kesken", "safeguards", 3)).await;
    let r_path = format!("/api/v1/proposals/{}", id(&r));
    for step in ["prioritized", "selected", "in_progress", "rejected"] {
        json_ok(app.patch_json(&r_path, &editor, &json!({"status": step})).await, 200).await;
    }
    let stale = app
        .request(Method::PATCH, &path, &editor)
        .header("if-match", "\"1\"")
        .json(&json!({"title": {"fi": "Myöhässä"}}))
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412).await;
    assert_eq!(json_ok(app.get(&path, &editor).await, 200).await["title"]["fi"], "Työkalut");
}

#[actix_web::test]
async fn sub_proposals_go_one_level_deep_and_keep_their_parent_from_deletion() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let top = create(&app, &editor, &proposal("Webinaarit", "competence_practices", 1)).await;
    let other = create(&app, &editor, &proposal("Muu", "safeguards", 2)).await;
    let mut sub = proposal("Hyvät käytännöt", "competence_practices", 1);
    sub["parent"] = json!(id(&top));
    let child = create(&app, &editor, &sub).await;
    assert_eq!(child["parent"], json!(id(&top)));
    let mut grandchild = proposal("Liian syvä", "human_error", 1);
    grandchild["parent"] = json!(id(&child));
    let problem = assert_problem(app.post_json("/api/v1/proposals", &editor, &grandchild).await, 422).await;
    assert_eq!(error_fields(&problem), ["parent"]);
    let top_path = format!("/api/v1/proposals/{}", id(&top));
    for parent in [id(&other), id(&top)] {
        let res = app.patch_json(&top_path, &editor, &json!({"parent": parent})).await;
        assert_eq!(error_fields(&assert_problem(res, 422).await), ["parent"], "has children / itself");
    }
    let by_parent =
        json_ok(app.get(&format!("/api/v1/proposals?parent={}", id(&top)), &editor).await, 200).await;
    assert_eq!(ids(&by_parent), [id(&child)]);
    let top_level = json_ok(app.get("/api/v1/proposals?parent=none", &editor).await, 200).await;
    assert_eq!(ids(&top_level), [id(&top), id(&other)]);
    assert_problem(app.delete(&top_path, &editor).await, 409).await;
    assert_eq!(json_ok(app.get(&top_path, &editor).await, 200).await, top, "409 changed nothing");
    let child_path = format!("/api/v1/proposals/{}", id(&child));
    let moved =
        json_ok(app.patch_json(&child_path, &editor, &json!({"parent": id(&other)})).await, 200).await;
    assert_eq!(moved["parent"], json!(id(&other)));
    let stale =
        app.request(Method::DELETE, &top_path, &editor).header("if-match", "\"9\"").send().await.unwrap();
    assert_problem(stale, 412).await;
    let gone =
        app.request(Method::DELETE, &top_path, &editor).header("if-match", "\"1\"").send().await.unwrap();
    assert_eq!(gone.status(), 204);
    assert_problem(app.get(&top_path, &editor).await, 404).await;
    let loose = json_ok(app.patch_json(&child_path, &editor, &json!({"parent": null})).await, 200).await;
    assert!(loose["parent"].is_null());
}

#[actix_web::test]
async fn selected_order_is_unique_among_proposals() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let mut first = proposal("Ensimmäinen", "organisation_management", 1);
    first["status"] = json!("selected");
    first["selected_order"] = json!(1);
    let one = create(&app, &editor, &first).await;
    assert_eq!(one["selected_order"], 1);
    first["title"] = json!({"fi": "Toinen"});
    assert_problem(app.post_json("/api/v1/proposals", &editor, &first).await, 409).await;
    let two = create(&app, &editor, &proposal("Toinen", "client_factors", 1)).await;
    let two_path = format!("/api/v1/proposals/{}", id(&two));
    assert_problem(app.patch_json(&two_path, &editor, &json!({"selected_order": 1})).await, 409).await;
    let same = json_ok(
        app.patch_json(&format!("/api/v1/proposals/{}", id(&one)), &editor, &json!({"selected_order": 1}))
            .await,
        200,
    )
    .await;
    assert_eq!(same["selected_order"], 1, "a proposal keeps its own place");
    json_ok(
        app.patch_json(&format!("/api/v1/proposals/{}", id(&one)), &editor, &json!({"selected_order": null}))
            .await,
        200,
    )
    .await;
    let taken = json_ok(app.patch_json(&two_path, &editor, &json!({"selected_order": 1})).await, 200).await;
    assert_eq!(taken["selected_order"], 1);
}

#[actix_web::test]
async fn proposals_filter_by_category_tier_status_area_event_and_page_by_cursor() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let ev = id(&create_event(&app, &editor, &event("lappi", "2023-11-17")).await);
    let mut a = proposal("A", "safeguards", 1);
    a["areas"] = json!(["lappi"]);
    a["event_ids"] = json!([ev]);
    let a = create(&app, &editor, &a).await;
    let mut b = proposal("B", "safeguards", 2);
    b["status"] = json!("prioritized");
    b["areas"] = json!(["pohjois-suomi"]);
    let b = create(&app, &editor, &b).await;
    let c = create(&app, &editor, &proposal("C", "human_error", 2)).await;
    let list = |q: &'static str| {
        let (app, editor) = (&app, &editor);
        async move { ids(&json_ok(app.get(&format!("/api/v1/proposals?{q}"), editor).await, 200).await) }
    };
    assert_eq!(list("category=safeguards").await, [id(&a), id(&b)]);
    assert_eq!(list("tier=2").await, [id(&b), id(&c)]);
    assert_eq!(list("status=prioritized").await, [id(&b)]);
    assert_eq!(list("category=safeguards&tier=2&status=prioritized").await, [id(&b)]);
    assert_eq!(list("area=pohjois-suomi").await, [id(&a), id(&b)], "the area and the counties under it");
    assert_eq!(list("area=lappi").await, [id(&a)]);
    assert!(list("area=etela-suomi").await.is_empty());
    let by_event = json_ok(app.get(&format!("/api/v1/proposals?event_id={ev}"), &editor).await, 200).await;
    assert_eq!(ids(&by_event), [id(&a)]);
    let paged = collect_pages(&app, "/api/v1/proposals?limit=2", &editor).await;
    assert_eq!(paged.iter().map(id).collect::<Vec<_>>(), [id(&a), id(&b), id(&c)]);
    for (q, field) in [
        ("tier=5", "tier"),
        ("category=x", "category"),
        ("status=x", "status"),
        ("area=atlantis", "area"),
        ("foo=1", "foo"),
    ] {
        let problem = assert_problem(app.get(&format!("/api/v1/proposals?{q}"), &editor).await, 400).await;
        assert_eq!(error_fields(&problem), [field], "{q}");
    }
}

#[actix_web::test]
async fn a_retried_proposal_create_with_one_idempotency_key_makes_one_and_writes_are_audited() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let body = proposal("Kerran", "client_factors", 3);
    let send = || {
        app.request(Method::POST, "/api/v1/proposals", &editor)
            .header("idempotency-key", "p-1")
            .json(&body)
            .send()
    };
    let first = json_ok(send().await.unwrap(), 201).await;
    assert_eq!(json_ok(send().await.unwrap(), 201).await, first);
    let all = collect_pages(&app, "/api/v1/proposals", &editor).await;
    assert_eq!(all.len(), 1);
    let path = format!("/api/v1/proposals/{}", id(&first));
    json_ok(app.patch_json(&path, &editor, &json!({"status": "prioritized"})).await, 200).await;
    assert_eq!(app.delete(&path, &editor).await.status(), 204);
    let admin = app.token_for(Role::Admin).await;
    let audit = json_ok(
        app.get(&format!("/api/v1/audit?entity_type=proposal&entity_id={}", id(&first)), &admin).await,
        200,
    )
    .await;
    let actions: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
    assert_eq!(audit["items"][1]["before"]["status"], "proposed");
    assert_eq!(audit["items"][1]["after"]["status"], "prioritized");
}

#[actix_web::test]
async fn an_event_that_proposals_link_to_cannot_be_deleted_until_the_links_are_replaced() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let ev = id(&create_event(&app, &editor, &event("kainuu", "2023-11-17")).await);
    let mut body = proposal("Linkitetty", "safeguards", 2);
    body["event_ids"] = json!([ev]);
    let p = create(&app, &editor, &body).await;
    let event_path = format!("/api/v1/events/{ev}");
    assert_problem(app.delete(&event_path, &editor).await, 409).await;
    json_ok(app.get(&event_path, &editor).await, 200).await;
    let path = format!("/api/v1/proposals/{}", id(&p));
    let unlinked =
        json_ok(app.patch_json(&path, &editor, &json!({"event_ids": [], "areas": ["kainuu"]})).await, 200)
            .await;
    assert_eq!((unlinked["event_ids"].clone(), unlinked["areas"].clone()), (json!([]), json!(["kainuu"])));
    assert_eq!(app.delete(&event_path, &editor).await.status(), 204);
    let problem =
        assert_problem(app.patch_json(&path, &editor, &json!({"event_ids": [ev]})).await, 422).await;
    assert_eq!(error_fields(&problem), ["event_ids[0]"]);
}

#[actix_web::test]
async fn a_stored_status_no_variant_names_is_an_opaque_500_not_a_guess() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let p = create(&app, &editor, &proposal("Rikottu", "safeguards", 2)).await;
    {
        // Changed behind the service's back, as a row stored before representations were kept.
        let mut conn = app.pool.get().expect("connection");
        let changed = diesel::RunQueryDsl::execute(
            diesel::sql_query("UPDATE proposals SET status = 'archived', doc = NULL WHERE id = $1")
                .bind::<diesel::sql_types::Text, _>(id(&p)),
            &mut conn,
        )
        .expect("proposal changed");
        assert_eq!(changed, 1);
    }
    for path in [
        format!("/api/v1/proposals/{}", id(&p)),
        "/api/v1/proposals".to_owned(),
        "/api/v1/reports/proposals".to_owned(),
    ] {
        let problem = assert_problem(app.get(&path, &editor).await, 500).await;
        assert!(!problem.to_string().contains("archived"), "{path}: {problem}");
    }
}

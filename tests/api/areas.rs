//! `/api/v1/areas`: the reference data, filters, paging and writes.

use client_safety::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn a_fresh_database_holds_the_five_areas_and_23_organisations() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Viewer).await;
    let page = json_ok(app.get("/api/v1/areas?limit=500", &token).await, 200).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 28);
    assert!(page["next_cursor"].is_null());
    let count = |kind: &str| items.iter().filter(|a| a["kind"] == kind).count();
    assert_eq!(count("collaboration_area"), 5);
    assert_eq!(count("wellbeing_services_county"), 21);
    assert_eq!(count("city"), 1);
    assert_eq!(count("joint_authority"), 1);
    let by_code = |code: &str| items.iter().find(|a| a["code"] == code).cloned().unwrap_or(Value::Null);
    assert_eq!(by_code("varsinais-suomi")["parent"], "lansi-suomi");
    assert_eq!(by_code("helsinki")["kind"], "city");
    assert_eq!(by_code("helsinki")["parent"], "etela-suomi");
    assert_eq!(by_code("hus")["kind"], "joint_authority");
    assert_eq!(by_code("hus")["parent"], "etela-suomi");
    assert_eq!(by_code("pohjois-pohjanmaa")["parent"], "pohjois-suomi");
    assert!(by_code("lansi-suomi")["parent"].is_null());
    assert_eq!(by_code("lansi-suomi")["name"]["sv"], "Västra Finland");
    for a in items.iter().filter(|a| a["kind"] != "collaboration_area") {
        let parent = by_code(a["parent"].as_str().unwrap());
        assert_eq!(parent["kind"], "collaboration_area", "{a}");
    }
}

#[actix_web::test]
async fn every_role_reads_areas_with_filters_and_cursors() {
    let app = spawn_app().await;
    for role in [Role::Admin, Role::Editor, Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        let under = json_ok(app.get("/api/v1/areas?parent=etela-suomi&limit=500", &token).await, 200).await;
        let codes: Vec<&str> =
            under["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
        assert_eq!(
            codes,
            [
                "etela-karjala",
                "helsinki",
                "hus",
                "ita-uusimaa",
                "keski-uusimaa",
                "kymenlaakso",
                "lansi-uusimaa",
                "paijat-hame",
                "vantaa-kerava"
            ]
        );
        let kinds = json_ok(app.get("/api/v1/areas?kind=collaboration_area", &token).await, 200).await;
        assert_eq!(kinds["items"].as_array().unwrap().len(), 5);
    }
    let token = app.token_for(Role::Viewer).await;
    let paged = collect_pages(&app, "/api/v1/areas?limit=3", &token).await;
    let mut codes: Vec<&str> = paged.iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 28);
    codes.dedup();
    assert_eq!(codes.len(), 28, "no area repeated across pages");
    let one = app.get("/api/v1/areas/hus", &token).await;
    assert_eq!(one.headers()["etag"], "\"1\"");
    assert_eq!(json_ok(one, 200).await["code"], "hus");
    assert_problem(app.get("/api/v1/areas/atlantis", &token).await, 404).await;
    assert_problem(app.get("/api/v1/areas?kind=planet", &token).await, 400).await;
}

#[actix_web::test]
async fn editors_add_and_change_areas_and_others_may_not() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let new_area = json!({"code": "ahvenanmaa", "kind": "wellbeing_services_county", "parent": "lansi-suomi",
                          "name": {"fi": "Ahvenanmaa", "sv": "Åland"}});
    for role in [Role::Viewer, Role::Integration] {
        let token = app.token_for(role).await;
        assert_problem(app.post_json("/api/v1/areas", &token, &new_area).await, 403).await;
        assert_problem(
            app.patch_json("/api/v1/areas/hus", &token, &json!({"statistics_code": "99"})).await,
            403,
        )
        .await;
    }
    let created = json_ok(app.post_json("/api/v1/areas", &editor, &new_area).await, 201).await;
    assert_eq!(created["version"], 1);
    assert_problem(app.post_json("/api/v1/areas", &editor, &new_area).await, 409).await;

    let stale = app
        .request(Method::PATCH, "/api/v1/areas/ahvenanmaa", &editor)
        .header("if-match", "\"7\"")
        .json(&json!({"name": {"fi": "Muu"}}))
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412).await;
    let ok = app
        .request(Method::PATCH, "/api/v1/areas/ahvenanmaa", &editor)
        .header("if-match", "\"1\"")
        .json(&json!({"name": {"fi": "Ahvenanmaan maakunta", "en": "Åland"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.headers()["etag"], "\"2\"");
    let body = json_ok(ok, 200).await;
    assert_eq!(body["name"]["fi"], "Ahvenanmaan maakunta");
    assert_eq!(body["version"], 2);
}

#[actix_web::test]
async fn area_rules_are_enforced() {
    let app = spawn_app().await;
    let editor = app.token_for(Role::Editor).await;
    let name = json!({"fi": "Testi"});
    let cases = [
        (json!({"code": "Bad Code", "kind": "city", "parent": "lansi-suomi", "name": name}), "code"),
        (json!({"code": "new-city", "kind": "city", "name": name}), "parent"),
        (json!({"code": "new-city", "kind": "city", "parent": "hus", "name": name}), "parent"),
        (json!({"code": "new-city", "kind": "city", "parent": "atlantis", "name": name}), "parent"),
        (
            json!({"code": "new-area", "kind": "collaboration_area", "parent": "lansi-suomi", "name": name}),
            "parent",
        ),
        (
            json!({"code": "new-city", "kind": "city", "parent": "lansi-suomi", "name": {"fi": " "}}),
            "name.fi",
        ),
        (json!({"code": "new-city", "kind": "village", "parent": "lansi-suomi", "name": name}), "kind"),
        (json!({"code": "new-city", "kind": "city", "parent": "lansi-suomi"}), "name"),
    ];
    for (body, field) in cases {
        let problem = assert_problem(app.post_json("/api/v1/areas", &editor, &body).await, 422).await;
        assert!(error_fields(&problem).iter().any(|f| f == field), "{body} → {problem}");
    }
    let res = app.patch_json("/api/v1/areas/hus", &editor, &json!({"parent": "varsinais-suomi"})).await;
    assert_problem(res, 422).await;
    let res = app.patch_json("/api/v1/areas/hus", &editor, &json!({"code": "other"})).await;
    assert_problem(res, 422).await;
    let viewer = app.token_for(Role::Viewer).await;
    let all = json_ok(app.get("/api/v1/areas?limit=500", &viewer).await, 200).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 28, "nothing was added by the bad requests");
}

#[actix_web::test]
async fn an_unknown_kind_stored_behind_the_services_back_is_an_opaque_500() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let viewer = app.token_for(Role::Viewer).await;
    let editor = app.token_for(Role::Editor).await;
    let set_kind = |kind: &str| {
        let mut conn = app.pool.get().expect("connection");
        diesel::sql_query("UPDATE areas SET kind = $1 WHERE code = 'hus'")
            .bind::<diesel::sql_types::Text, _>(kind)
            .execute(&mut conn)
            .expect("sql ran")
    };
    assert_eq!(set_kind("hospital_district"), 1);
    let problem = assert_problem(app.get("/api/v1/areas/hus", &viewer).await, 500).await;
    assert!(!problem.to_string().contains("hospital_district"), "the 500 must stay opaque: {problem}");
    assert!(!problem.to_string().contains("AreaKind"), "the 500 must stay opaque: {problem}");
    let patch = json!({"statistics_code": "99"});
    assert_problem(app.patch_json("/api/v1/areas/hus", &editor, &patch).await, 500).await;
    assert_eq!(set_kind("joint_authority"), 1);
    let fixed = json_ok(app.get("/api/v1/areas/hus", &viewer).await, 200).await;
    assert_eq!(fixed["kind"], "joint_authority");
}

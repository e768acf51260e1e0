//! What generated clients rely on: one rule for query parameters everywhere (an
//! empty value means the parameter is absent), and a document that says exactly
//! what the service does (security, descriptions, named page items, required fields).

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::surveys::open_survey;

#[actix_web::test]
async fn an_empty_query_parameter_is_the_same_as_an_absent_one_on_every_list_and_report() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let survey = open_survey(&app, "empty-params").await;
    let routes = [
        ("/api/v1/areas", "kind=&parent=&updated_since="),
        ("/api/v1/events", "area=&from=&to=&status=&cursor=&limit="),
        ("/api/v1/surveys", "cursor=&limit="),
        ("/api/v1/proposals", "category=&tier=&status=&area=&event_id=&parent=&cursor=&limit="),
        ("/api/v1/clients", "cursor=&limit="),
        ("/api/v1/audit", "entity_type=&entity_id=&actor=&from=&to=&cursor=&limit="),
        ("/api/v1/reports/events", "from=&to=&area=&dialect="),
        ("/api/v1/reports/proposals", "category=&tier=&status=&area=&include_sub_proposals="),
        (&format!("/api/v1/surveys/{survey}/responses"), "area=&event_id=&from=&to=&limit=&cursor=&dialect="),
    ];
    for (path, empty) in routes {
        let absent = json_ok(app.get(path, &admin).await, 200).await;
        let res = app.get(&format!("{path}?{empty}"), &admin).await;
        assert_eq!(res.status(), 200, "{path}?{empty}");
        assert_eq!(json_ok(res, 200).await, absent, "{path}?{empty}");
    }
    let problem = assert_problem(app.get("/api/v1/events?limit=0&cursor=", &admin).await, 400).await;
    assert_eq!(error_fields(&problem), ["limit"], "a value that is present is still checked");
    let doc = document(&app).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let params = item.as_object().unwrap().values().flat_map(|op| op["parameters"].as_array().cloned());
        for p in params.flatten().filter(|p| p["in"] == "query" && p["required"] != true) {
            assert_eq!(p["allowEmptyValue"], true, "{path} {}: the document states the rule", p["name"]);
        }
    }
}

/// The served OpenAPI document.
async fn document(app: &TestApp) -> Value {
    app.http.get(app.url("/api-docs/openapi.json")).send().await.unwrap().json().await.unwrap()
}

/// Asserts that `value` carries every property its schema `name` lists as required.
fn assert_has_required(doc: &Value, name: &str, value: &Value) {
    let schema = &doc["components"]["schemas"][name];
    let required = schema["required"].as_array().unwrap_or_else(|| panic!("{name} lists required fields"));
    assert!(!required.is_empty(), "{name}");
    for field in required {
        let field = field.as_str().unwrap();
        assert!(value.get(field).is_some(), "{name}.{field} is required but missing from {value}");
    }
}

#[actix_web::test]
async fn every_operation_states_its_security_summary_and_description() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let security = op["security"].as_array().unwrap_or_else(|| panic!("{method} {path}: security"));
            let public = path.starts_with("/health") || path == "/api/v1/auth/token";
            assert_eq!(security.is_empty(), public, "{method} {path}: `security: []` exactly when public");
            let summary = op["summary"].as_str().unwrap_or("");
            assert!(!summary.is_empty() && !summary.contains('\n'), "{method} {path}: one-line summary");
            assert!(!op["description"].as_str().unwrap_or("").is_empty(), "{method} {path}: description");
        }
    }
    let token_body = &doc["paths"]["/api/v1/auth/token"]["post"]["requestBody"]["content"];
    let json_schema = &token_body["application/json"]["schema"]["$ref"];
    let form_schema = &token_body["application/x-www-form-urlencoded"]["schema"]["$ref"];
    assert_ne!(json_schema, form_schema, "one body schema per media type");
}

#[actix_web::test]
async fn page_items_refer_to_named_schemas_and_always_sent_fields_are_required() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for (name, schema) in schemas.iter().filter(|(n, _)| n.starts_with("Page_")) {
        let item = schema["properties"]["items"]["items"]["$ref"].as_str().unwrap_or("");
        assert_eq!(item, format!("#/components/schemas/{}", &name[5..]), "{name}");
        assert_eq!(schema["required"], json!(["items", "next_cursor"]), "{name}");
    }
    let editor = app.token_for(Role::Editor).await;
    let event = json!({"title": {"fi": "T"}, "area": "hus", "starts_on": "2024-01-01", "format": "online"});
    let event = json_ok(app.post_json("/api/v1/events", &editor, &event).await, 201).await;
    assert_has_required(&doc, "EventResponse", &event);
    assert_has_required(
        &doc,
        "AreaResponse",
        &json_ok(app.get("/api/v1/areas/hus", &editor).await, 200).await,
    );
    let page = json_ok(app.get("/api/v1/events?limit=1", &editor).await, 200).await;
    assert_has_required(&doc, "Page_EventResponse", &page);
}

#[actix_web::test]
async fn a_replayed_client_creation_matches_its_documented_schema_and_headers() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let admin = app.token_for(Role::Admin).await;
    let create = || {
        app.request(reqwest::Method::POST, "/api/v1/clients", &admin)
            .header("Idempotency-Key", "contract-1")
            .json(&json!({"name": "Kunta", "role": "viewer"}))
    };
    let first = create().send().await.unwrap();
    let documented = &doc["paths"]["/api/v1/clients"]["post"]["responses"]["201"];
    for name in ["Location", "ETag", "Idempotent-Replayed", "X-Request-Id"] {
        assert!(documented["headers"].get(name).is_some(), "{name} documented");
    }
    assert!(first.headers().contains_key("location") && first.headers().contains_key("etag"));
    let first = json_ok(first, 201).await;
    assert!(first["client_secret"].is_string());
    let replay = create().send().await.unwrap();
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let replay = json_ok(replay, 201).await;
    assert!(replay.get("client_secret").is_none(), "the secret is shown once");
    let created = &doc["components"]["schemas"]["ClientCreated"];
    assert_eq!(
        documented["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ClientCreated"
    );
    assert!(created.to_string().contains("client_secret") && !created["allOf"][1]["required"].is_array());
    assert_has_required(&doc, "ClientResponse", &replay);
    let csv = &doc["paths"]["/api/v1/surveys/{id}/responses"]["get"]["responses"]["200"];
    assert!(
        csv["content"]["application/json"]["schema"]["$ref"].is_string(),
        "JSON is documented beside CSV"
    );
    assert!(csv["headers"].get("Content-Disposition").is_some());
}

#[actix_web::test]
async fn the_enforced_limits_are_in_the_document_and_the_service_keeps_them() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut limits = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for param in
            item["get"]["parameters"].as_array().into_iter().flatten().filter(|p| p["name"] == "limit")
        {
            // The change feed reads up to 1000 entries at a time; lists 500.
            let max = if path == "/api/v1/changes" { 1000 } else { 500 };
            assert_eq!(
                (&param["schema"]["minimum"], &param["schema"]["maximum"]),
                (&json!(1), &json!(max)),
                "{path}"
            );
            limits += 1;
        }
    }
    assert_eq!(limits, 10, "every list documents its limit");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["BatchRequest"]["properties"]["responses"]["maxItems"], 5000);
    for field in ["registered_count", "attended_count", "workshop_participants"] {
        let headcount = &schemas["CreateEventRequest"]["properties"][field];
        assert_eq!((&headcount["minimum"], &headcount["maximum"]), (&json!(0), &json!(100000)), "{field}");
    }
    let editor = app.token_for(Role::Editor).await;
    let event = |n: i64| json!({"title": {"fi": "T"}, "area": "hus", "starts_on": "2024-01-01", "format": "online", "registered_count": n});
    json_ok(app.post_json("/api/v1/events", &editor, &event(100_000)).await, 201).await;
    assert_problem(app.post_json("/api/v1/events", &editor, &event(100_001)).await, 422).await;
    assert_problem(app.get("/api/v1/events?limit=501", &editor).await, 400).await;
}

#[actix_web::test]
async fn text_limits_are_in_the_document_and_the_service_keeps_them() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let schemas = &doc["components"]["schemas"];
    let title = &schemas["CreateEventRequest"]["properties"]["title"]["properties"];
    for lang in ["fi", "sv", "en"] {
        assert_eq!(title[lang]["maxLength"], 200, "{lang}");
    }
    let city = &schemas["UpdateEventRequest"]["properties"]["city"]["oneOf"][1]["properties"];
    assert_eq!(city["fi"]["maxLength"], 100);
    let answer = &schemas["ResponseInput"]["properties"]["answers"]["additionalProperties"];
    assert_eq!(answer["maxLength"], 4000);
    assert_eq!(schemas["UpdateEventRequest"]["properties"]["area"]["type"], "string", "area is never null");
    let editor = app.token_for(Role::Editor).await;
    let event = |title: String| json!({"title": {"fi": "T", "sv": title}, "area": "hus", "starts_on": "2024-01-01", "format": "online"});
    json_ok(app.post_json("/api/v1/events", &editor, &event("ä".repeat(200))).await, 201).await;
    assert_problem(app.post_json("/api/v1/events", &editor, &event("ä".repeat(201))).await, 422).await;
}

#[actix_web::test]
async fn the_answers_given_before_any_handler_are_documented() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for code in ["406", "414", "431"] {
                assert!(op["responses"].get(code).is_some(), "{method} {path} lacks {code}");
            }
        }
    }
    let get_event = &doc["paths"]["/api/v1/events/{id}"]["get"]["responses"];
    assert!(get_event["304"]["headers"].get("ETag").is_some());
    assert!(doc["info"]["description"].as_str().unwrap().contains("405"));
    let editor = app.token_for(Role::Editor).await;
    let body = json!({"title": {"fi": "T"}, "area": "hus", "starts_on": "2024-01-01", "format": "online"});
    let created = app.post_json("/api/v1/events", &editor, &body).await;
    let etag = created.headers()["etag"].to_str().unwrap().to_owned();
    let id = json_ok(created, 201).await["id"].as_str().unwrap().to_owned();
    let res = app
        .http
        .get(app.url(&format!("/api/v1/events/{id}")))
        .bearer_auth(&editor)
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
}

#[actix_web::test]
async fn an_idempotency_key_outside_its_documented_pattern_is_refused() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let params = doc["paths"]["/api/v1/events"]["post"]["parameters"].as_array().unwrap().clone();
    let key = params.iter().find(|p| p["name"] == "Idempotency-Key").unwrap();
    assert_eq!(key["schema"]["pattern"], "^[!-~]([ -~]*[!-~])?$");
    let editor = app.token_for(Role::Editor).await;
    let body = json!({"title": {"fi": "T"}, "area": "hus", "starts_on": "2024-01-01", "format": "online"});
    let send = |key: &'static str| {
        app.http
            .post(app.url("/api/v1/events"))
            .bearer_auth(&editor)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    // A tab is not in the pattern (visible ASCII and inner spaces).
    assert_problem(send("ab\tcd").await.unwrap(), 400).await;
    json_ok(send("ab cd").await.unwrap(), 201).await;
}

//! Health, the OpenAPI document, Swagger UI and the migrations.

use client_safety::auth::Role;
use serde_json::Value;

use crate::helpers::*;

#[actix_web::test]
async fn health_endpoints_need_no_token() {
    let app = spawn_app().await;
    let live = app.http.get(app.url("/health/live")).send().await.unwrap();
    assert_eq!(json_ok(live, 200).await["status"], "ok");
    let ready = app.http.get(app.url("/health/ready")).send().await.unwrap();
    assert_eq!(json_ok(ready, 200).await["status"], "ok");
}

#[actix_web::test]
async fn the_served_document_equals_the_committed_one() {
    let app = spawn_app().await;
    let served: Value =
        app.http.get(app.url("/api-docs/openapi.json")).send().await.unwrap().json().await.unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("openapi/openapi.json exists"))
            .expect("committed document is JSON");
    assert!(
        served == committed,
        "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json`"
    );
    assert!(served["openapi"].as_str().unwrap().starts_with("3.1"));
    let schemes = &served["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["oauth2"]["flows"]["clientCredentials"]["tokenUrl"], "/api/v1/auth/token");
    let paths = served["paths"].as_object().unwrap();
    for p in [
        "/api/v1/auth/token",
        "/api/v1/areas",
        "/api/v1/areas/{code}",
        "/api/v1/clients",
        "/api/v1/audit",
        "/health/ready",
    ] {
        assert!(paths.contains_key(p), "{p} is documented");
    }
    assert!(served.get("servers").is_none(), "servers unset so Swagger UI's token call stays same-origin");
    let mut refs = Vec::new();
    collect_refs(&served, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let target = r.strip_prefix("#/").and_then(|p| served.pointer(&format!("/{p}")));
        assert!(target.is_some(), "{r} does not resolve");
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[actix_web::test]
async fn swagger_ui_is_served_without_the_network() {
    let app = spawn_app().await;
    let no_redirect = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let redirect = no_redirect.get(app.url("/swagger-ui")).send().await.unwrap();
    assert!(redirect.status().is_redirection());
    let page = app.http.get(app.url("/swagger-ui/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    for asset in ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js"] {
        assert!(html.contains(asset), "{asset} referenced");
        let res = app.http.get(app.url(&format!("/swagger-ui/{asset}"))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{asset} is served locally");
        let text = res.text().await.unwrap();
        if asset == "swagger-initializer.js" {
            assert!(text.contains("/api-docs/openapi.json"));
        }
    }
    assert!(!html.contains("https://unpkg") && !html.contains("https://cdn"), "no CDN assets");
}

#[actix_web::test]
async fn both_migration_folders_hold_the_same_names() {
    let (pg, sqlite) = client_safety::db::migration_names();
    assert!(!pg.is_empty());
    assert_eq!(pg, sqlite);
}

#[actix_web::test]
async fn a_token_from_the_first_start_admin_file_works() {
    let app = spawn_app().await;
    let file = app.db.data_dir().join("initial-admin.json");
    let creds: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let token = app
        .token_with(&Creds {
            id: creds["client_id"].as_str().unwrap().to_owned(),
            secret: creds["client_secret"].as_str().unwrap().to_owned(),
        })
        .await;
    json_ok(app.get("/api/v1/clients", &token).await, 200).await;
    // A second start on the same database creates no second admin.
    let (_, pool) = spawn_second_instance(&app, |_| {}).await;
    let mut conn = pool.get().unwrap();
    assert_eq!(client_safety::clients::repo::count(&mut conn).unwrap(), 1);
    let _ = app.token_for(Role::Viewer).await;
}

#[actix_web::test]
async fn json_answers_name_their_charset() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Viewer).await;
    let res = app.get("/api/v1/areas", &token).await;
    assert_eq!(res.headers()["content-type"], "application/json; charset=utf-8");
}

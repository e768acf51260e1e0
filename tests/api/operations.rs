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
    assert_eq!(served["servers"][0]["url"], "/", "relative, so Swagger UI's token call stays same-origin");
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

const METRICS_TOKEN: &str = "metrics-token-0123456789";

#[actix_web::test]
async fn metrics_are_off_by_default_and_behind_the_bearer_token_when_set() {
    let off = spawn_app().await;
    assert_problem(off.http.get(off.url("/metrics")).send().await.unwrap(), 404).await;

    let app = spawn_with(TestDb::create(), |s| s.server.metrics_token = Some(METRICS_TOKEN.into())).await;
    let viewer = app.token_for(Role::Viewer).await;
    json_ok(app.get("/api/v1/areas/hus", &viewer).await, 200).await;
    assert_problem(app.get("/api/v1/areas/no-such-area", &viewer).await, 404).await;
    assert_problem(app.http.get(app.url("/no/route/at/all")).send().await.unwrap(), 404).await;
    let metrics = || app.http.get(app.url("/metrics"));
    let res = metrics().send().await.unwrap();
    assert!(res.headers().contains_key("www-authenticate"));
    assert_problem(res, 401).await;
    assert_problem(metrics().bearer_auth("metrics-token-012345678").send().await.unwrap(), 401).await;
    assert_problem(metrics().bearer_auth(&viewer).send().await.unwrap(), 401).await;
    let res = metrics().bearer_auth(METRICS_TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    for expected in [
        "http_requests_total{method=\"GET\",route=\"/api/v1/areas/{code}\",status=\"200\"}",
        "http_requests_total{method=\"GET\",route=\"/api/v1/areas/{code}\",status=\"404\"}",
        "http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}",
        "http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/areas/{code}\",status=\"200\",le=\"0.005\"}",
        "db_pool_connections{state=\"idle\"}",
        "db_pool_connections{state=\"in_use\"}",
        "db_pool_max_connections 4",
        "http_connections_open",
        "responses_ingested_total",
        "http_body_timeouts_total",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(!text.contains("no-such-area") && !text.contains("/no/route"), "paths never become labels");
}

#[actix_web::test]
async fn metrics_can_have_their_own_address_instead() {
    let db = TestDb::create();
    let mut settings = settings_for(&db);
    settings.server.metrics_bind_addr = Some("127.0.0.1:0".parse().unwrap());
    let app = client_safety::startup::Application::build(settings).unwrap();
    let (port, metrics_port) = (app.port(), app.metrics_port().expect("a metrics listener"));
    let handle = app.handle();
    actix_web::rt::spawn(app.run_until_stopped());
    let http = reqwest::Client::new();
    let main = http.get(format!("http://127.0.0.1:{port}/metrics")).send().await.unwrap();
    assert_problem(main, 404).await;
    let res = http.get(format!("http://127.0.0.1:{metrics_port}/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("db_pool_max_connections"));
    let other = http.get(format!("http://127.0.0.1:{metrics_port}/api/v1/areas")).send().await.unwrap();
    assert_problem(other, 404).await;
    handle.stop(false).await;
}

#[actix_web::test]
async fn json_logs_are_one_object_a_line_with_the_request_id_of_the_request() {
    use std::io::BufRead;
    let db = TestDb::create();
    let cwd = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_client-safety"))
        .current_dir(cwd.path())
        .env("DATABASE_URL", db.url())
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("JWT_SECRET", JWT_SECRET)
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || stderr.lines().map_while(Result::ok).try_for_each(|l| tx.send(l)));
    let mut seen = Vec::new();
    let mut next_line = |want: &dyn Fn(&Value) -> bool| loop {
        let line = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("a log line in time");
        let value: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(
            value["ts"].is_string() && value["level"].is_string() && value["target"].is_string(),
            "{line}"
        );
        seen.push(line);
        if want(&value) {
            return value;
        }
    };
    let listening = next_line(&|v| v["message"].as_str().unwrap_or("").starts_with("listening on"));
    let message = listening["message"].as_str().unwrap();
    let port = message.rsplit(':').next().unwrap().split(' ').next().unwrap().to_owned();
    let res = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/api/v1/nothing"))
        .header("x-request-id", "log-check-1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let request_line = next_line(&|v| v["target"] == "client_safety::http");
    assert_eq!(request_line["request_id"], "log-check-1");
    assert!(
        request_line["message"].as_str().unwrap().starts_with("GET /api/v1/nothing 404"),
        "{request_line}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

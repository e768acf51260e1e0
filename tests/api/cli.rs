//! The binary itself: `clients create`, `openapi`, and start-up failures.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::*;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_client-safety"));
    cmd.env_remove("JWT_SECRET").env("RUST_LOG", "warn");
    cmd
}

#[actix_web::test]
async fn clients_create_prints_credentials_that_get_a_token() {
    let db = TestDb::create();
    let out = bin()
        .args(["clients", "create", "--name", "ops", "--role", "admin"])
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let creds: Value = serde_json::from_slice(&out.stdout).expect("stdout is the credentials JSON");
    let app = spawn_with(db, |_| {}).await;
    let token = app
        .token_with(&Creds {
            id: creds["client_id"].as_str().unwrap().to_owned(),
            secret: creds["client_secret"].as_str().unwrap().to_owned(),
        })
        .await;
    let areas = json_ok(app.get("/api/v1/areas?limit=500", &token).await, 200).await;
    assert_eq!(areas["items"].as_array().unwrap().len(), 28);
    assert!(
        !app.db.data_dir().join("initial-admin.json").exists(),
        "no bootstrap admin when one was created"
    );
}

#[test]
fn clients_create_rejects_bad_arguments_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    for args in [
        vec!["clients", "create", "--name", "x", "--role", "root"],
        vec!["clients", "create", "--name", "x", "--role", "integration"],
        vec!["clients", "create", "--name", "x", "--role", "viewer", "--area", "pirkanmaa"],
    ] {
        let out = bin().args(&args).env("DATABASE_URL", &db).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.lines().any(|l| l.starts_with("error: ")), "{args:?}: {stderr}");
    }
}

#[test]
fn an_unreachable_database_fails_start_up_quickly_with_the_cause() {
    let start = Instant::now();
    let out = bin()
        .args(["serve", "--bind-addr", "127.0.0.1:0", "--jwt-secret", JWT_SECRET])
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/nowhere")
        .output()
        .unwrap();
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot connect to the database") && stderr.to_lowercase().contains("connect"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "no secret in the error");
}

#[test]
fn invalid_settings_fail_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("MIN_GROUP_SIZE", "1", "MIN_GROUP_SIZE"),
        ("TOKEN_TTL_SECONDS", "5", "TOKEN_TTL_SECONDS"),
        ("BIND_ADDR", "nowhere", "BIND_ADDR"),
        ("JWT_SECRET", "short", "JWT_SECRET"),
        ("DATABASE_URL", "mysql://x/y", "scheme"),
    ];
    for (var, value, expect) in cases {
        let out =
            bin().arg("serve").env("DATABASE_URL", dir.path().join("s.db")).env(var, value).output().unwrap();
        assert!(!out.status.success(), "{var}={value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr.lines().find(|l| l.starts_with("error: ")).unwrap_or_default();
        assert!(line.contains(expect), "{var}={value}: {stderr}");
        assert!(!stderr.contains("short") || var != "JWT_SECRET", "the secret is not echoed");
    }
}

#[test]
fn the_openapi_command_prints_the_committed_document() {
    let out = bin().arg("openapi").output().unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).unwrap(),
    )
    .unwrap();
    assert!(printed == committed, "openapi/openapi.json is stale");
}

#[test]
fn clients_list_and_deactivate_work_without_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let create = bin()
        .args(["clients", "create", "--name", "Pirha", "--role", "integration", "--area", "pirkanmaa"])
        .env("DATABASE_URL", &db)
        .output()
        .unwrap();
    let id =
        serde_json::from_slice::<Value>(&create.stdout).unwrap()["client_id"].as_str().unwrap().to_owned();
    let list = bin().args(["clients", "list"]).env("DATABASE_URL", &db).output().unwrap();
    let lines: Vec<Value> =
        String::from_utf8_lossy(&list.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["area"], "pirkanmaa");
    assert!(!String::from_utf8_lossy(&list.stdout).contains("secret"));
    let off = bin().args(["clients", "deactivate", &id]).env("DATABASE_URL", &db).output().unwrap();
    assert!(off.status.success());
    let list = bin().args(["clients", "list"]).env("DATABASE_URL", &db).output().unwrap();
    let row: Value =
        serde_json::from_str(String::from_utf8_lossy(&list.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(row["active"], false);
    let missing = bin().args(["clients", "deactivate", "nope"]).env("DATABASE_URL", &db).output().unwrap();
    assert!(!missing.status.success());
}

#[test]
fn serve_with_no_settings_creates_its_data_folder_and_runs() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin()
        .args(["serve", "--bind-addr", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let listening =
        BufReader::new(stderr).lines().map_while(Result::ok).take(40).any(|l| l.contains("listening on"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(listening, "the service started");
    for file in ["client-safety.db", "jwt-secret", "initial-admin.json"] {
        assert!(dir.path().join("data").join(file).exists(), "data/{file}");
    }
}

#[test]
fn no_form_of_database_password_reaches_the_log() {
    // Unreachable port: start-up fails and logs the URL it tried, with every password masked.
    for url in [
        "postgres://cs:Sup3rSecret@127.0.0.1:9/db",
        "postgres://cs@127.0.0.1:9/db?password=Sup3rSecret",
        "postgres://cs:Sup@3rSecret@127.0.0.1:9/db",
        "postgresql://127.0.0.1:9/db?sslmode=disable&password=Sup3rSecret",
    ] {
        let out = bin()
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("JWT_SECRET", JWT_SECRET)
            .env("RUST_LOG", "debug")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{url}");
        let log = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
        assert!(log.contains("***"), "{url}: the URL is named, masked: {log}");
        for secret in ["Sup3rSecret", "3rSecret", "Secret"] {
            assert!(!log.contains(secret), "{url}: {log}");
        }
    }
}

#[actix_web::test]
async fn command_line_client_writes_are_in_the_audit_log_as_cli() {
    let db = TestDb::create();
    let out = bin()
        .args(["clients", "create", "--name", "ops", "--role", "viewer"])
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let creds: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = creds["client_id"].as_str().unwrap().to_owned();
    let out = bin().args(["clients", "deactivate", &id]).env("DATABASE_URL", db.url()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let app = spawn_with(db, |_| {}).await;
    let admin = app.token_for(client_safety::auth::Role::Admin).await;
    let audit = json_ok(app.get("/api/v1/audit?actor=cli", &admin).await, 200).await;
    let entries: Vec<(String, String, Value)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["entity_id"].as_str().unwrap().to_owned(),
                e["after"]["active"].clone(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [("update".to_owned(), id.clone(), Value::Bool(false)), ("create".to_owned(), id, Value::Bool(true))]
    );
    assert!(!audit.to_string().contains(creds["client_secret"].as_str().unwrap()), "no secret in the audit");
}

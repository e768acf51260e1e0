//! A database that refuses writes (full disk, read-only): writes answer 503
//! with `Retry-After`, readiness says 503 until a write succeeds again. The
//! refusal is injected with a trigger that raises the backend's own message.
//! Runs the real binary in its own process: the write verdict is per process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use client_safety::auth::Role;
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::helpers::*;

pub struct Server(pub Child, pub String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The real binary serving `db`, with `env` added to its environment.
pub fn serve_with(db: &TestDb, env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_client-safety"))
        .args(["serve", "--bind-addr", "127.0.0.1:0"])
        .envs(env.iter().copied())
        .env("DATABASE_URL", db.url())
        .env("JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "info")
        .current_dir(db.data_dir().parent().unwrap_or(&std::env::temp_dir()))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
    let base = lines
        .by_ref()
        .take(60)
        .find_map(|l| {
            l.split("listening on ").nth(1).and_then(|r| r.split_whitespace().next()).map(str::to_owned)
        })
        .expect("the service started");
    std::thread::spawn(move || lines.for_each(drop));
    Server(child, base)
}

fn serve(db: &TestDb) -> Server {
    serve_with(db, &[])
}

fn refuse_writes(db: &TestDb, on: bool) {
    let mut conn =
        client_safety::startup::prepare_database(&client_safety::db::DbUrl::parse(&db.url()).unwrap(), 1)
            .unwrap()
            .get()
            .unwrap();
    let sql = match (db.is_postgres(), on) {
        (false, true) => "CREATE TRIGGER full_e BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END; \
                          CREATE TRIGGER full_p BEFORE UPDATE ON health_probe BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        (false, false) => "DROP TRIGGER full_e; DROP TRIGGER full_p;",
        (true, true) => "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                           RAISE EXCEPTION 'could not extend file \"base/1/2\": No space left on device' USING ERRCODE = '53100'; END $$; \
                         CREATE TRIGGER full_e BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION full_disk(); \
                         CREATE TRIGGER full_p BEFORE UPDATE ON health_probe FOR EACH ROW EXECUTE FUNCTION full_disk();",
        (true, false) => "DROP TRIGGER full_e ON events; DROP TRIGGER full_p ON health_probe; DROP FUNCTION full_disk();",
    };
    conn.batch_execute(sql).unwrap();
}

#[actix_web::test]
async fn a_database_that_refuses_writes_answers_503_and_readiness_follows() {
    let db = TestDb::create();
    let server = serve(&db);
    let mut conn =
        client_safety::startup::prepare_database(&client_safety::db::DbUrl::parse(&db.url()).unwrap(), 1)
            .unwrap()
            .get()
            .unwrap();
    let creds =
        client_safety::clients::service::create(&mut conn, "test", "ops", Role::Editor, None).unwrap();
    drop(conn);
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{}/api/v1/auth/token", server.1))
        .basic_auth(&creds.client.client_id, Some(&creds.client_secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    let event =
        json!({"title": {"fi": "Työpaja"}, "area": "hus", "starts_on": "2025-03-03", "format": "on_site"});
    let post = || http.post(format!("{}/api/v1/events", server.1)).bearer_auth(&token).json(&event).send();
    let ready = || http.get(format!("{}/health/ready", server.1)).send();
    assert_eq!(ready().await.unwrap().status(), 200);

    refuse_writes(&db, true);
    let res = post().await.unwrap();
    let status = res.status();
    assert!(res.headers().contains_key("retry-after"), "{status} {:?}", res.headers());
    assert_problem(res, 503).await;
    assert_problem(ready().await.unwrap(), 503).await;

    refuse_writes(&db, false);
    assert_eq!(ready().await.unwrap().status(), 200, "a write succeeds again");
    assert_eq!(post().await.unwrap().status(), 201);
}

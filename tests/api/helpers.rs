//! `spawn_app()`, per-test databases and token helpers.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use client_safety::auth::Role;
use client_safety::config::webhooks::WebhookSettings;
use client_safety::config::{JwtSettings, Settings};
use client_safety::db::{DbPool, DbUrl};
use client_safety::startup::Application;
use diesel::prelude::*;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";
pub const ISSUER: &str = "client-safety";
pub const AUDIENCE: &str = "client-safety-api";

/// A database that exists for one test.
pub enum TestDb {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String, url: String },
}

impl TestDb {
    /// A fresh, empty database of the backend `TEST_DATABASE_URL` names.
    pub fn create() -> TestDb {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => {
                let name = format!("cs_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::establish(&url).expect("TEST_DATABASE_URL must be reachable");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create database");
                let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
                // Local connections need no TLS; it also keeps OpenSSL out of the test process's exit.
                TestDb::Postgres {
                    admin_url: url.clone(),
                    url: format!("{base}/{name}?sslmode=disable"),
                    name,
                }
            }
            _ => TestDb::Sqlite(tempfile::tempdir().expect("temp dir")),
        }
    }

    pub fn url(&self) -> String {
        match self {
            TestDb::Sqlite(dir) => dir.path().join("test.db").to_string_lossy().into_owned(),
            TestDb::Postgres { url, .. } => url.clone(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, TestDb::Postgres { .. })
    }

    /// A folder for files the service writes beside its database.
    pub fn data_dir(&self) -> PathBuf {
        match self {
            TestDb::Sqlite(dir) => dir.path().to_path_buf(),
            TestDb::Postgres { name, .. } => std::env::temp_dir().join(name),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name, .. } = self {
            if let Ok(mut conn) = PgConnection::establish(admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
            let _ = std::fs::remove_dir_all(std::env::temp_dir().join(name.as_str()));
        }
    }
}

pub fn settings_for(db: &TestDb) -> Settings {
    Settings {
        database: DbUrl::parse(&db.url()).expect("test url"),
        bind_addr: "127.0.0.1:0".parse().expect("addr"),
        jwt: JwtSettings {
            secret: JWT_SECRET.as_bytes().to_vec(),
            issuer: ISSUER.to_owned(),
            audience: AUDIENCE.to_owned(),
            ttl_seconds: 900,
        },
        min_group_size: 5,
        changes_retention_days: 90,
        demo: false,
        data_dir: db.data_dir(),
        pool_size: 4,
        client_status_ttl: Duration::from_secs(20),
        server: Default::default(),
        // Local receivers, and retries and polls quick enough for a test.
        webhooks: WebhookSettings {
            allow_insecure: true,
            retry_base: Duration::from_millis(50),
            poll: Duration::from_millis(50),
            ..Default::default()
        },
    }
}

/// A running server on its own database.
pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub pool: DbPool,
    pub handle: actix_web::dev::ServerHandle,
    pub db: TestDb,
}

impl Drop for TestApp {
    /// Stops the server's workers so that nothing outlives the test's database.
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

pub async fn spawn_app() -> TestApp {
    let db = TestDb::create();
    spawn_with(db, |_| {}).await
}

/// Spawns a server on `db`, with settings adjusted by `tweak`.
pub async fn spawn_with(db: TestDb, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let mut settings = settings_for(&db);
    tweak(&mut settings);
    let app = Application::build(settings).expect("the application builds");
    let base = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    let handle = app.handle();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp { base, http: reqwest::Client::new(), pool, handle, db }
}

/// Another server instance on the same database (several instances sharing one database).
pub async fn spawn_second_instance(first: &TestApp, tweak: impl FnOnce(&mut Settings)) -> (String, DbPool) {
    let mut settings = settings_for(&first.db);
    tweak(&mut settings);
    let app = Application::build(settings).expect("the second instance builds");
    let base = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    actix_web::rt::spawn(app.run_until_stopped());
    (base, pool)
}

/// Credentials of a client created for a test.
pub struct Creds {
    pub id: String,
    pub secret: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(token)
    }

    /// Creates a client directly in the database.
    pub fn create_client(&self, role: Role, area: Option<&str>) -> Creds {
        let mut conn = self.pool.get().expect("connection");
        let name = format!("test-{role}");
        let creds = client_safety::db::write_tx(&mut conn, |c| {
            client_safety::clients::service::create(c, "test", &name, role, area)
        })
        .expect("client");
        Creds { id: creds.client.client_id, secret: creds.client_secret }
    }

    /// The token endpoint's answer to a form with these credentials.
    pub async fn token_response(&self, id: &str, secret: &str) -> Response {
        self.http
            .post(self.url("/api/v1/auth/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)])
            .send()
            .await
            .expect("token request")
    }

    pub async fn token_with(&self, creds: &Creds) -> String {
        let res = self.token_response(&creds.id, &creds.secret).await;
        assert_eq!(res.status(), StatusCode::OK, "token request failed");
        let body: Value = res.json().await.expect("token json");
        body["access_token"].as_str().expect("access_token").to_owned()
    }

    /// A token for a new client of `role` (integration clients speak for `varsinais-suomi`).
    pub async fn token_for(&self, role: Role) -> String {
        let area = (role == Role::Integration).then_some("varsinais-suomi");
        let creds = self.create_client(role, area);
        self.token_with(&creds).await
    }

    /// A token for a new integration client of `county`.
    pub async fn integration_token(&self, county: &str) -> String {
        let creds = self.create_client(Role::Integration, Some(county));
        self.token_with(&creds).await
    }

    /// Runs SQL straight on the database, behind the service's back; `$1` is `id`.
    pub fn exec_sql(&self, sql: &str, id: &str) -> usize {
        self.try_exec_sql(sql, id).expect("sql ran")
    }

    /// [`Self::exec_sql`] that answers the database's refusal instead of panicking.
    pub fn try_exec_sql(&self, sql: &str, id: &str) -> diesel::QueryResult<usize> {
        let mut conn = self.pool.get().expect("connection");
        diesel::sql_query(sql).bind::<diesel::sql_types::Text, _>(id).execute(&mut conn)
    }

    /// Inserts an event with a fixed id straight into the database (for tests of other resources).
    pub fn insert_event(&self, id: &str, title: &str, area: &str, day: &str) {
        let mut conn = self.pool.get().expect("connection");
        diesel::sql_query(
            "INSERT INTO events (id, title_fi, area_code, starts_on, format, status, attended_is_estimate, \
             version, created_at, updated_at) VALUES ($1, $2, $3, $4, 'hybrid', 'held', FALSE, 1, $5, $5)",
        )
        .bind::<diesel::sql_types::Text, _>(id)
        .bind::<diesel::sql_types::Text, _>(title)
        .bind::<diesel::sql_types::Text, _>(area)
        .bind::<diesel::sql_types::Date, _>(chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("day"))
        .bind::<diesel::sql_types::Timestamp, _>(chrono::Utc::now().naive_utc())
        .execute(&mut conn)
        .expect("event inserted");
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, token).send().await.expect("request")
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, token).json(body).send().await.expect("request")
    }

    pub async fn patch_json(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::PATCH, path, token).json(body).send().await.expect("request")
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.request(Method::DELETE, path, token).send().await.expect("request")
    }
}

/// Asserts the status and that the body is problem+json; returns the body.
pub async fn assert_problem(res: Response, status: u16) -> Value {
    let got = res.status().as_u16();
    let content_type =
        res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "unexpected status; body: {body}");
    assert!(content_type.starts_with("application/problem+json"), "content type was {content_type}");
    assert_eq!(body["status"], status, "problem status: {body}");
    assert!(body["title"].is_string() && body["detail"].is_string() && body["type"].is_string(), "{body}");
    assert!(body["instance"].is_string(), "problem lacks instance: {body}");
    body
}

/// Asserts the status and returns the JSON body.
pub async fn json_ok(res: Response, status: u16) -> Value {
    let got = res.status().as_u16();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "unexpected status; body: {body}");
    body
}

/// The names of the invalid fields of a 422.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Follows `next_cursor` to the end, collecting every item.
pub async fn collect_pages(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_owned(),
        };
        let page = json_ok(app.get(&url, token).await, 200).await;
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return items,
        }
    }
}

//! HTTP conventions as a client sees them: request ids, HEAD, conditional GET,
//! content negotiation, charsets, compression and CORS.

use client_safety::auth::Role;
use client_safety::config::server::Cors;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn every_answer_carries_a_request_id_kept_from_a_sane_client_value_or_generated() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Viewer).await;
    let mine = app.request(Method::GET, "/api/v1/areas", &token).header("x-request-id", "abc-123").send();
    assert_eq!(mine.await.unwrap().headers()["x-request-id"], "abc-123");
    for bad in ["has space", "quote\"", &"x".repeat(129)] {
        let res = app.request(Method::GET, "/api/v1/areas", &token).header("x-request-id", bad).send().await;
        let id = res.unwrap().headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{bad:?} replaced by a UUID, not {id}");
    }
    let none = app.http.get(app.url("/health/live")).send().await.unwrap();
    let generated = none.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&generated).is_ok());
    // And in problem bodies, beside `instance`.
    let missing = app.http.get(app.url("/api/v1/nothing")).header("x-request-id", "trace-9").send().await;
    let missing = missing.unwrap();
    assert_eq!(missing.headers()["x-request-id"], "trace-9");
    assert_eq!(assert_problem(missing, 404).await["request_id"], "trace-9");
    let unauthorized = app.http.get(app.url("/api/v1/areas")).send().await.unwrap();
    let id = unauthorized.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(assert_problem(unauthorized, 401).await["request_id"], id);
}

#[actix_web::test]
async fn head_works_wherever_get_does_and_sends_no_body() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Viewer).await;
    for path in ["/api/v1/areas", "/api/v1/areas/hus", "/health/live", "/api-docs/openapi.json"] {
        let get = app.request(Method::GET, path, &token).send().await.unwrap();
        let head = app.request(Method::HEAD, path, &token).send().await.unwrap();
        assert_eq!(head.status(), 200, "HEAD {path}");
        assert_eq!(head.headers()["content-type"], get.headers()["content-type"], "{path}");
        assert_eq!(head.headers().get("etag"), get.headers().get("etag"), "{path}");
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
    }
    // A path without GET still says which methods it has.
    let res = app.request(Method::HEAD, "/api/v1/auth/token", &token).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "POST");
    let res = app.request(Method::DELETE, "/api/v1/areas/hus", &token).send().await.unwrap();
    assert_eq!(res.headers()["allow"], "GET, HEAD, PATCH");
}

#[actix_web::test]
async fn if_none_match_with_the_current_etag_gets_304_without_a_body() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Editor).await;
    let first = app.get("/api/v1/areas/hus", &token).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    for (method, tag) in
        [(Method::GET, etag.clone()), (Method::HEAD, etag.clone()), (Method::GET, format!("W/{etag}, \"x\""))]
    {
        let res =
            app.request(method.clone(), "/api/v1/areas/hus", &token).header("if-none-match", &tag).send();
        let res = res.await.unwrap();
        assert_eq!(res.status(), 304, "{method} If-None-Match: {tag}");
        assert_eq!(res.headers()["etag"], etag.as_str());
        assert!(res.bytes().await.unwrap().is_empty());
    }
    let stale = app.request(Method::GET, "/api/v1/areas/hus", &token).header("if-none-match", "\"0\"").send();
    assert_eq!(json_ok(stale.await.unwrap(), 200).await["code"], "hus");
    // After a change the old tag no longer matches.
    let patched = app
        .request(Method::PATCH, "/api/v1/areas/hus", &token)
        .header("if-none-match", &etag)
        .json(&json!({"statistics_code": "9"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200, "If-None-Match does not apply to PATCH");
    let res = app.request(Method::GET, "/api/v1/areas/hus", &token).header("if-none-match", &etag).send();
    assert_eq!(res.await.unwrap().status(), 200);
}

#[actix_web::test]
async fn an_accept_nothing_satisfies_is_406_before_anything_happens_and_q_values_count() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Editor).await;
    let get = |accept: &'static str, path: &'static str| {
        app.request(Method::GET, path, &token).header("accept", accept).send()
    };
    for accept in ["application/xml", "application/json;q=0", "text/*", "application/json;q=0, */*"] {
        let problem = assert_problem(get(accept, "/api/v1/areas").await.unwrap(), 406).await;
        assert!(problem["detail"].as_str().unwrap().contains("application/json"), "{problem}");
    }
    for accept in ["application/json", "application/*", "*/*;q=0.1", "text/html, */*;q=0.8", ""] {
        assert_eq!(get(accept, "/api/v1/areas").await.unwrap().status(), 200, "Accept: {accept}");
    }
    // Where CSV is offered too, the higher q wins.
    let csv = |accept: &'static str| get(accept, "/api/v1/reports/events");
    let ct = |res: reqwest::Response| res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct(csv("text/csv, application/json;q=0.5").await.unwrap()).starts_with("text/csv"));
    assert!(ct(csv("text/csv;q=0.5, application/json").await.unwrap()).starts_with("application/json"));
    assert!(ct(csv("text/*").await.unwrap()).starts_with("text/csv"));
    assert!(ct(csv("*/*").await.unwrap()).starts_with("application/json"));
    assert_problem(csv("application/xml").await.unwrap(), 406).await;
    // A write that could not be answered as asked is not made.
    let body = json!({"code": "accept-city", "kind": "city", "parent": "lansi-suomi", "name": {"fi": "x"}});
    let post =
        app.request(Method::POST, "/api/v1/areas", &token).header("accept", "application/xml").json(&body);
    assert_problem(post.send().await.unwrap(), 406).await;
    assert_problem(app.get("/api/v1/areas/accept-city", &token).await, 404).await;
}

#[actix_web::test]
async fn a_body_in_another_charset_than_utf8_is_415_and_changes_nothing() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Editor).await;
    let body = json!({"code": "charset-city", "kind": "city", "parent": "lansi-suomi", "name": {"fi": "x"}});
    let send = |content_type: &'static str| {
        app.request(Method::POST, "/api/v1/areas", &token)
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
    };
    for ct in ["application/json; charset=iso-8859-1", "application/json;charset=\"utf-16\""] {
        assert_problem(send(ct).await.unwrap(), 415).await;
    }
    assert_problem(app.get("/api/v1/areas/charset-city", &token).await, 404).await;
    let token_form = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded; charset=latin1")
        .body("grant_type=client_credentials")
        .send();
    assert_problem(token_form.await.unwrap(), 415).await;
    assert_eq!(send("application/json; charset=UTF-8").await.unwrap().status(), 201);
}

#[actix_web::test]
async fn answers_are_compressed_when_the_client_asks() {
    let app = spawn_app().await;
    let token = app.token_for(Role::Viewer).await;
    let plain = app.get("/api/v1/areas?limit=500", &token).await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_len = plain.bytes().await.unwrap().len();
    for (asked, got) in [("gzip", "gzip"), ("br", "br"), ("gzip;q=0.5, br", "br"), ("identity", "")] {
        let res =
            app.request(Method::GET, "/api/v1/areas?limit=500", &token).header("accept-encoding", asked);
        let res = res.send().await.unwrap();
        let encoding = res.headers().get("content-encoding").map_or("", |v| v.to_str().unwrap()).to_owned();
        assert_eq!(encoding, got, "Accept-Encoding: {asked}");
        let len = res.bytes().await.unwrap().len();
        assert!(got.is_empty() || len < plain_len / 2, "{asked}: {len} of {plain_len} bytes");
    }
    // Problems too, rewritten before they are compressed.
    let res =
        app.http.get(app.url("/api/v1/nothing")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[actix_web::test]
async fn cors_is_off_by_default_and_allows_only_the_configured_origins() {
    let app = spawn_app().await;
    let preflight = |app: &TestApp, origin: &'static str| {
        app.http
            .request(Method::OPTIONS, app.url("/api/v1/areas"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let off = preflight(&app, "https://app.example.fi").await.unwrap();
    assert!(off.headers().get("access-control-allow-origin").is_none());
    let on = spawn_with(TestDb::create(), |s| {
        s.server.cors = Cors::Origins(vec!["https://app.example.fi".into()]);
    })
    .await;
    let ok = preflight(&on, "https://app.example.fi").await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["access-control-allow-origin"], "https://app.example.fi");
    assert!(ok.headers()["access-control-allow-headers"].to_str().unwrap().contains("authorization"));
    assert_problem(preflight(&on, "https://evil.example").await.unwrap(), 400).await;
    let token = on.token_for(Role::Viewer).await;
    let res = on.request(Method::GET, "/api/v1/areas/hus", &token).header("origin", "https://app.example.fi");
    let res = res.send().await.unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "https://app.example.fi");
    let exposed = res.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(exposed.contains("etag") && exposed.contains("x-request-id"), "{exposed}");
    let _: Value = res.json().await.unwrap();
}

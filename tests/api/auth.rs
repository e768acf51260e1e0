//! The token endpoint and every way a token can be forged or stale.

use base64::Engine;
use client_safety::auth::Role;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn client_credentials_work_as_form_basic_and_json() {
    let app = spawn_app().await;
    let c = app.create_client(Role::Viewer, None);
    let form = app.token_response(&c.id, &c.secret).await;
    assert_eq!(form.headers()["cache-control"], "no-store");
    let body = json_ok(form, 200).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["scope"], "viewer");

    let basic = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .basic_auth(&c.id, Some(&c.secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let token = json_ok(basic, 200).await["access_token"].as_str().unwrap().to_owned();
    json_ok(app.get("/api/v1/areas", &token).await, 200).await;

    let as_json = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"grant_type": "client_credentials", "client_id": c.id, "client_secret": c.secret}))
        .send()
        .await
        .unwrap();
    json_ok(as_json, 200).await;
}

#[actix_web::test]
async fn issued_tokens_carry_the_documented_claims() {
    let app = spawn_app().await;
    let token = app.integration_token("pirkanmaa").await;
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap())
            .unwrap();
    for claim in ["iss", "aud", "sub", "iat", "nbf", "exp", "jti"] {
        assert!(!claims[claim].is_null(), "missing {claim}: {claims}");
    }
    assert_eq!(claims["role"], "integration");
    assert_eq!(claims["area"], "pirkanmaa");
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], AUDIENCE);
}

#[actix_web::test]
async fn bad_credentials_get_rfc6749_errors() {
    let app = spawn_app().await;
    let c = app.create_client(Role::Editor, None);
    let token =
        |form: Vec<(&'static str, String)>| app.http.post(app.url("/api/v1/auth/token")).form(&form).send();
    let gt = ("grant_type", "client_credentials".to_owned());

    let wrong =
        token(vec![gt.clone(), ("client_id", c.id.clone()), ("client_secret", "nope".into())]).await.unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(wrong.headers().contains_key("www-authenticate"));
    assert_eq!(wrong.json::<Value>().await.unwrap()["error"], "invalid_client");

    let unknown =
        token(vec![gt.clone(), ("client_id", "no-such".into()), ("client_secret", c.secret.clone())])
            .await
            .unwrap();
    assert_eq!(unknown.status(), 401);
    assert_eq!(unknown.json::<Value>().await.unwrap()["error"], "invalid_client");

    let no_grant =
        token(vec![("client_id", c.id.clone()), ("client_secret", c.secret.clone())]).await.unwrap();
    assert_eq!(no_grant.status(), 400);
    assert_eq!(no_grant.json::<Value>().await.unwrap()["error"], "invalid_request");

    let other_grant = token(vec![
        ("grant_type", "password".into()),
        ("client_id", c.id.clone()),
        ("client_secret", c.secret.clone()),
    ])
    .await
    .unwrap();
    assert_eq!(other_grant.status(), 400);
    assert_eq!(other_grant.json::<Value>().await.unwrap()["error"], "unsupported_grant_type");

    let missing = token(vec![gt.clone()]).await.unwrap();
    assert_eq!(missing.status(), 400);

    let both = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .basic_auth(&c.id, Some(&c.secret))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", c.id.as_str()),
            ("client_secret", c.secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), 400);

    let garbage_basic = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .header("authorization", "Basic !!!notbase64")
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(garbage_basic.status(), 400);
}

fn claims(sub: &str, role: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "iat": now, "nbf": now, "exp": now + 600,
           "jti": uuid::Uuid::new_v4().to_string(), "role": role})
}

fn sign(claims: &Value, key: &[u8]) -> String {
    encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key)).unwrap()
}

fn b64(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

#[actix_web::test]
async fn forged_expired_and_misaddressed_tokens_get_401_problems() {
    let app = spawn_app().await;
    let admin = app.create_client(Role::Admin, None);
    let good = claims(&admin.id, "admin");
    let key = JWT_SECRET.as_bytes();
    let now = chrono::Utc::now().timestamp();
    let with = |field: &str, value: Value| {
        let mut c = good.clone();
        c[field] = value;
        c
    };
    let valid = sign(&good, key);
    // Control: a correctly signed token works, so the failures below are about the forgery.
    json_ok(app.get("/api/v1/clients", &valid).await, 200).await;

    // A viewer's real token with its payload changed to say admin.
    let viewer = app.create_client(Role::Viewer, None);
    let viewer_token = sign(&claims(&viewer.id, "viewer"), key);
    let mut parts: Vec<String> = viewer_token.split('.').map(str::to_owned).collect();
    parts[1] = b64(&claims(&viewer.id, "admin"));
    let tampered = parts.join(".");
    let none_alg = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&good));
    let hs512 = encode(&Header::new(Algorithm::HS512), &good, &EncodingKey::from_secret(key)).unwrap();
    let cases = vec![
        ("none algorithm", none_alg),
        ("tampered payload", tampered),
        ("other key", sign(&good, b"another-secret-that-is-long-enough-0123456789")),
        ("other algorithm", hs512),
        ("expired", sign(&with("exp", json!(now - 3600)), key)),
        ("not yet valid", sign(&with("nbf", json!(now + 3600)), key)),
        ("wrong issuer", sign(&with("iss", json!("someone-else")), key)),
        ("wrong audience", sign(&with("aud", json!("another-api")), key)),
        (
            "no expiry",
            sign(
                &{
                    let mut c = good.clone();
                    c.as_object_mut().unwrap().remove("exp");
                    c
                },
                key,
            ),
        ),
        ("unknown client", sign(&with("sub", json!("no-such-client")), key)),
        ("unknown role", sign(&with("role", json!("superuser")), key)),
        ("integration without county", sign(&with("role", json!("integration")), key)),
        ("garbage", "not.a.jwt".to_owned()),
    ];
    for (name, token) in cases {
        let res = app.get("/api/v1/areas", &token).await;
        assert!(
            res.headers().get("www-authenticate").is_some_and(|v| v.to_str().unwrap().starts_with("Bearer")),
            "{name}"
        );
        let body = assert_problem(res, 401).await;
        assert!(!body["detail"].as_str().unwrap().is_empty(), "{name}");
    }

    let no_header = app.http.get(app.url("/api/v1/areas")).send().await.unwrap();
    assert_problem(no_header, 401).await;
    let basic = app.http.get(app.url("/api/v1/areas")).basic_auth("a", Some("b")).send().await.unwrap();
    assert_problem(basic, 401).await;
}

#[actix_web::test]
async fn a_deactivated_client_is_locked_out_and_reactivation_does_not_revive_its_old_tokens() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let viewer = app.create_client(Role::Viewer, None);
    let token = app.token_with(&viewer).await;
    json_ok(app.get("/api/v1/areas", &token).await, 200).await;

    let res =
        app.patch_json(&format!("/api/v1/clients/{}", viewer.id), &admin, &json!({"active": false})).await;
    assert_eq!(json_ok(res, 200).await["active"], false);
    assert_problem(app.get("/api/v1/areas", &token).await, 401).await;
    let again = app.token_response(&viewer.id, &viewer.secret).await;
    assert_eq!(again.status(), 401);

    let res =
        app.patch_json(&format!("/api/v1/clients/{}", viewer.id), &admin, &json!({"active": true})).await;
    json_ok(res, 200).await;
    let problem = assert_problem(app.get("/api/v1/areas", &token).await, 401).await;
    assert!(problem["detail"].as_str().unwrap_or("").contains("revoked"), "{problem}");
    let fresh = app.token_with(&viewer).await;
    json_ok(app.get("/api/v1/areas", &fresh).await, 200).await;
}

#[actix_web::test]
async fn rotating_a_secret_revokes_the_tokens_issued_with_the_old_one() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin).await;
    let viewer = app.create_client(Role::Viewer, None);
    let old = app.token_with(&viewer).await;
    json_ok(app.get("/api/v1/areas", &old).await, 200).await;
    let res = app.post_json(&format!("/api/v1/clients/{}/secret", viewer.id), &admin, &json!({})).await;
    let body = json_ok(res, 200).await;
    assert_problem(app.get("/api/v1/areas", &old).await, 401).await;
    let secret = body["client_secret"].as_str().unwrap_or_default().to_owned();
    let res = app.token_response(&viewer.id, &secret).await;
    assert_eq!(res.status(), 200);
    let fresh = res.json::<serde_json::Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    json_ok(app.get("/api/v1/areas", &fresh).await, 200).await;
}

#[actix_web::test]
async fn deactivation_reaches_other_instances_sharing_the_database() {
    let db = TestDb::create();
    let ttl = std::time::Duration::from_millis(1500);
    let app = spawn_with(db, |s| s.client_status_ttl = ttl).await;
    let (other, _pool) = spawn_second_instance(&app, |s| s.client_status_ttl = ttl).await;
    let admin = app.token_for(Role::Admin).await;
    let viewer = app.create_client(Role::Viewer, None);
    let token = app.token_with(&viewer).await;
    let on_other = || app.http.get(format!("{other}/api/v1/areas")).bearer_auth(&token).send();
    assert_eq!(on_other().await.unwrap().status(), 200, "the other instance caches the client as active");

    let res =
        app.patch_json(&format!("/api/v1/clients/{}", viewer.id), &admin, &json!({"active": false})).await;
    json_ok(res, 200).await;
    actix_web::rt::time::sleep(ttl + std::time::Duration::from_millis(300)).await;
    assert_eq!(
        on_other().await.unwrap().status(),
        401,
        "locked out on the other instance after the cache TTL"
    );
}

#[actix_web::test]
async fn the_default_lockout_window_is_within_60_seconds() {
    assert!(client_safety::auth::caller::STATUS_TTL <= std::time::Duration::from_secs(60));
}

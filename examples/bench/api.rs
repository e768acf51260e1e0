//! A client of the service under test: an admin's token and JSON requests.

use anyhow::{ensure, Context};
use serde_json::{json, Value};

pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> anyhow::Result<Value> {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> anyhow::Result<Value> {
        let mut req =
            self.http.request(method.clone(), format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req.send().await?;
        let status = res.status();
        ensure!(status.is_success(), "{method} {path}: {status} {}", res.text().await?);
        Ok(res.json().await?)
    }
}

/// Gets a token for the client `id` and a connection to use it on.
pub async fn connect(base: &str, id: &str, secret: &str) -> anyhow::Result<Api> {
    let http = reqwest::Client::new();
    let body = json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret});
    let res: Value = http.post(format!("{base}/api/v1/auth/token")).json(&body).send().await?.json().await?;
    let token = res["access_token"].as_str().context("no token")?.to_owned();
    Ok(Api { http, base: base.to_owned(), token })
}

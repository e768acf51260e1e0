//! One delivery attempt: a signed POST, its answer read at most 64 KiB.

use std::time::{Duration, Instant};

use reqwest::redirect::Policy;
use reqwest::Client;

use super::sign;
use super::target::PublicOnly;
use crate::config::webhooks::WebhookSettings;

/// The most of a receiver's answer that is read.
pub const MAX_ANSWER: usize = 64 * 1024;
/// The most of it kept with the delivery, for the subscriber to see.
const KEPT_ERROR: usize = 300;

/// The HTTP client of every delivery: no redirects followed, no proxy, the
/// delivery timeout, and (unless insecure) public addresses only.
pub fn client(settings: &WebhookSettings) -> reqwest::Result<Client> {
    let builder = Client::builder()
        .redirect(Policy::none())
        .no_proxy()
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        .user_agent(concat!("client-safety-webhooks/", env!("CARGO_PKG_VERSION")));
    let builder =
        if settings.allow_insecure { builder } else { builder.dns_resolver(std::sync::Arc::new(PublicOnly)) };
    builder.build()
}

/// A message to send.
pub struct Message<'a> {
    pub url: &'a str,
    pub secret: &'a str,
    pub id: &'a str,
    pub body: &'a str,
}

/// What an attempt came to.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ok: bool,
    pub status: Option<u16>,
    pub duration: Duration,
    /// Why it failed (none on success).
    pub error: Option<String>,
}

/// POSTs the message, signed now; a 2xx answer is a success.
pub async fn attempt(http: &Client, msg: Message<'_>) -> Outcome {
    let started = Instant::now();
    let timestamp = chrono::Utc::now().timestamp();
    let Some(signature) = sign::signature(msg.secret, msg.id, timestamp, msg.body) else {
        return failed(None, started, "the stored signing secret is malformed; rotate it".into());
    };
    let sent = http
        .post(msg.url)
        .header("content-type", "application/json")
        .header("webhook-id", msg.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(msg.body.to_owned())
        .send()
        .await;
    let mut res = match sent {
        Ok(res) => res,
        Err(e) => return failed(None, started, describe(&e)),
    };
    let status = res.status();
    let mut answer = Vec::new();
    while answer.len() < MAX_ANSWER {
        match res.chunk().await {
            Ok(Some(chunk)) => answer.extend_from_slice(&chunk[..chunk.len().min(MAX_ANSWER - answer.len())]),
            Ok(None) => break,
            Err(e) => return failed(Some(status.as_u16()), started, describe(&e)),
        }
    }
    if status.is_success() {
        return Outcome { ok: true, status: Some(status.as_u16()), duration: started.elapsed(), error: None };
    }
    let text = String::from_utf8_lossy(&answer);
    let excerpt = crate::error::excerpt(text.trim(), KEPT_ERROR);
    failed(Some(status.as_u16()), started, format!("HTTP {}: {excerpt}", status.as_u16()))
}

fn failed(status: Option<u16>, started: Instant, error: String) -> Outcome {
    Outcome { ok: false, status, duration: started.elapsed(), error: Some(error) }
}

/// A short cause, without the URL (it may hold a token in its query).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirects are not followed"
    } else {
        "request failed"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    let detail =
        if cause.is_empty() { String::new() } else { format!(": {}", crate::error::excerpt(&cause, 200)) };
    format!("{kind}{detail}")
}
